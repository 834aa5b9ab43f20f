//! TR-03: a person's progress through an online unit remembers when they started it, so that
//! the progress reported can be bounded by the time that has passed on the server's clock.
//! Rows from before this step have no start; the service reads one from what they hold (see
//! `training::study`).

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
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(Alias::new("unit_progress"))
                .drop_column(Alias::new("started_at"))
                .to_owned(),
        )
        .await
    }
}
