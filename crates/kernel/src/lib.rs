//! Shared vocabulary of seforce. Every domain crate depends on this one and on nothing
//! HTTP-shaped: the types here describe *who* acts ([`actor::Actor`]), *when* ([`clock::Clock`]),
//! *why something was refused* ([`rule::RuleViolation`]) and *what is remembered*
//! ([`audit`], [`outbox`]).

pub mod actor;
pub mod audit;
pub mod clock;
pub mod crypto;
pub mod db;
pub mod entity;
pub mod equipment;
pub mod outbox;
pub mod page;
pub mod region;
pub mod role;
pub mod rule;
pub mod state;
pub mod text;
pub mod utc;

pub use actor::{Actor, Subject};
pub use clock::{Clock, FixedClock, SystemClock};
pub use page::{Page, PageRequest};
pub use role::Role;
pub use rule::{FieldError, RuleViolation};
