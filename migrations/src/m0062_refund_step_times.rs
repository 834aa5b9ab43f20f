//! A refund records when each TR-14 step was taken, not only who took it, and who refused it
//! and when: the refund shows its whole trail without the audit log. Refunds written before
//! this step take their times (and their refuser) from the audit rows their steps wrote.

use crate::cols::*;
use ::time::OffsetDateTime;
use ::uuid::Uuid;
use sea_orm::{ConnectionTrait, FromQueryResult};
use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0062_refund_step_times"
    }
}

/// The new columns, and for each the audit action of the step that fills it.
const STEPS: [(&str, &str); 4] = [
    ("department_at", "refund.department_confirm"),
    ("finance_at", "refund.finance_confirm"),
    ("leader_at", "refund.leader_approve"),
    ("rejected_at", "refund.reject"),
];

#[derive(FromQueryResult)]
struct StepTaken {
    object_id: String,
    action: String,
    actor_id: Uuid,
    at: OffsetDateTime,
}

#[sea_orm_migration::async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for (col, _) in STEPS {
            m.alter_table(
                Table::alter()
                    .table(Alias::new("refunds"))
                    .add_column(ts_null(col))
                    .to_owned(),
            )
            .await?;
        }
        m.alter_table(
            Table::alter()
                .table(Alias::new("refunds"))
                .add_column(uuid_null("rejected_by"))
                .to_owned(),
        )
        .await?;
        // Backfill from the audit rows: one select, one update a step taken. Refunds are few
        // (one an enrolment at the most open), so this is quick even on a large archive.
        let db = m.get_connection();
        let taken = StepTaken::find_by_statement(
            db.get_database_backend().build(
                Query::select()
                    .columns(["object_id", "action", "actor_id", "at"].map(Alias::new))
                    .from(Alias::new("audit_log"))
                    .and_where(Expr::col(Alias::new("object_type")).eq("refund"))
                    .and_where(Expr::col(Alias::new("action")).is_in(STEPS.map(|(_, a)| a)))
                    .order_by(Alias::new("at"), Order::Asc),
            ),
        )
        .all(db)
        .await?;
        for t in taken {
            let Ok(id) = t.object_id.parse::<Uuid>() else {
                continue;
            };
            let Some((col, _)) = STEPS.iter().find(|(_, a)| *a == t.action) else {
                continue;
            };
            let mut update = Query::update();
            update
                .table(Alias::new("refunds"))
                .value(Alias::new(*col), t.at)
                .and_where(Expr::col(Alias::new("id")).eq(id))
                .and_where(Expr::col(Alias::new(*col)).is_null());
            if *col == "rejected_at" {
                update.value(Alias::new("rejected_by"), t.actor_id);
            }
            db.execute(&update).await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for col in STEPS.map(|(c, _)| c).into_iter().chain(["rejected_by"]) {
            m.alter_table(
                Table::alter()
                    .table(Alias::new("refunds"))
                    .drop_column(Alias::new(col))
                    .to_owned(),
            )
            .await?;
        }
        Ok(())
    }
}
