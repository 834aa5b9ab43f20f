//! Refresh tokens, API clients and failed-login records.

use crate::cols::*;
use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0003_auth"
    }
}

#[sea_orm_migration::async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Alias::new("refresh_tokens"))
                .col(id("id"))
                .col(uuid("user_id"))
                .col(uuid("family_id"))
                .col(text("token_hash"))
                .col(ts("expires_at"))
                .col(ts_null("used_at"))
                .col(ts_null("revoked_at"))
                .col(ts("created_at"))
                .foreign_key(&mut fk("refresh_tokens", "user_id", "users"))
                .to_owned(),
        )
        .await?;
        m.create_index(index("refresh_tokens", &["token_hash"], true))
            .await?;
        m.create_index(index("refresh_tokens", &["family_id"], false))
            .await?;
        m.create_index(index("refresh_tokens", &["user_id"], false))
            .await?;
        m.create_table(
            Table::create()
                .table(Alias::new("api_clients"))
                .col(id("id"))
                .col(text("client_id"))
                .col(text("secret_hash"))
                .col(text("name"))
                .col(uuid("organization_id"))
                .col(text("scopes"))
                .col(text("status"))
                .col(ts("created_at"))
                .foreign_key(&mut fk("api_clients", "organization_id", "organizations"))
                .to_owned(),
        )
        .await?;
        m.create_index(index("api_clients", &["client_id"], true))
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

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in ["login_failures", "api_clients", "refresh_tokens"] {
            m.drop_table(Table::drop().table(Alias::new(t)).to_owned())
                .await?;
        }
        Ok(())
    }
}
