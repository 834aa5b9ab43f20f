//! Shared vocabulary of seforce. Every domain crate depends on this one and on nothing
//! HTTP-shaped: the types here describe *who* acts ([`actor::Actor`]), *when* ([`clock::Clock`]),
//! *why something was refused* ([`refusal::Refusal`]) and *what is remembered*
//! ([`audit`], [`outbox`]).

pub mod actor;
pub mod audit;
pub mod clock;
pub mod crypto;
pub mod db;
pub mod entity;
pub mod equipment;
pub mod message;
pub mod money;
pub mod outbox;
pub mod page;
pub mod refusal;
pub mod region;
pub mod role;
pub mod rule;
pub mod state;
pub mod text;
pub mod utc;

pub use actor::{Actor, Subject};
pub use clock::{Clock, FixedClock, SystemClock};
pub use page::{Page, PageRequest};
pub use refusal::{Message, Noun, Refusal};
pub use role::Role;
pub use rule::{FieldError, RuleViolation};
