//! Qualifications (EX-08, later PL-05): the certificates and letters a person holds, each valid
//! from `valid_from` to `valid_until`, both days included, until revoked. Declared relations
//! between persons (EX-07's recusal), symmetric: one row per pair and kind, the smaller id
//! first.

use crate::cols::*;
use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0059_qualifications_relations"
    }
}

#[sea_orm_migration::async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Alias::new("qualifications"))
                .col(id("id"))
                .col(uuid("person_id"))
                .col(text("kind"))
                .col(text("number"))
                .col(text("issuer"))
                .col(date("valid_from"))
                .col(date("valid_until"))
                .col(uuid_null("document_file_id"))
                .col(uuid("recorded_by"))
                .col(ts("recorded_at"))
                .col(ts_null("revoked_at"))
                .col(uuid_null("revoked_by"))
                .col(text_null("revoke_reason"))
                .foreign_key(&mut fk("qualifications", "person_id", "persons"))
                .to_owned(),
        )
        .await?;
        // `qualification_valid_on` asks by person and kind.
        m.create_index(index("qualifications", &["person_id", "kind"], false))
            .await?;
        m.create_table(
            Table::create()
                .table(Alias::new("person_relations"))
                .col(id("id"))
                .col(uuid("person_id"))
                .col(uuid("related_person_id"))
                .col(text("kind"))
                .col(text_null("note"))
                .col(uuid("declared_by"))
                .col(ts("declared_at"))
                .foreign_key(&mut fk("person_relations", "person_id", "persons"))
                .foreign_key(&mut fk("person_relations", "related_person_id", "persons"))
                .to_owned(),
        )
        .await?;
        // A pair is declared once per kind; `related` asks by the pair.
        m.create_index(index(
            "person_relations",
            &["person_id", "related_person_id", "kind"],
            true,
        ))
        .await?;
        m.create_index(index("person_relations", &["related_person_id"], false))
            .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in ["person_relations", "qualifications"] {
            m.drop_table(Table::drop().table(Alias::new(t)).to_owned())
                .await?;
        }
        Ok(())
    }
}
