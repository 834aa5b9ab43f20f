//! Tables the directory owns. No other crate writes them.

pub mod api_client;
pub mod login_throttle;
pub mod membership;
pub mod organization;
pub mod person;
pub mod person_relation;
pub mod qualification;
pub mod refresh_token;
pub mod sanction;
pub mod user;
