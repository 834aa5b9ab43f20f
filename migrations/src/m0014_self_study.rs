//! Online self-study (TR-03): a course's online units in order, and each person's progress
//! through them (seconds watched, the moment a unit was completed).

use crate::cols::*;
use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0014_self_study"
    }
}

#[sea_orm_migration::async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Alias::new("course_units"))
                .col(id("id"))
                .col(uuid("course_id"))
                .col(text("title"))
                .col(int("duration_minutes"))
                .col(int("position"))
                .col(uuid("created_by"))
                .col(ts("created_at"))
                .foreign_key(&mut fk("course_units", "course_id", "courses"))
                .to_owned(),
        )
        .await?;
        m.create_index(index("course_units", &["course_id", "position"], true))
            .await?;
        m.create_table(
            Table::create()
                .table(Alias::new("unit_progress"))
                .col(id("id"))
                .col(uuid("unit_id"))
                .col(uuid("person_id"))
                .col(int("seconds_watched"))
                .col(ts_null("completed_at"))
                .col(ts("updated_at"))
                .foreign_key(&mut fk("unit_progress", "unit_id", "course_units"))
                .foreign_key(&mut fk("unit_progress", "person_id", "persons"))
                .to_owned(),
        )
        .await?;
        m.create_index(index("unit_progress", &["unit_id", "person_id"], true))
            .await?;
        m.create_index(index("unit_progress", &["person_id"], false))
            .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(Alias::new("unit_progress")).to_owned())
            .await?;
        m.drop_table(Table::drop().table(Alias::new("course_units")).to_owned())
            .await
    }
}
