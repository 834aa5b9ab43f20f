//! Course materials as stored files, and the accident-case library linked to courses (TR-01,
//! TR-03).

use crate::cols::*;
use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0015_materials_cases"
    }
}

#[sea_orm_migration::async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Alias::new("course_materials"))
                .col(id("id"))
                .col(uuid("course_id"))
                .col(text("title"))
                .col(text("content_type"))
                .col(big("size"))
                .col(text("stored_as"))
                .col(uuid("added_by"))
                .col(ts("added_at"))
                .foreign_key(&mut fk("course_materials", "course_id", "courses"))
                .to_owned(),
        )
        .await?;
        m.create_index(index("course_materials", &["course_id"], false))
            .await?;
        m.create_table(
            Table::create()
                .table(Alias::new("accident_cases"))
                .col(id("id"))
                .col(uuid("association_id"))
                .col(text("title"))
                .col(date("occurred_on"))
                .col(text("equipment_category"))
                .col(ColumnDef::new(Alias::new("summary")).text().not_null())
                .col(ColumnDef::new(Alias::new("lessons")).text().not_null())
                .col(uuid("created_by"))
                .col(ts("created_at"))
                .foreign_key(&mut fk("accident_cases", "association_id", "organizations"))
                .to_owned(),
        )
        .await?;
        m.create_index(index("accident_cases", &["association_id"], false))
            .await?;
        m.create_table(
            Table::create()
                .table(Alias::new("accident_case_courses"))
                .col(id("id"))
                .col(uuid("case_id"))
                .col(uuid("course_id"))
                .foreign_key(&mut fk(
                    "accident_case_courses",
                    "case_id",
                    "accident_cases",
                ))
                .foreign_key(&mut fk("accident_case_courses", "course_id", "courses"))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "accident_case_courses",
            &["case_id", "course_id"],
            true,
        ))
        .await?;
        m.create_index(index("accident_case_courses", &["course_id"], false))
            .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in [
            "accident_case_courses",
            "accident_cases",
            "course_materials",
        ] {
            m.drop_table(Table::drop().table(Alias::new(t)).to_owned())
                .await?;
        }
        Ok(())
    }
}
