//! The sanctions registry (EX-04, EX-05): exam and training bans of a person by an association,
//! beside the CR-04 blacklist (which moves into it in a later step). `ends_on` is exclusive: the
//! first day the person is admitted again, like the blacklist's `expires_on`.

use crate::cols::*;
use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0057_sanctions"
    }
}

#[sea_orm_migration::async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Alias::new("sanctions"))
                .col(id("id"))
                .col(uuid("person_id"))
                .col(uuid("association_id"))
                .col(text("kind"))
                .col(uuid_null("course_id"))
                .col(date("starts_on"))
                .col(date("ends_on"))
                .col(text("rule"))
                .col(text("reason"))
                .col(uuid("recorded_by"))
                .col(ts("recorded_at"))
                .col(ts_null("lifted_at"))
                .col(uuid_null("lifted_by"))
                .col(text_null("lift_reason"))
                .col(int("version"))
                .foreign_key(&mut fk("sanctions", "person_id", "persons"))
                .foreign_key(&mut fk("sanctions", "association_id", "organizations"))
                .to_owned(),
        )
        .await?;
        // The one question (`active_sanction`) asks by person and association.
        m.create_index(index(
            "sanctions",
            &["person_id", "association_id", "ends_on"],
            false,
        ))
        .await?;
        m.create_index(index("sanctions", &["association_id"], false))
            .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(Alias::new("sanctions")).to_owned())
            .await
    }
}
