use crate::model::{EducationLevel, Gender, SocialInsurance, TitleLevel};
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "persons")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub name: String,
    pub gender: Gender,
    pub birth_date: TimeDate,
    /// AES-GCM ciphertext of the national ID number.
    pub national_id_enc: String,
    /// HMAC blind index of the number, unique.
    pub national_id_hash: String,
    pub national_id_masked: String,
    pub education_level: Option<EducationLevel>,
    pub school: Option<String>,
    pub education_certificate_no: Option<String>,
    pub title: Option<String>,
    pub title_level: Option<TitleLevel>,
    pub employer_id: Uuid,
    pub post: Option<String>,
    pub post_since: Option<TimeDate>,
    pub social_insurance: Option<SocialInsurance>,
    pub user_id: Option<Uuid>,
    pub version: i32,
    pub created_at: TimeDateTimeWithTimeZone,
    pub updated_at: TimeDateTimeWithTimeZone,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
