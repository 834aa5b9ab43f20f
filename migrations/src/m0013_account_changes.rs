//! Enterprise accounts (TR-07): an enterprise names its training officers and its training
//! manager in a change letter that the association acknowledges. The acknowledged letter with
//! the latest acknowledgement is the enterprise's current designation; a letter still pending
//! changes nothing.

use crate::cols::*;
use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0013_account_changes"
    }
}

#[sea_orm_migration::async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Alias::new("account_changes"))
                .col(id("id"))
                .col(uuid("enterprise_id"))
                .col(uuid("association_id"))
                // JSON array of user ids.
                .col(json("officer_ids"))
                .col(uuid("manager_id"))
                // `pending` or `acknowledged`.
                .col(text("status"))
                // The enterprise id while pending, null after: one open letter per enterprise.
                .col(uuid_null("open_for"))
                .col(text_null("letter_content_type"))
                .col(
                    ColumnDef::new(Alias::new("letter_size"))
                        .big_integer()
                        .null(),
                )
                .col(text_null("letter_stored_as"))
                .col(uuid("filed_by"))
                .col(ts("filed_at"))
                .col(uuid_null("acknowledged_by"))
                .col(ts_null("acknowledged_at"))
                .foreign_key(&mut fk("account_changes", "enterprise_id", "organizations"))
                .to_owned(),
        )
        .await?;
        m.create_index(index("account_changes", &["open_for"], true))
            .await?;
        m.create_index(index(
            "account_changes",
            &["enterprise_id", "status"],
            false,
        ))
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(
            Table::drop()
                .table(Alias::new("account_changes"))
                .to_owned(),
        )
        .await
    }
}
