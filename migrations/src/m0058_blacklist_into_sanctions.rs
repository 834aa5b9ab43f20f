//! One sanctions registry (CR-04, EX-04, EX-05): the CR-04 blacklist moves into `sanctions` as
//! rows of kind `blacklist` and rule `CR-04`, keeping their ids (so audit rows and links still
//! name them), and `blacklist_entries` goes. A sanction now carries the identity it was
//! imposed on — the name, the ID number's keyed hash and its masked form, copied from the
//! person for the exam bans already on record — and its person is optional, since a CR-04
//! listing may name someone not (yet) in the directory.
//!
//! SQLite cannot make a column nullable in place, so the table is rebuilt on both databases
//! the same way: a new table, the rows copied, the old tables dropped, the new one renamed;
//! all in one transaction.

use crate::cols::*;
use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0058_blacklist_into_sanctions"
    }
}

/// The table being built beside `sanctions` until the copy is done.
const NEXT: &str = "sanctions_next";

/// `sanctions` as `name`: with the identity columns and an optional person (this step), or as
/// m0057 left it (for `down`).
fn sanctions_table(name: &str, registry: bool) -> TableCreateStatement {
    let mut t = Table::create();
    t.table(Alias::new(name)).col(id("id"));
    if registry {
        t.col(uuid_null("person_id"));
    } else {
        t.col(uuid("person_id"));
    }
    t.col(uuid("association_id"))
        .col(text("kind"))
        .col(uuid_null("course_id"))
        .col(date("starts_on"))
        .col(date("ends_on"))
        .col(text("rule"))
        .col(text("reason"));
    if registry {
        t.col(text("name"))
            .col(text("national_id_hash"))
            .col(text("national_id_masked"));
    }
    t.col(uuid("recorded_by"))
        .col(ts("recorded_at"))
        .col(ts_null("lifted_at"))
        .col(uuid_null("lifted_by"))
        .col(text_null("lift_reason"))
        .col(int("version"))
        // Named as the final table's: a constraint's name is per table on both databases.
        .foreign_key(
            ForeignKey::create()
                .name("fk_sanctions_person_id")
                .from(Alias::new(name), Alias::new("person_id"))
                .to(Alias::new("persons"), Alias::new("id")),
        )
        .foreign_key(
            ForeignKey::create()
                .name("fk_sanctions_association_id")
                .from(Alias::new(name), Alias::new("association_id"))
                .to(Alias::new("organizations"), Alias::new("id")),
        );
    t.to_owned()
}

/// Drops `sanctions`, renames `NEXT` to it (and, on PostgreSQL, its primary key's index) and
/// creates the indexes the registry's questions use.
async fn take_over(m: &SchemaManager<'_>, registry: bool) -> Result<(), DbErr> {
    m.drop_table(Table::drop().table(Alias::new("sanctions")).to_owned())
        .await?;
    m.rename_table(
        Table::rename()
            .table(Alias::new(NEXT), Alias::new("sanctions"))
            .to_owned(),
    )
    .await?;
    if m.get_database_backend() == DbBackend::Postgres {
        m.get_connection()
            .execute_unprepared(&format!("ALTER INDEX {NEXT}_pkey RENAME TO sanctions_pkey"))
            .await?;
    }
    // The exam bans: by person and association (`active_sanction`).
    m.create_index(index(
        "sanctions",
        &["person_id", "association_id", "ends_on"],
        false,
    ))
    .await?;
    m.create_index(index("sanctions", &["association_id"], false))
        .await?;
    if registry {
        // CR-04: platform-wide, by the ID number's keyed hash.
        m.create_index(index("sanctions", &["national_id_hash"], false))
            .await?;
    }
    Ok(())
}

