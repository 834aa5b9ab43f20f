//! Bulk-loads N persons into a seforce database that `seforce seed-demo` prepared, spread over
//! the member organizations of the demo association, each with a valid, unique ID number
//! encrypted and blind-indexed with the same data key the server uses (configuration is
//! resolved exactly as `seforce` does: `--data-dir`, `SEFORCE_DATA_KEY`, `DATABASE_URL`, …).
//!
//! A benchmark fixture: rows are written directly in batches, without audit records, which the
//! services never do. Never point it at a real database.

use clap::Parser;
use directory::entity::{organization, person};
use directory::model::{EducationLevel, Gender, NationalId, OrgKind, SocialInsurance, TitleLevel};
use kernel::crypto::PiiCipher;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, Set, TransactionTrait};
use server::config::ConfigArgs;
use std::process::ExitCode;
use std::time::Instant;
use time::macros::date;
use uuid::Uuid;

#[derive(Parser)]
#[command(
    name = "bench-seed",
    about = "Insert N benchmark persons into a seforce database (after `seforce seed-demo`)"
)]
struct Cli {
    #[command(flatten)]
    config: ConfigArgs,
    /// How many persons to insert.
    #[arg(long, default_value_t = 100_000)]
    count: u32,
}

/// Rows per INSERT statement (20 columns each, well under SQLite's 32 766 bind variables).
const ROWS_PER_INSERT: u32 = 500;
/// Rows per transaction.
const ROWS_PER_TXN: u32 = 10_000;
/// ID-number sequence numbers used per birth date (1..=SEQS; odd is male, even female).
const SEQS: u32 = 900;
/// A region code the demo persons do not use (they are in 430102), so numbers never collide.
const REGION: &str = "430104";

type BoxError = Box<dyn std::error::Error>;

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    match seed(&cli).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("bench-seed: {e}");
            ExitCode::FAILURE
        }
    }
}

async fn seed(cli: &Cli) -> Result<(), BoxError> {
    let cfg = cli.config.resolve()?;
    let db = server::connect(&cfg.database_url, Some(1)).await?;
    let cipher = PiiCipher::new(&cfg.data_key)?;
    let association = organization::Entity::find()
        .filter(organization::Column::Kind.eq(OrgKind::Association))
        .one(&db)
        .await?
        .ok_or("no association in the database: run `seforce seed-demo` first")?;
    let employers: Vec<Uuid> = organization::Entity::find()
        .filter(organization::Column::AssociationId.eq(association.id))
        .all(&db)
        .await?
        .into_iter()
        .map(|o| o.id)
        .collect();
    if employers.is_empty() {
        return Err("the demo association has no member organizations".into());
    }
    let existing = person::Entity::find()
        .filter(person::Column::NationalIdMasked.starts_with(REGION))
        .count(&db)
        .await?;
    if existing > 0 {
        return Err(
            format!("{existing} benchmark persons already present; use a fresh data dir").into(),
        );
    }

    let started = Instant::now();
    let now = time::OffsetDateTime::now_utc();
    let mut made = 0u32;
    while made < cli.count {
        let txn = db.begin().await?;
        let txn_end = (made + ROWS_PER_TXN).min(cli.count);
        while made < txn_end {
            let end = (made + ROWS_PER_INSERT).min(txn_end);
            let batch = (made..end)
                .map(|i| row(&cipher, &employers, i, now))
                .collect::<Result<Vec<_>, _>>()?;
            person::Entity::insert_many(batch).exec(&txn).await?;
            made = end;
        }
        txn.commit().await?;
    }
    println!(
        "bench-seed: {} persons over {} member organizations of {} in {:.1}s",
        cli.count,
        employers.len(),
        association.name,
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// Person number `i`: a distinct (birth date, sequence) pair keeps every ID number unique.
fn row(
    cipher: &PiiCipher,
    employers: &[Uuid],
    i: u32,
    now: time::OffsetDateTime,
) -> Result<person::ActiveModel, BoxError> {
    let birth = date!(1960 - 01 - 01) + time::Duration::days(i64::from(i / SEQS));
    let seq = u16::try_from(i % SEQS + 1)?;
    let id = NationalId::parse(&directory::demo::national_id(REGION, birth, seq))
        .map_err(|e| format!("generated ID number {i} is invalid: {e:?}"))?;
    let employer = employers
        .get(i as usize % employers.len())
        .copied()
        .ok_or("no employer")?;
    Ok(person::ActiveModel {
        id: Set(Uuid::now_v7()),
        name: Set(format!("压测人员{i}")),
        gender: Set(id.gender()),
        birth_date: Set(birth),
        national_id_enc: Set(cipher.encrypt(id.expose())),
        national_id_hash: Set(cipher.blind_index(id.expose())),
        national_id_masked: Set(id.masked()),
        education_level: Set(Some(EducationLevel::Bachelor)),
        school: Set(Some("湖南大学".into())),
        education_certificate_no: Set(None),
        title: Set(Some("工程师".into())),
        title_level: Set(Some(TitleLevel::Intermediate)),
        employer_id: Set(employer),
        post: Set(Some(if id.gender() == Gender::Male {
            "检验员".into()
        } else {
            "检验师".into()
        })),
        post_since: Set(Some(date!(2015 - 03 - 01))),
        social_insurance: Set(Some(SocialInsurance::Continuous)),
        user_id: Set(None),
        version: Set(1),
        created_at: Set(now),
        updated_at: Set(now),
    })
}
