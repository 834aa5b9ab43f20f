//! The teacher pool (TR-05, TR-20): council terms as association configuration, teachers with
//! their terms, public dismissal notices, class levels and teacher assignments.

use crate::cols::*;
use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0010_teachers"
    }
}

#[sea_orm_migration::async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Alias::new("council_terms"))
                .col(id("id"))
                .col(uuid("association_id"))
                .col(date("starts_on"))
                .col(date("ends_on"))
                .col(uuid("created_by"))
                .col(ts("created_at"))
                .foreign_key(&mut fk("council_terms", "association_id", "organizations"))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "council_terms",
            &["association_id", "starts_on"],
            true,
        ))
        .await?;
        m.create_table(
            Table::create()
                .table(Alias::new("teachers"))
                .col(id("id"))
                .col(uuid("association_id"))
                .col(uuid("person_id"))
                .col(text("name"))
                .col(text_null("subjects"))
                .col(text("status"))
                .col(date_null("term_starts_on"))
                .col(date_null("term_ends_on"))
                .col(text_null("dismissal_reason"))
                .col(text_null("dismissal_kind"))
                .col(ts_null("dismissed_at"))
                .col(int("version"))
                .col(ts("created_at"))
                .foreign_key(&mut fk("teachers", "association_id", "organizations"))
                .foreign_key(&mut fk("teachers", "person_id", "persons"))
                .to_owned(),
        )
        .await?;
        m.create_index(index("teachers", &["association_id", "person_id"], true))
            .await?;
        m.create_table(
            Table::create()
                .table(Alias::new("teacher_notices"))
                .col(id("id"))
                .col(uuid("association_id"))
                .col(uuid("teacher_id"))
                .col(text("title"))
                .col(text("body"))
                .col(ts("published_at"))
                .foreign_key(&mut fk("teacher_notices", "teacher_id", "teachers"))
                .to_owned(),
        )
        .await?;
        m.create_index(index("teacher_notices", &["association_id"], false))
            .await?;
        m.create_table(
            Table::create()
                .table(Alias::new("class_levels"))
                .col(id("class_id"))
                .col(text("level"))
                .foreign_key(&mut fk("class_levels", "class_id", "classes"))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(Alias::new("class_teachers"))
                .col(id("id"))
                .col(uuid("class_id"))
                .col(uuid("teacher_id"))
                .col(uuid("assigned_by"))
                .col(ts("assigned_at"))
                .foreign_key(&mut fk("class_teachers", "class_id", "classes"))
                .foreign_key(&mut fk("class_teachers", "teacher_id", "teachers"))
                .to_owned(),
        )
        .await?;
        m.create_index(index("class_teachers", &["class_id", "teacher_id"], true))
            .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in [
            "class_teachers",
            "class_levels",
            "teacher_notices",
            "teachers",
            "council_terms",
        ] {
            m.drop_table(Table::drop().table(Alias::new(t)).to_owned())
                .await?;
        }
        Ok(())
    }
}
