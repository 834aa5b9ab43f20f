//! CR-04: a blacklist entry can be lifted before its five years are over (a listing made in
//! error, or overturned); the entry keeps who lifted it and why.

use crate::cols::*;
use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0021_blacklist_lifting"
    }
}

#[sea_orm_migration::async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite's ALTER TABLE adds a single column at a time.
        m.alter_table(
            Table::alter()
                .table(Alias::new("blacklist_entries"))
                .add_column(text_null("lift_reason"))
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(Alias::new("blacklist_entries"))
                .add_column(uuid_null("lifted_by"))
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for col in ["lifted_by", "lift_reason"] {
            m.alter_table(
                Table::alter()
                    .table(Alias::new("blacklist_entries"))
                    .drop_column(Alias::new(col))
                    .to_owned(),
            )
            .await?;
        }
        Ok(())
    }
}
