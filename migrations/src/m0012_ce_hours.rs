//! Continuing-education hours recorded by hand (CE-03): online study and association sessions
//! on new policy, regulation or technique. Completed classes count without a row here.

use crate::cols::*;
use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0012_ce_hours"
    }
}

#[sea_orm_migration::async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Alias::new("ce_entries"))
                .col(id("id"))
                .col(uuid("person_id"))
                .col(uuid("association_id"))
                .col(text("source"))
                .col(text_null("topic"))
                .col(text("title"))
                .col(int("hours"))
                .col(date("held_on"))
                .col(uuid("recorded_by"))
                .col(ts("recorded_at"))
                .foreign_key(&mut fk("ce_entries", "person_id", "persons"))
                .to_owned(),
        )
        .await?;
        m.create_index(index("ce_entries", &["person_id", "held_on"], false))
            .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(Alias::new("ce_entries")).to_owned())
            .await
    }
}