/// The blacklist as m0007 and m0021 left it (for `down`).
fn blacklist_table() -> TableCreateStatement {
    Table::create()
        .table(Alias::new("blacklist_entries"))
        .col(id("id"))
        .col(uuid("association_id"))
        .col(uuid_null("person_id"))
        .col(text("name"))
        .col(text("national_id_hash"))
        .col(text("national_id_masked"))
        .col(text("reason"))
        .col(date("listed_on"))
        .col(date("expires_on"))
        .col(ts_null("lifted_at"))
        .col(uuid("created_by"))
        .col(ts("created_at"))
        .col(text_null("lift_reason"))
        .col(uuid_null("lifted_by"))
        .foreign_key(&mut fk(
            "blacklist_entries",
            "association_id",
            "organizations",
        ))
        .to_owned()
}

#[sea_orm_migration::async_trait::async_trait]
impl MigrationTrait for Migration {
    /// The copy and the drops succeed or fail together, on SQLite too.
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(sanctions_table(NEXT, true)).await?;
        let db = m.get_connection();
        // The exam bans, with the identity of their person.
        db.execute_unprepared(&format!(
            "INSERT INTO {NEXT} (id, person_id, association_id, kind, course_id, starts_on, \
             ends_on, rule, reason, name, national_id_hash, national_id_masked, recorded_by, \
             recorded_at, lifted_at, lifted_by, lift_reason, version) \
             SELECT s.id, s.person_id, s.association_id, s.kind, s.course_id, s.starts_on, \
             s.ends_on, s.rule, s.reason, p.name, p.national_id_hash, p.national_id_masked, \
             s.recorded_by, s.recorded_at, s.lifted_at, s.lifted_by, s.lift_reason, s.version \
             FROM sanctions s JOIN persons p ON p.id = s.person_id"
        ))
        .await?;
        // The blacklist, under its own ids: listed_on is the first day barred, expires_on the
        // first day admitted again. A lifted entry has been changed once (version 2). A person
        // id that names nobody any more (the blacklist had no foreign key on it) is dropped;
        // the hash still matches.
        db.execute_unprepared(&format!(
            "INSERT INTO {NEXT} (id, person_id, association_id, kind, starts_on, ends_on, rule, \
             reason, name, national_id_hash, national_id_masked, recorded_by, recorded_at, \
             lifted_at, lifted_by, lift_reason, version) \
             SELECT b.id, p.id, b.association_id, 'blacklist', b.listed_on, b.expires_on, \
             'CR-04', b.reason, b.name, b.national_id_hash, b.national_id_masked, b.created_by, \
             b.created_at, b.lifted_at, b.lifted_by, b.lift_reason, \
             CASE WHEN b.lifted_at IS NULL THEN 1 ELSE 2 END \
             FROM blacklist_entries b LEFT JOIN persons p ON p.id = b.person_id"
        ))
        .await?;
        m.drop_table(
            Table::drop()
                .table(Alias::new("blacklist_entries"))
                .to_owned(),
        )
        .await?;
        take_over(m, true).await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(blacklist_table()).await?;
        m.create_index(index("blacklist_entries", &["national_id_hash"], false))
            .await?;
        m.create_index(index(
            "blacklist_entries",
            &["association_id", "listed_on"],
            false,
        ))
        .await?;
        let db = m.get_connection();
        db.execute_unprepared(
            "INSERT INTO blacklist_entries (id, association_id, person_id, name, \
             national_id_hash, national_id_masked, reason, listed_on, expires_on, lifted_at, \
             created_by, created_at, lift_reason, lifted_by) \
             SELECT id, association_id, person_id, name, national_id_hash, national_id_masked, \
             reason, starts_on, ends_on, lifted_at, recorded_by, recorded_at, lift_reason, \
             lifted_by FROM sanctions WHERE kind = 'blacklist'",
        )
        .await?;
        m.create_table(sanctions_table(NEXT, false)).await?;
        db.execute_unprepared(&format!(
            "INSERT INTO {NEXT} (id, person_id, association_id, kind, course_id, starts_on, \
             ends_on, rule, reason, recorded_by, recorded_at, lifted_at, lifted_by, \
             lift_reason, version) \
             SELECT id, person_id, association_id, kind, course_id, starts_on, ends_on, rule, \
             reason, recorded_by, recorded_at, lifted_at, lifted_by, lift_reason, version \
             FROM sanctions WHERE kind <> 'blacklist'"
        ))
        .await?;
        take_over(m, false).await
    }
}
