//! The annual training plan (TR-06) with its fee publicity, and the classes it lists.

use crate::cols::*;
use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0009_plans"
    }
}

#[sea_orm_migration::async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Alias::new("training_plans"))
                .col(id("id"))
                .col(uuid("association_id"))
                .col(int("year"))
                .col(text("title"))
                .col(json("fees"))
                .col(text("complaint_phone"))
                .col(text("status"))
                .col(uuid("drafted_by"))
                .col(ts("drafted_at"))
                .col(ts_null("published_at"))
                .col(int("version"))
                .foreign_key(&mut fk("training_plans", "association_id", "organizations"))
                .to_owned(),
        )
        .await?;
        // One plan per association and year.
        m.create_index(index("training_plans", &["association_id", "year"], true))
            .await?;
        m.create_table(
            Table::create()
                .table(Alias::new("plan_classes"))
                .col(id("id"))
                .col(uuid("plan_id"))
                .col(uuid("class_id"))
                .col(uuid("added_by"))
                .col(ts("added_at"))
                .foreign_key(&mut fk("plan_classes", "plan_id", "training_plans"))
                .foreign_key(&mut fk("plan_classes", "class_id", "classes"))
                .to_owned(),
        )
        .await?;
        // A class belongs to at most one plan.
        m.create_index(index("plan_classes", &["class_id"], true))
            .await?;
        m.create_index(index("plan_classes", &["plan_id"], false))
            .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(Alias::new("plan_classes")).to_owned())
            .await?;
        m.drop_table(Table::drop().table(Alias::new("training_plans")).to_owned())
            .await
    }
}
