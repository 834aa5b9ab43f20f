//! A replayed idempotent response carries the `ETag` of the first one: a client that retries
//! a create learns the version it needs for its next `If-Match` either way.

use crate::cols::*;
use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0040_idempotency_etag"
    }
}

#[sea_orm_migration::async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(Alias::new("idempotency_keys"))
                .add_column(text_null("etag"))
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(Alias::new("idempotency_keys"))
                .drop_column(Alias::new("etag"))
                .to_owned(),
        )
        .await
    }
}
