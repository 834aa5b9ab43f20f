//! Audit chain, outbox and idempotency records.

use crate::cols::*;
use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0001_kernel"
    }
}

#[sea_orm_migration::async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Alias::new("audit_head"))
                .col(
                    ColumnDef::new(Alias::new("id"))
                        .integer()
                        .not_null()
                        .primary_key(),
                )
                .col(big("seq"))
                .col(text("last_hash"))
                .to_owned(),
        )
        .await?;
        let genesis = "0".repeat(64);
        m.exec_stmt(
            Query::insert()
                .into_table(Alias::new("audit_head"))
                .columns([Alias::new("id"), Alias::new("seq"), Alias::new("last_hash")])
                .values_panic([1.into(), 0i64.into(), genesis.into()])
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(Alias::new("audit_log"))
                .col(id("id"))
                .col(big("seq"))
                .col(ts("at"))
                .col(uuid("actor_id"))
                .col(text("action"))
                .col(text("object_type"))
                .col(text("object_id"))
                .col(uuid_null("organization_id"))
                .col(json("change"))
                .col(text("digest"))
                .col(text("prev_hash"))
                .col(text("hash"))
                .to_owned(),
        )
        .await?;
        m.create_index(index("audit_log", &["seq"], true)).await?;
        m.create_index(index("audit_log", &["organization_id", "seq"], false))
            .await?;
        m.create_index(index("audit_log", &["object_type", "object_id"], false))
            .await?;
        m.create_table(
            Table::create()
                .table(Alias::new("outbox"))
                .col(id("id"))
                .col(text("topic"))
                .col(json("payload"))
                .col(ts("created_at"))
                .col(int("attempts"))
                .col(ts_null("claimed_until"))
                .col(ts_null("delivered_at"))
                .col(text_null("last_error"))
                .to_owned(),
        )
        .await?;
        m.create_index(index("outbox", &["delivered_at", "id"], false))
            .await?;
        m.create_table(
            Table::create()
                .table(Alias::new("idempotency_keys"))
                .col(id("id"))
                .col(uuid("actor_id"))
                .col(text("key"))
                .col(text("request_hash"))
                .col(int("status_code"))
                .col(ColumnDef::new(Alias::new("response_body")).text().null())
                .col(text_null("content_type"))
                .col(ts("created_at"))
                .to_owned(),
        )
        .await?;
        m.create_index(index("idempotency_keys", &["actor_id", "key"], true))
            .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in ["idempotency_keys", "outbox", "audit_log", "audit_head"] {
            m.drop_table(Table::drop().table(Alias::new(t)).to_owned())
                .await?;
        }
        Ok(())
    }
}
