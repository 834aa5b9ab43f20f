use sea_orm::entity::prelude::*;

/// One append-only audit row. Writers leave `seq`, `prev_hash` and `hash` empty; the
/// sequencer fills them when it chains the row (see `kernel::audit`).
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "audit_log")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    #[sea_orm(unique)]
    pub seq: Option<i64>,
    pub at: TimeDateTimeWithTimeZone,
    pub actor_id: Uuid,
    pub action: String,
    pub object_type: String,
    pub object_id: String,
    pub organization_id: Option<Uuid>,
    pub change: Json,
    pub digest: String,
    pub prev_hash: Option<String>,
    pub hash: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
