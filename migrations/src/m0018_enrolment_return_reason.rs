//! TR-07, TR-08: a returned enrolment keeps the reason the training manager gave, so that the
//! officer sees what to mend before resubmitting it (cleared on resubmission).

use crate::cols::*;
use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0018_enrolment_return_reason"
    }
}

#[sea_orm_migration::async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(Alias::new("enrolments"))
                .add_column(text_null("return_reason"))
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(Alias::new("enrolments"))
                .drop_column(Alias::new("return_reason"))
                .to_owned(),
        )
        .await
    }
}
