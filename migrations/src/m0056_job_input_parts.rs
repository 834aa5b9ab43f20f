//! The file a job reads, in parts (issue 15): `job_input_parts` replaces `job_inputs`, so that
//! an upload is stored part by part as it arrives and read back the same way, and no process
//! holds a whole 15 MB sheet (nor the database driver a copy of it) at once. Inputs of jobs
//! not yet ended move over as part 0.

use crate::cols::*;
use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0056_job_input_parts"
    }
}

#[sea_orm_migration::async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Alias::new("job_input_parts"))
                .col(ColumnDef::new(Alias::new("job_id")).uuid().not_null())
                .col(ColumnDef::new(Alias::new("part")).integer().not_null())
                .col(ColumnDef::new(Alias::new("content")).blob().not_null())
                .primary_key(
                    Index::create()
                        .col(Alias::new("job_id"))
                        .col(Alias::new("part")),
                )
                .foreign_key(
                    fk("job_input_parts", "job_id", "jobs").on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.get_connection()
            .execute_unprepared(
                "INSERT INTO job_input_parts (job_id, part, content) \
                 SELECT job_id, 0, content FROM job_inputs",
            )
            .await?;
        m.drop_table(Table::drop().table(Alias::new("job_inputs")).to_owned())
            .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
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
        m.drop_table(
            Table::drop()
                .table(Alias::new("job_input_parts"))
                .to_owned(),
        )
        .await?;
        Ok(())
    }
}
