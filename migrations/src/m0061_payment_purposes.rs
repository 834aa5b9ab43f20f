//! The fee ledger holds more than the enrolment's own fee (EX-02): a retake's new exam fee is a
//! second payment of the same enrolment, for one exam sitting. `purpose` tells them apart
//! (`enrolment`, `exam_retake`); `sitting_id` names the sitting a retake fee is for (exams'
//! id: training keeps it as a reference, as exams sits above training). The one-payment-per-
//! enrolment index becomes one enrolment fee per enrolment and one retake fee per sitting;
//! a plain index on `enrolment_id` (`ix_payments_enrolment`) serves the reads by enrolment. An exam candidate keeps
//! the ledger row its retake fee was recorded as.

use crate::cols::*;
use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0061_payment_purposes"
    }
}

#[sea_orm_migration::async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(Alias::new("payments"))
                .add_column(
                    ColumnDef::new(Alias::new("purpose"))
                        .string()
                        .not_null()
                        .default("enrolment")
                        .to_owned(),
                )
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(Alias::new("payments"))
                .add_column(uuid_null("sitting_id"))
                .to_owned(),
        )
        .await?;
        // Plain SQL: the same statements on SQLite and PostgreSQL (partial indexes included).
        let db = m.get_connection();
        db.execute_unprepared("DROP INDEX ix_payments_enrolment_id")
            .await?;
        db.execute_unprepared("CREATE INDEX ix_payments_enrolment ON payments (enrolment_id)")
            .await?;
        db.execute_unprepared(
            "CREATE UNIQUE INDEX ux_payments_enrolment_fee ON payments (enrolment_id) \
             WHERE purpose = 'enrolment'",
        )
        .await?;
        db.execute_unprepared(
            "CREATE UNIQUE INDEX ux_payments_retake_fee ON payments (enrolment_id, sitting_id) \
             WHERE purpose = 'exam_retake'",
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(Alias::new("exam_candidates"))
                .add_column(uuid_null("fee_payment_id"))
                .to_owned(),
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let db = m.get_connection();
        db.execute_unprepared("DROP INDEX ux_payments_retake_fee")
            .await?;
        db.execute_unprepared("DROP INDEX ux_payments_enrolment_fee")
            .await?;
        db.execute_unprepared("DELETE FROM payments WHERE purpose <> 'enrolment'")
            .await?;
        db.execute_unprepared("DROP INDEX ix_payments_enrolment")
            .await?;
        db.execute_unprepared(
            "CREATE UNIQUE INDEX ix_payments_enrolment_id ON payments (enrolment_id)",
        )
        .await?;
        for (table, col) in [
            ("exam_candidates", "fee_payment_id"),
            ("payments", "sitting_id"),
            ("payments", "purpose"),
        ] {
            m.alter_table(
                Table::alter()
                    .table(Alias::new(table))
                    .drop_column(Alias::new(col))
                    .to_owned(),
            )
            .await?;
        }
        Ok(())
    }
}
