//! Background jobs (decision 140): `jobs`, one row per job with its lease and progress, and
//! `job_inputs`, the uploaded file a job reads until it ends.

use crate::cols::*;
use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0055_jobs"
    }
}

#[sea_orm_migration::async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Alias::new("jobs"))
                .col(id("id"))
                .col(text("kind"))
                .col(text("state"))
                .col(uuid_null("organization_id"))
                .col(uuid_null("submitted_by"))
                .col(json("payload"))
                .col(ts("run_at"))
                .col(uuid_null("claim"))
                .col(text_null("held_by"))
                .col(ts_null("lease_until"))
                .col(int("attempts"))
                .col(big("rows_checked"))
                .col(big("rows_written"))
                .col(ColumnDef::new(Alias::new("report")).json().null())
                .col(ColumnDef::new(Alias::new("error")).json().null())
                .col(ts("submitted_at"))
                .col(ts_null("started_at"))
                .col(ts_null("finished_at"))
                .to_owned(),
        )
        .await?;
        // The runners' look for due work: queued by time, running by lease.
        m.create_index(index("jobs", &["state", "run_at"], false))
            .await?;
        m.create_index(index("jobs", &["state", "lease_until"], false))
            .await?;
        m.create_table(
            Table::create()
                .table(Alias::new("job_inputs"))
                .col(
                    ColumnDef::new(Alias::new("job_id"))
                        .uuid()
                        .not_null()
                        .primary_key(),
                )
                .col(ColumnDef::new(Alias::new("content")).blob().not_null())
                .foreign_key(
                    fk("job_inputs", "job_id", "jobs").on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(Alias::new("job_inputs")).to_owned())
            .await?;
        m.drop_table(Table::drop().table(Alias::new("jobs")).to_owned())
            .await?;
        Ok(())
    }
}
