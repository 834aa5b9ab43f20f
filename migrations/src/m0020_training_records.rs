//! Training records the audit found missing.
//! - TR-03: a person's progress through an online unit remembers when they started it, so that
//!   the progress reported can be bounded by the time that has passed on the server's clock.
//!   Rows from before this step have no start; the service reads one from what they hold (see
//!   `training::study`).
//! - TR-19: a class session is theory or practical (existing sessions are theory), and each
//!   trainee's practical session has one practical record: instrument or equipment used, the
//!   process, the result and optionally an uploaded answer sheet.

use crate::cols::*;
use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0020_training_records"
    }
}

#[sea_orm_migration::async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(Alias::new("unit_progress"))
                .add_column(ts_null("started_at"))
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(Alias::new("class_sessions"))
                .add_column(
                    ColumnDef::new(Alias::new("kind"))
                        .string()
                        .not_null()
                        .default("theory"),
                )
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(Alias::new("practical_records"))
                .col(id("id"))
                .col(uuid("class_id"))
                .col(uuid("session_id"))
                .col(uuid("enrolment_id"))
                .col(uuid("person_id"))
                .col(text("instrument"))
                .col(text("process"))
                .col(text("result"))
                .col(text_null("answer_sheet_type"))
                .col(text_null("answer_sheet_stored_as"))
                .col(uuid("recorded_by"))
                .col(ts("recorded_at"))
                .col(ts("updated_at"))
                .foreign_key(&mut fk("practical_records", "class_id", "classes"))
                .foreign_key(&mut fk("practical_records", "session_id", "class_sessions"))
                .foreign_key(&mut fk("practical_records", "enrolment_id", "enrolments"))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "practical_records",
            &["session_id", "enrolment_id"],
            true,
        ))
        .await?;
        m.create_index(index("practical_records", &["class_id"], false))
            .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(
            Table::drop()
                .table(Alias::new("practical_records"))
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(Alias::new("class_sessions"))
                .drop_column(Alias::new("kind"))
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(Alias::new("unit_progress"))
                .drop_column(Alias::new("started_at"))
                .to_owned(),
        )
        .await
    }
}
