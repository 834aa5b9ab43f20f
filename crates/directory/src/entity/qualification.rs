use crate::model::QualificationKind;
use sea_orm::entity::prelude::*;

/// A certificate or letter a person holds (EX-08; later PL-05): valid from `valid_from` to
/// `valid_until`, both days included, unless revoked.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "qualifications")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub person_id: Uuid,
    pub kind: QualificationKind,
    /// The certificate's or letter's number as printed on it.
    pub number: String,
    /// Who issued it (e.g. 中国计量测试学会).
    pub issuer: String,
    /// The first valid day.
    pub valid_from: TimeDate,
    /// The last valid day, inclusive: a certificate "valid until 2027-06-30" counts on that day.
    pub valid_until: TimeDate,
    /// The scanned document in the file store, if any.
    pub document_file_id: Option<Uuid>,
    pub recorded_by: Uuid,
    pub recorded_at: TimeDateTimeWithTimeZone,
    /// Set when the qualification is revoked; a revoked one counts on no day.
    pub revoked_at: Option<TimeDateTimeWithTimeZone>,
    pub revoked_by: Option<Uuid>,
    pub revoke_reason: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
