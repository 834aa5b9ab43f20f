//! The login throttle (decision 72): counters per account, per client address and per
//! account-and-address pair, shared by every server process. Replaces the append-only
//! `login_failures` log, which grew by one row per guess.

use crate::cols::*;
use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0046_login_throttle"
    }
}

#[sea_orm_migration::async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Alias::new("login_throttle"))
                .col(
                    ColumnDef::new(Alias::new("key"))
                        .string()
                        .not_null()
                        .primary_key(),
                )
                .col(text("kind"))
                .col(text("login"))
                .col(text("client_addr"))
                .col(ts("window_start"))
                .col(int("failures"))
                .col(int("failed"))
                .col(int("refused"))
                .col(ts_null("next_at"))
                .to_owned(),
        )
        .await?;
        m.create_index(index("login_throttle", &["window_start"], false))
            .await?;
        m.drop_table(Table::drop().table(Alias::new("login_failures")).to_owned())
            .await?;
        Ok(())
    }

    /// Back to the failure log m0003 made (empty: the counters do not translate into it).
    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(Alias::new("login_throttle")).to_owned())
            .await?;
        m.create_table(
            Table::create()
                .table(Alias::new("login_failures"))
                .col(id("id"))
                .col(text("login"))
                .col(text("client_addr"))
                .col(ts("at"))
                .to_owned(),
        )
        .await?;
        m.create_index(index("login_failures", &["login", "at"], false))
            .await?;
        m.create_index(index("login_failures", &["client_addr", "at"], false))
            .await?;
        Ok(())
    }
}
