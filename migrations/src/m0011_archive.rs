//! The class archive (TR-18): results entered per trainee, the day results came out, the six
//! archive items as stored files, and the working-day calendar deadlines are counted in.

use crate::cols::*;
use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0011_archive"
    }
}

#[sea_orm_migration::async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Alias::new("calendar_days"))
                .col(id("id"))
                .col(text("scope"))
                .col(date("day"))
                .col(text("kind"))
                .col(text("name"))
                .col(uuid("created_by"))
                .col(ts("created_at"))
                .to_owned(),
        )
        .await?;
        // One entry per day and scope ("platform" or an association id).
        m.create_index(index("calendar_days", &["scope", "day"], true))
            .await?;
        m.create_table(
            Table::create()
                .table(Alias::new("class_results"))
                .col(id("id"))
                .col(uuid("class_id"))
                .col(uuid("enrolment_id"))
                .col(uuid("person_id"))
                .col(int("score"))
                .col(text("outcome"))
                .col(uuid("recorded_by"))
                .col(ts("recorded_at"))
                .foreign_key(&mut fk("class_results", "class_id", "classes"))
                .foreign_key(&mut fk("class_results", "enrolment_id", "enrolments"))
                .to_owned(),
        )
        .await?;
        m.create_index(index("class_results", &["enrolment_id"], true))
            .await?;
        m.create_index(index("class_results", &["class_id"], false))
            .await?;
        m.create_index(index("class_results", &["person_id"], false))
            .await?;
        m.create_table(
            Table::create()
                .table(Alias::new("class_archives"))
                .col(id("class_id"))
                .col(date("results_out_on"))
                .col(uuid("released_by"))
                .col(ts("released_at"))
                .foreign_key(&mut fk("class_archives", "class_id", "classes"))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(Alias::new("archive_items"))
                .col(id("id"))
                .col(uuid("class_id"))
                .col(text("kind"))
                .col(text("source"))
                .col(text("file_name"))
                .col(text("content_type"))
                .col(big("size"))
                .col(text("stored_as"))
                .col(uuid("added_by"))
                .col(ts("added_at"))
                .foreign_key(&mut fk("archive_items", "class_id", "classes"))
                .to_owned(),
        )
        .await?;
        m.create_index(index("archive_items", &["class_id", "kind"], true))
            .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in [
            "archive_items",
            "class_archives",
            "class_results",
            "calendar_days",
        ] {
            m.drop_table(Table::drop().table(Alias::new(t)).to_owned())
                .await?;
        }
        Ok(())
    }
}
