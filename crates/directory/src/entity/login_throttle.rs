use crate::model::ThrottleKind;
use sea_orm::entity::prelude::*;

/// One counter of the login throttle: for an account, a client address or an
/// account-and-address pair ([`ThrottleKind`]), within a window that starts at the first
/// attempt and lasts `AuthConfig::throttle.window`.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "login_throttle")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub key: String,
    pub kind: ThrottleKind,
    /// The login (empty for an address counter).
    pub login: String,
    /// The client address (empty for an account counter).
    pub client_addr: String,
    pub window_start: TimeDateTimeWithTimeZone,
    /// Checks counted against the limits: failed ones and ones in flight. A pair's count goes
    /// back to 0 when its login succeeds; the others give back the successful check.
    pub failures: i32,
    /// Failed checks in the window, for the aggregate audit row.
    pub failed: i32,
    /// Attempts refused without a check, for the aggregate audit row.
    pub refused: i32,
    /// A pair: no check before this instant (the exponential delay). An account over its
    /// ceiling: the owner's lane opens again at this instant.
    pub next_at: Option<TimeDateTimeWithTimeZone>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
