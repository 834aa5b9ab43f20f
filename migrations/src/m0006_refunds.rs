//! Refunds (TR-12..TR-15): a per-enrolment ledger of what was paid and refunded, and refund
//! requests that walk the five steps.

use crate::cols::*;
use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0006_refunds"
    }
}

fn money(name: &str) -> ColumnDef {
    ColumnDef::new(Alias::new(name))
        .big_integer()
        .not_null()
        .default(0)
        .to_owned()
}

#[sea_orm_migration::async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // Two statements: SQLite alters one column at a time.
        for col in ["paid_total", "refunded_total"] {
            m.alter_table(
                Table::alter()
                    .table(Alias::new("enrolments"))
                    .add_column(money(col))
                    .to_owned(),
            )
            .await?;
        }
        m.create_table(
            Table::create()
                .table(Alias::new("refunds"))
                .col(id("id"))
                .col(uuid("enrolment_id"))
                .col(text("ground"))
                .col(text("reason"))
                .col(big("training_fee"))
                .col(big("exam_fee"))
                .col(text("status"))
                // Equals enrolment_id while the refund is open, NULL once closed: a unique
                // index on it allows one open refund per enrolment on both databases.
                .col(uuid_null("open_for"))
                .col(uuid("requested_by"))
                .col(ts("requested_at"))
                .col(uuid_null("department_by"))
                .col(uuid_null("finance_by"))
                .col(uuid_null("leader_by"))
                .col(uuid_null("paid_by"))
                .col(ts_null("paid_at"))
                .col(text_null("payout_reference"))
                .col(int("version"))
                .foreign_key(&mut fk("refunds", "enrolment_id", "enrolments"))
                .to_owned(),
        )
        .await?;
        m.create_index(index("refunds", &["enrolment_id"], false))
            .await?;
        m.create_index(index("refunds", &["open_for"], true))
            .await?;
        m.create_index(index("refunds", &["status"], false)).await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(Alias::new("refunds")).to_owned())
            .await?;
        for col in ["paid_total", "refunded_total"] {
            m.alter_table(
                Table::alter()
                    .table(Alias::new("enrolments"))
                    .drop_column(Alias::new(col))
                    .to_owned(),
            )
            .await?;
        }
        Ok(())
    }
}
