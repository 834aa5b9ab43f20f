//! The CR-04 blacklist: persons who gave false education or student-status data; no
//! registration is accepted from them for five years.

use crate::cols::*;
use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0007_blacklist"
    }
}

#[sea_orm_migration::async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Alias::new("blacklist_entries"))
                .col(id("id"))
                .col(uuid("association_id"))
                .col(uuid_null("person_id"))
                .col(text("name"))
                .col(text("national_id_hash"))
                .col(text("national_id_masked"))
                .col(text("reason"))
                .col(date("listed_on"))
                .col(date("expires_on"))
                .col(ts_null("lifted_at"))
                .col(uuid("created_by"))
                .col(ts("created_at"))
                .foreign_key(&mut fk(
                    "blacklist_entries",
                    "association_id",
                    "organizations",
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(index("blacklist_entries", &["national_id_hash"], false))
            .await?;
        m.create_index(index(
            "blacklist_entries",
            &["association_id", "listed_on"],
            false,
        ))
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(
            Table::drop()
                .table(Alias::new("blacklist_entries"))
                .to_owned(),
        )
        .await
    }
}
