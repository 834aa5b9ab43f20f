use crate::model::{ArchiveKind, ArchiveSource};
use sea_orm::entity::prelude::*;

/// One stored archive item of a class.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "archive_items")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub class_id: Uuid,
    /// One of the six TR-18 items.
    pub kind: ArchiveKind,
    pub source: ArchiveSource,
    pub file_name: String,
    pub content_type: String,
    pub size: i64,
    /// Path relative to the data directory.
    pub stored_as: String,
    pub added_by: Uuid,
    pub added_at: TimeDateTimeWithTimeZone,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
