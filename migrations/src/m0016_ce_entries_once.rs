//! CE-03 counts a piece of study once: the same hand-recorded entry (person, source, title,
//! day) cannot be stored twice, also when two clerks record it at the same moment.

use crate::cols::*;
use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0016_ce_entries_once"
    }
}

#[sea_orm_migration::async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_index(index(
            "ce_entries",
            &["person_id", "source", "title", "held_on"],
            true,
        ))
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_index(
            Index::drop()
                .name("ix_ce_entries_person_id_source_title_held_on")
                .table(Alias::new("ce_entries"))
                .to_owned(),
        )
        .await
    }
}
