//! The audit chain leaves the write path (decision 70): writers append rows with no chain
//! fields; the sequencer fills `seq`, `prev_hash` and `hash` later, keyed with HMAC-SHA256.
//! The three columns become nullable (NULL = not yet chained) and a partial index finds the
//! unchained rows. Rows chained by the old, unkeyed SHA-256 chain are released to be chained
//! again with the key: an unkeyed hash proved nothing against someone with database access.

use crate::cols::*;
use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DbBackend;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0045_audit_sequencer"
    }
}

#[sea_orm_migration::async_trait::async_trait]
impl MigrationTrait for Migration {
    /// In one transaction on SQLite too: the table is rebuilt, and every statement must run
    /// on one connection that sees the previous one's schema change.
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let db = m.get_connection();
        match m.get_database_backend() {
            DbBackend::Postgres => {
                db.execute_unprepared(
                    "ALTER TABLE audit_log ALTER COLUMN seq DROP NOT NULL, \
                     ALTER COLUMN prev_hash DROP NOT NULL, ALTER COLUMN hash DROP NOT NULL",
                )
                .await?;
                db.execute_unprepared(
                    "UPDATE audit_log SET seq = NULL, prev_hash = NULL, hash = NULL",
                )
                .await?;
            }
            _ => {
                // SQLite cannot drop NOT NULL in place: build the new table and copy.
                m.create_table(
                    Table::create()
                        .table(Alias::new("audit_log_new"))
                        .col(id("id"))
                        .col(ColumnDef::new(Alias::new("seq")).big_integer().null())
                        .col(ts("at"))
                        .col(uuid("actor_id"))
                        .col(text("action"))
                        .col(text("object_type"))
                        .col(text("object_id"))
                        .col(uuid_null("organization_id"))
                        .col(json("change"))
                        .col(text("digest"))
                        .col(text_null("prev_hash"))
                        .col(text_null("hash"))
                        .to_owned(),
                )
                .await?;
                db.execute_unprepared(
                    "INSERT INTO audit_log_new (id, seq, at, actor_id, action, object_type, \
                     object_id, organization_id, change, digest, prev_hash, hash) \
                     SELECT id, NULL, at, actor_id, action, object_type, object_id, \
                     organization_id, change, digest, NULL, NULL FROM audit_log",
                )
                .await?;
                db.execute_unprepared("DROP TABLE audit_log").await?;
                db.execute_unprepared("ALTER TABLE audit_log_new RENAME TO audit_log")
                    .await?;
                m.create_index(index("audit_log", &["seq"], true)).await?;
                m.create_index(index("audit_log", &["organization_id", "seq"], false))
                    .await?;
                m.create_index(index("audit_log", &["object_type", "object_id"], false))
                    .await?;
            }
        }
        db.execute_unprepared(&format!(
            "UPDATE audit_head SET seq = 0, last_hash = '{}' WHERE id = 1",
            "0".repeat(64)
        ))
        .await?;
        // The sequencer's work list: small, because rows leave it within seconds.
        db.execute_unprepared(
            "CREATE INDEX ix_audit_log_unchained ON audit_log (id) WHERE seq IS NULL",
        )
        .await?;
        Ok(())
    }

    async fn down(&self, _m: &SchemaManager) -> Result<(), DbErr> {
        Err(DbErr::Migration(
            "m0045 is one-way: the keyed chain cannot be turned back into the unkeyed one".into(),
        ))
    }
}
