//! TR-14: a refused refund keeps the reason it was refused for, so that the requester sees it
//! beside the refund (until now it stood only in the audit log).

use crate::cols::*;
use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0017_refund_rejection_reason"
    }
}

#[sea_orm_migration::async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(Alias::new("refunds"))
                .add_column(text_null("rejection_reason"))
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(Alias::new("refunds"))
                .drop_column(Alias::new("rejection_reason"))
                .to_owned(),
        )
        .await
    }
}
