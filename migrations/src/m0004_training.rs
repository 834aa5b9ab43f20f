//! Training: courses, classes, enrolments, payments, deferral and substitution requests.

use crate::cols::*;
use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0004_training"
    }
}

#[sea_orm_migration::async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Alias::new("courses"))
                .col(id("id"))
                .col(uuid("association_id"))
                .col(text("name"))
                .col(text("subject_kind"))
                .col(text("topic"))
                .col(text("equipment_categories"))
                .col(text("delivery"))
                .col(int("theory_hours"))
                .col(int("practical_hours"))
                .col(ts("created_at"))
                .foreign_key(&mut fk("courses", "association_id", "organizations"))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(Alias::new("classes"))
                .col(id("id"))
                .col(uuid("association_id"))
                .col(uuid("course_id"))
                .col(text("name"))
                .col(ts("starts_at"))
                .col(ts("ends_at"))
                .col(text_null("venue"))
                .col(text_null("online_link"))
                .col(int("capacity"))
                .col(int("seats_taken"))
                .col(big("training_fee"))
                .col(big("exam_fee"))
                .col(text("status"))
                .col(ts("created_at"))
                .foreign_key(&mut fk("classes", "association_id", "organizations"))
                .foreign_key(&mut fk("classes", "course_id", "courses"))
                .to_owned(),
        )
        .await?;
        m.create_index(index("classes", &["association_id", "starts_at"], false))
            .await?;
        m.create_table(
            Table::create()
                .table(Alias::new("enrolments"))
                .col(id("id"))
                .col(uuid("class_id"))
                .col(uuid("person_id"))
                .col(uuid_null("enterprise_id"))
                .col(text("status"))
                .col(uuid_null("submitted_by"))
                .col(uuid_null("approved_by"))
                .col(uuid_null("confirmed_by"))
                .col(int("version"))
                .col(ts("created_at"))
                .col(ts("updated_at"))
                .foreign_key(&mut fk("enrolments", "class_id", "classes"))
                .foreign_key(&mut fk("enrolments", "person_id", "persons"))
                .to_owned(),
        )
        .await?;
        m.create_index(index("enrolments", &["class_id", "person_id"], true))
            .await?;
        m.create_index(index("enrolments", &["person_id"], false))
            .await?;
        m.create_table(
            Table::create()
                .table(Alias::new("payments"))
                .col(id("id"))
                .col(uuid("enrolment_id"))
                .col(big("training_fee"))
                .col(big("exam_fee"))
                .col(text("payer"))
                .col(text("method"))
                .col(text("receipt_no"))
                .col(uuid("recorded_by"))
                .col(ts("at"))
                .foreign_key(&mut fk("payments", "enrolment_id", "enrolments"))
                .to_owned(),
        )
        .await?;
        m.create_index(index("payments", &["enrolment_id"], true))
            .await?;
        m.create_index(index("payments", &["receipt_no"], true))
            .await?;
        m.create_table(
            Table::create()
                .table(Alias::new("enrolment_requests"))
                .col(id("id"))
                .col(uuid("enrolment_id"))
                .col(text("kind"))
                .col(uuid_null("new_person_id"))
                .col(text("reason"))
                .col(text("status"))
                .col(uuid("requested_by"))
                .col(ts("requested_at"))
                .col(uuid_null("decided_by"))
                .col(uuid_null("target_class_id"))
                .foreign_key(&mut fk("enrolment_requests", "enrolment_id", "enrolments"))
                .to_owned(),
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in [
            "enrolment_requests",
            "payments",
            "enrolments",
            "classes",
            "courses",
        ] {
            m.drop_table(Table::drop().table(Alias::new(t)).to_owned())
                .await?;
        }
        Ok(())
    }
}
