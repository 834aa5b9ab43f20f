//! Organizations, users, memberships and persons.

use crate::cols::*;
use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0002_directory"
    }
}

#[sea_orm_migration::async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Alias::new("organizations"))
                .col(id("id"))
                .col(text("kind"))
                .col(text("name"))
                .col(text("credit_code"))
                .col(text("region_code"))
                .col(uuid_null("association_id"))
                .col(text("status"))
                .col(int("version"))
                .col(ts("created_at"))
                .col(ts("updated_at"))
                .foreign_key(&mut fk("organizations", "association_id", "organizations"))
                .to_owned(),
        )
        .await?;
        m.create_index(index("organizations", &["credit_code"], true))
            .await?;
        m.create_index(index("organizations", &["association_id"], false))
            .await?;
        m.create_index(index("organizations", &["region_code"], false))
            .await?;
        m.create_table(
            Table::create()
                .table(Alias::new("users"))
                .col(id("id"))
                .col(text("login"))
                .col(text("password_hash"))
                .col(text("display_name"))
                .col(text_null("phone"))
                .col(text("status"))
                .col(int("session_epoch"))
                .col(int("version"))
                .col(ts("created_at"))
                .col(ts("updated_at"))
                .to_owned(),
        )
        .await?;
        m.create_index(index("users", &["login"], true)).await?;
        m.create_table(
            Table::create()
                .table(Alias::new("memberships"))
                .col(id("id"))
                .col(uuid("user_id"))
                .col(uuid("organization_id"))
                .col(text("roles"))
                .col(ts("created_at"))
                .foreign_key(&mut fk("memberships", "user_id", "users"))
                .foreign_key(&mut fk("memberships", "organization_id", "organizations"))
                .to_owned(),
        )
        .await?;
        m.create_index(index("memberships", &["user_id", "organization_id"], true))
            .await?;
        m.create_index(index("memberships", &["organization_id"], false))
            .await?;
        m.create_table(
            Table::create()
                .table(Alias::new("persons"))
                .col(id("id"))
                .col(text("name"))
                .col(text("gender"))
                .col(date("birth_date"))
                .col(text("national_id_enc"))
                .col(text("national_id_hash"))
                .col(text("national_id_masked"))
                .col(text_null("education_level"))
                .col(text_null("school"))
                .col(text_null("education_certificate_no"))
                .col(text_null("title"))
                .col(text_null("title_level"))
                .col(uuid("employer_id"))
                .col(text_null("post"))
                .col(date_null("post_since"))
                .col(text_null("social_insurance"))
                .col(uuid_null("user_id"))
                .col(int("version"))
                .col(ts("created_at"))
                .col(ts("updated_at"))
                .foreign_key(&mut fk("persons", "employer_id", "organizations"))
                .foreign_key(&mut fk("persons", "user_id", "users"))
                .to_owned(),
        )
        .await?;
        m.create_index(index("persons", &["national_id_hash"], true))
            .await?;
        m.create_index(index("persons", &["user_id"], true)).await?;
        m.create_index(index("persons", &["employer_id", "id"], false))
            .await?;
        m.create_index(index("persons", &["name"], false)).await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in ["persons", "memberships", "users", "organizations"] {
            m.drop_table(Table::drop().table(Alias::new(t)).to_owned())
                .await?;
        }
        Ok(())
    }
}
