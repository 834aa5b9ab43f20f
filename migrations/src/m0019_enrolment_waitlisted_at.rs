//! TR-08, capacity: the waiting list is served first come, first served. `waitlisted_at` is
//! when an enrolment joined its class's list (set when the association confirms it into a full
//! class, or when a waitlisted enrolment moves to another class; cleared when it gets a seat),
//! so the order never depends on a column that other steps also touch. Enrolments already
//! waiting keep the order they had: the instant of their last step.

use crate::cols::*;
use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0019_enrolment_waitlisted_at"
    }
}

#[sea_orm_migration::async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(Alias::new("enrolments"))
                .add_column(ts_null("waitlisted_at"))
                .to_owned(),
        )
        .await?;
        m.exec_stmt(
            Query::update()
                .table(Alias::new("enrolments"))
                .value(
                    Alias::new("waitlisted_at"),
                    Expr::col(Alias::new("updated_at")),
                )
                .and_where(Expr::col(Alias::new("status")).eq("waitlisted"))
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(Alias::new("enrolments"))
                .drop_column(Alias::new("waitlisted_at"))
                .to_owned(),
        )
        .await
    }
}
