//! Schema migrations, one module per step. Steps are append-only: a landed step is never
//! edited, a change is a new step.

pub use sea_orm_migration::prelude::*;

mod m0001_kernel;
mod m0002_directory;
mod m0003_auth;
mod m0004_training;
mod m0005_attendance;
mod m0006_refunds;
mod m0007_blacklist;
mod m0009_plans;
mod m0010_teachers;
mod m0011_archive;
mod m0012_ce_hours;
mod m0013_account_changes;
mod m0014_self_study;
mod m0015_materials_cases;
mod m0016_ce_entries_once;
mod m0017_refund_rejection_reason;
mod m0018_enrolment_return_reason;
mod m0019_enrolment_waitlisted_at;
mod m0020_training_records;
mod m0021_blacklist_lifting;
mod m0040_idempotency_etag;
mod m0045_audit_sequencer;
mod m0046_login_throttle;
mod m0055_jobs;
mod m0056_job_input_parts;
mod m0057_sanctions;
mod m0058_blacklist_into_sanctions;
mod m0059_qualifications_relations;
mod m0060_exams;
mod m0061_payment_purposes;
mod m0062_refund_step_times;

/// Every migration in order.
pub struct Migrator;

#[sea_orm_migration::async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m0001_kernel::Migration),
            Box::new(m0002_directory::Migration),
            Box::new(m0003_auth::Migration),
            Box::new(m0004_training::Migration),
            Box::new(m0005_attendance::Migration),
            Box::new(m0006_refunds::Migration),
            Box::new(m0007_blacklist::Migration),
            Box::new(m0009_plans::Migration),
            Box::new(m0010_teachers::Migration),
            Box::new(m0011_archive::Migration),
            Box::new(m0012_ce_hours::Migration),
            Box::new(m0013_account_changes::Migration),
            Box::new(m0014_self_study::Migration),
            Box::new(m0015_materials_cases::Migration),
            Box::new(m0016_ce_entries_once::Migration),
            Box::new(m0017_refund_rejection_reason::Migration),
            Box::new(m0018_enrolment_return_reason::Migration),
            Box::new(m0019_enrolment_waitlisted_at::Migration),
            Box::new(m0020_training_records::Migration),
            Box::new(m0021_blacklist_lifting::Migration),
            Box::new(m0040_idempotency_etag::Migration),
            Box::new(m0045_audit_sequencer::Migration),
            Box::new(m0046_login_throttle::Migration),
            Box::new(m0055_jobs::Migration),
            Box::new(m0056_job_input_parts::Migration),
            Box::new(m0057_sanctions::Migration),
            Box::new(m0058_blacklist_into_sanctions::Migration),
            Box::new(m0059_qualifications_relations::Migration),
            Box::new(m0060_exams::Migration),
            Box::new(m0061_payment_purposes::Migration),
            Box::new(m0062_refund_step_times::Migration),
        ]
    }
}

/// Column helpers shared by the steps, so that every table spells types the same way.
pub(crate) mod cols {
    use sea_orm_migration::prelude::*;

    pub fn id(name: &str) -> ColumnDef {
        ColumnDef::new(Alias::new(name))
            .uuid()
            .not_null()
            .primary_key()
            .to_owned()
    }
    pub fn uuid(name: &str) -> ColumnDef {
        ColumnDef::new(Alias::new(name))
            .uuid()
            .not_null()
            .to_owned()
    }
    pub fn uuid_null(name: &str) -> ColumnDef {
        ColumnDef::new(Alias::new(name)).uuid().null().to_owned()
    }
    pub fn text(name: &str) -> ColumnDef {
        ColumnDef::new(Alias::new(name))
            .string()
            .not_null()
            .to_owned()
    }
    pub fn text_null(name: &str) -> ColumnDef {
        ColumnDef::new(Alias::new(name)).string().null().to_owned()
    }
    pub fn int(name: &str) -> ColumnDef {
        ColumnDef::new(Alias::new(name))
            .integer()
            .not_null()
            .to_owned()
    }
    pub fn big(name: &str) -> ColumnDef {
        ColumnDef::new(Alias::new(name))
            .big_integer()
            .not_null()
            .to_owned()
    }
    pub fn ts(name: &str) -> ColumnDef {
        ColumnDef::new(Alias::new(name))
            .timestamp_with_time_zone()
            .not_null()
            .to_owned()
    }
    pub fn ts_null(name: &str) -> ColumnDef {
        ColumnDef::new(Alias::new(name))
            .timestamp_with_time_zone()
            .null()
            .to_owned()
    }
    pub fn date_null(name: &str) -> ColumnDef {
        ColumnDef::new(Alias::new(name)).date().null().to_owned()
    }
    pub fn date(name: &str) -> ColumnDef {
        ColumnDef::new(Alias::new(name))
            .date()
            .not_null()
            .to_owned()
    }
    pub fn flag(name: &str) -> ColumnDef {
        ColumnDef::new(Alias::new(name))
            .boolean()
            .not_null()
            .to_owned()
    }
    pub fn json(name: &str) -> ColumnDef {
        ColumnDef::new(Alias::new(name))
            .json()
            .not_null()
            .to_owned()
    }
    pub fn fk(table: &str, col: &str, to: &str) -> ForeignKeyCreateStatement {
        ForeignKey::create()
            .name(format!("fk_{table}_{col}"))
            .from(Alias::new(table), Alias::new(col))
            .to(Alias::new(to), Alias::new("id"))
            .to_owned()
    }
    pub fn index(table: &str, cols: &[&str], unique: bool) -> IndexCreateStatement {
        let mut i = Index::create();
        i.name(format!("ix_{table}_{}", cols.join("_")))
            .table(Alias::new(table));
        for c in cols {
            i.col(Alias::new(*c));
        }
        if unique {
            i.unique();
        }
        i.to_owned()
    }
}
