//! Class sessions, leave requests and attendance; a head teacher per class.

use crate::cols::*;
use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0005_attendance"
    }
}

#[sea_orm_migration::async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(Alias::new("classes"))
                .add_column(uuid_null("head_teacher_id"))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(Alias::new("class_sessions"))
                .col(id("id"))
                .col(uuid("class_id"))
                .col(ts("starts_at"))
                .col(ts("ends_at"))
                .foreign_key(&mut fk("class_sessions", "class_id", "classes"))
                .to_owned(),
        )
        .await?;
        m.create_index(index("class_sessions", &["class_id", "starts_at"], false))
            .await?;
        m.create_table(
            Table::create()
                .table(Alias::new("leave_requests"))
                .col(id("id"))
                .col(uuid("session_id"))
                .col(uuid("enrolment_id"))
                .col(text("reason"))
                .col(text("status"))
                .col(uuid("requested_by"))
                .col(ts("requested_at"))
                .col(uuid_null("decided_by"))
                .foreign_key(&mut fk("leave_requests", "session_id", "class_sessions"))
                .foreign_key(&mut fk("leave_requests", "enrolment_id", "enrolments"))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "leave_requests",
            &["session_id", "enrolment_id"],
            true,
        ))
        .await?;
        m.create_table(
            Table::create()
                .table(Alias::new("attendance"))
                .col(id("id"))
                .col(uuid("session_id"))
                .col(uuid("enrolment_id"))
                .col(text("status"))
                .col(uuid("marked_by"))
                .col(ts("at"))
                .foreign_key(&mut fk("attendance", "session_id", "class_sessions"))
                .foreign_key(&mut fk("attendance", "enrolment_id", "enrolments"))
                .to_owned(),
        )
        .await?;
        m.create_index(index("attendance", &["session_id", "enrolment_id"], true))
            .await?;
        m.create_index(index("attendance", &["enrolment_id"], false))
            .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in ["attendance", "leave_requests", "class_sessions"] {
            m.drop_table(Table::drop().table(Alias::new(t)).to_owned())
                .await?;
        }
        m.alter_table(
            Table::alter()
                .table(Alias::new("classes"))
                .drop_column(Alias::new("head_teacher_id"))
                .to_owned(),
        )
        .await?;
        Ok(())
    }
}
