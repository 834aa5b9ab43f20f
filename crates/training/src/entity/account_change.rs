use crate::model::AccountChangeStatus;
use sea_orm::entity::prelude::*;

/// A change letter naming an enterprise's training officers and manager (TR-07).
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "account_changes")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub enterprise_id: Uuid,
    pub association_id: Uuid,
    /// JSON array of user ids.
    pub officer_ids: Json,
    pub manager_id: Uuid,
    pub status: AccountChangeStatus,
    /// The enterprise while pending (unique), null after.
    pub open_for: Option<Uuid>,
    pub letter_content_type: Option<String>,
    pub letter_size: Option<i64>,
    /// Path relative to the data directory.
    pub letter_stored_as: Option<String>,
    pub filed_by: Uuid,
    pub filed_at: TimeDateTimeWithTimeZone,
    pub acknowledged_by: Option<Uuid>,
    pub acknowledged_at: Option<TimeDateTimeWithTimeZone>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
