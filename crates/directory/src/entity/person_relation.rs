use crate::model::RelationKind;
use sea_orm::entity::prelude::*;

/// A declared relation between two persons (EX-07). Symmetric: stored once per pair and kind,
/// the smaller id in `person_id`.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "person_relations")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The smaller of the two ids.
    pub person_id: Uuid,
    /// The larger of the two ids.
    pub related_person_id: Uuid,
    pub kind: RelationKind,
    pub note: Option<String>,
    pub declared_by: Uuid,
    pub declared_at: TimeDateTimeWithTimeZone,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
