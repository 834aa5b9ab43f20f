use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "blacklist_entries")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The association that listed the person (its staff and sub-centres see the entry).
    pub association_id: Uuid,
    pub person_id: Option<Uuid>,
    pub name: String,
    /// HMAC blind index of the national ID number: the check works without decrypting anything.
    pub national_id_hash: String,
    pub national_id_masked: String,
    pub reason: String,
    pub listed_on: TimeDate,
    /// First day on which registrations are accepted again (CR-04: five years).
    pub expires_on: TimeDate,
    /// CR-04: set when the listing is lifted before it expires; a lifted entry bars nothing.
    pub lifted_at: Option<TimeDateTimeWithTimeZone>,
    /// Why the listing was lifted (1–500 characters).
    pub lift_reason: Option<String>,
    pub lifted_by: Option<Uuid>,
    pub created_by: Uuid,
    pub created_at: TimeDateTimeWithTimeZone,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
