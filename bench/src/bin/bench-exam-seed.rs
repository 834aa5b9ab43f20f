//! Prepares the exam surge (issue 16) in a seforce database that `seforce seed-demo` prepared:
//! one course of the demo association, one class of it that has ended, a question bank with a
//! fixed paper of `--questions` questions (true/false and single choice, alternating), one
//! sitting of that class whose online window is open now, and `--candidates` trainees — each a
//! person with a user account (role practitioner at the demo enterprise, linked to the person),
//! a paid enrolment in the class and a place on the sitting's roster. Configuration is resolved
//! exactly as `seforce` does (`--data-dir`, `SEFORCE_DATA_KEY`, `DATABASE_URL`, …), so ID
//! numbers are encrypted and blind-indexed with the server's data key.
//!
//! Writes the roster for the load client (`bench-exam-surge`) to `--out`: the sitting's id on
//! the first line, then one line per candidate: user id, the organization of their membership
//! and their login, tab-separated. Every user's password is `--password` (hashed once with the
//! server's argon2 settings), so a candidate can also log in.
//!
//! A benchmark fixture: rows are written directly in batches, without audit records, payments
//! in the fee ledger or outbox events, which the services never do. Never point it at a real
//! database.

use clap::Parser;
use directory::entity::{membership, organization, person, user};
use directory::model::{
    EducationLevel, Gender, NationalId, OrgKind, SocialInsurance, TitleLevel, UserStatus,
};
use exams::entity::{bank, candidate, paper, paper_item, question, question_version, sitting};
use exams::model::{BookMode, PaperMode, QuestionKind, SittingStatus};
use kernel::Role;
use kernel::crypto::PiiCipher;
use kernel::equipment::EquipmentCategory;
use kernel::state::StateList;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set, TransactionTrait,
};
use serde_json::json;
use server::config::ConfigArgs;
use std::fmt::Write as _;
use std::process::ExitCode;
use std::time::Instant;
use time::macros::date;
use time::{Duration, OffsetDateTime};
use training::entity::{class, course, enrolment};
use training::model::{ClassStatus, Delivery, EnrolmentStatus, SubjectKind, Topic};
use uuid::Uuid;

#[derive(Parser)]
#[command(
    name = "bench-exam-seed",
    about = "Seed the exam surge: a sitting open now with N paid candidates (after `seforce seed-demo`)"
)]
struct Cli {
    #[command(flatten)]
    config: ConfigArgs,
    /// Candidates on the sitting's roster.
    #[arg(long, default_value_t = 5_000)]
    candidates: u32,
    /// Questions on the fixed paper (true/false and single choice, alternating).
    #[arg(long, default_value_t = 20)]
    questions: u32,
    /// The paper's duration: longer than the surge, so no attempt reaches its deadline.
    #[arg(long, default_value_t = 60)]
    duration_minutes: i32,
    /// Every candidate's password.
    #[arg(long, default_value = "Surge-Pass-2026")]
    password: String,
    /// Where the roster for `bench-exam-surge` is written.
    #[arg(long)]
    out: std::path::PathBuf,
}

/// Rows per INSERT statement (persons have 20 columns: well under SQLite's 32 766 variables).
const ROWS_PER_INSERT: usize = 500;
/// ID-number sequence numbers used per birth date (1..=SEQS).
const SEQS: u32 = 900;
/// A region code neither the demo persons (430102) nor `bench-seed` (430104) use.
const REGION: &str = "430105";
const TRAINING_FEE: i64 = 80_000;

type BoxError = Box<dyn std::error::Error>;

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    match seed(&cli).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("bench-exam-seed: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Inserts `rows` in statements of [`ROWS_PER_INSERT`].
async fn insert_all<A, C>(conn: &C, rows: Vec<A>) -> Result<(), sea_orm::DbErr>
where
    A: ActiveModelTrait,
    C: ConnectionTrait,
{
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let chunk: Vec<A> = rows.by_ref().take(ROWS_PER_INSERT).collect();
        A::Entity::insert_many(chunk)
            .exec_without_returning(conn)
            .await?;
    }
    Ok(())
}

async fn seed(cli: &Cli) -> Result<(), BoxError> {
    if cli.candidates == 0 || cli.questions == 0 {
        return Err("--candidates and --questions must be at least 1".into());
    }
    let cfg = cli.config.resolve()?;
    let db = server::connect(&cfg.database_url, Some(1)).await?;
    let cipher = PiiCipher::new(&cfg.data_key)?;
    let association = organization::Entity::find()
        .filter(organization::Column::Kind.eq(OrgKind::Association))
        .one(&db)
        .await?
        .ok_or("no association in the database: run `seforce seed-demo` first")?;
    let enterprise = organization::Entity::find()
        .filter(organization::Column::Kind.eq(OrgKind::Enterprise))
        .filter(organization::Column::AssociationId.eq(association.id))
        .one(&db)
        .await?
        .ok_or("the demo association has no member enterprise")?;
    let officer = user::Entity::find()
        .filter(user::Column::Login.eq("assoc.admin"))
        .one(&db)
        .await?
        .ok_or("no demo user assoc.admin: run `seforce seed-demo` first")?;
    if user::Entity::find()
        .filter(user::Column::Login.starts_with("surge"))
        .one(&db)
        .await?
        .is_some()
    {
        return Err("surge candidates already present; use a fresh data dir".into());
    }

    let started = Instant::now();
    let hash = directory::service::auth::hash_password(&cli.password).await?;
    let now = OffsetDateTime::now_utc();
    let txn = db.begin().await?;

    // The programme, a class of it that has ended, and its exam.
    let course_id = Uuid::now_v7();
    course::ActiveModel {
        id: Set(course_id),
        association_id: Set(association.id),
        name: Set("电梯安全管理(考试压测)".into()),
        subject_kind: Set(SubjectKind::Professional),
        topic: Set(Topic::SafetyTechnicalSpecifications),
        equipment_categories: Set(StateList(vec![EquipmentCategory::Elevator])),
        delivery: Set(Delivery::FaceToFace),
        theory_hours: Set(32),
        practical_hours: Set(8),
        created_at: Set(now),
    }
    .insert(&txn)
    .await?;
    let class_id = Uuid::now_v7();
    class::ActiveModel {
        id: Set(class_id),
        association_id: Set(association.id),
        course_id: Set(course_id),
        name: Set("考试压测班".into()),
        starts_at: Set(now - Duration::days(20)),
        ends_at: Set(now - Duration::days(1)),
        venue: Set(Some("长沙".into())),
        online_link: Set(None),
        capacity: Set(i32::try_from(cli.candidates)?),
        seats_taken: Set(i32::try_from(cli.candidates)?),
        training_fee: Set(TRAINING_FEE),
        exam_fee: Set(20_000),
        status: Set(ClassStatus::Planned),
        head_teacher_id: Set(None),
        created_at: Set(now - Duration::days(30)),
    }
    .insert(&txn)
    .await?;
    let bank_id = Uuid::now_v7();
    bank::ActiveModel {
        id: Set(bank_id),
        owner_id: Set(association.id),
        name: Set("电梯安全管理题库(压测)".into()),
        topic: Set("安全技术规范".into()),
        equipment_category: Set(Some(kernel::equipment::EquipmentCategory::Elevator)),
        level: Set(None),
        created_by: Set(officer.id),
        created_at: Set(now),
        version: Set(1),
    }
    .insert(&txn)
    .await?;
    let paper_id = Uuid::now_v7();
    paper::ActiveModel {
        id: Set(paper_id),
        bank_id: Set(bank_id),
        owner_id: Set(association.id),
        title: Set("电梯安全管理理论考试(压测)".into()),
        course_id: Set(Some(course_id)),
        book: Set(BookMode::Closed),
        mode: Set(PaperMode::Fixed),
        duration_minutes: Set(cli.duration_minutes),
        pass_mark: Set(60),
        blueprint: Set(json!([])),
        stations: Set(json!([])),
        skill_level: Set(false),
        double_marking: Set(false),
        tolerance: Set(0),
        created_by: Set(officer.id),
        created_at: Set(now),
        version: Set(1),
    }
    .insert(&txn)
    .await?;
    let points = i32::try_from((100 / cli.questions).max(1))?;
    let (mut questions, mut versions, mut items) = (Vec::new(), Vec::new(), Vec::new());
    for n in 1..=cli.questions {
        let (qid, vid) = (Uuid::now_v7(), Uuid::now_v7());
        let true_false = n % 2 == 1;
        questions.push(question::ActiveModel {
            id: Set(qid),
            bank_id: Set(bank_id),
            current_version: Set(1),
            retired_at: Set(None),
            created_at: Set(now),
        });
        versions.push(question_version::ActiveModel {
            id: Set(vid),
            question_id: Set(qid),
            bank_id: Set(bank_id),
            version: Set(1),
            kind: Set(if true_false {
                QuestionKind::TrueFalse
            } else {
                QuestionKind::SingleChoice
            }),
            stem: Set(format!(
                "第{n}题:电梯定期检验周期为一年,曳引钢丝绳磨损超过规定时应当更换。"
            )),
            options: Set(if true_false {
                json!([])
            } else {
                json!(["一个月", "半年", "一年", "两年"])
            }),
            answer_key: Set(if true_false {
                json!({"kind": "true_false", "value": true})
            } else {
                json!({"kind": "single_choice", "choice": 2})
            }),
            points: Set(points),
            topic: Set("安全技术规范".into()),
            difficulty: Set(3),
            created_by: Set(officer.id),
            created_at: Set(now),
        });
        items.push(paper_item::ActiveModel {
            id: Set(Uuid::now_v7()),
            paper_id: Set(paper_id),
            position: Set(i32::try_from(n)?),
            question_version_id: Set(vid),
            points: Set(points),
        });
    }
    insert_all(&txn, questions).await?;
    insert_all(&txn, versions).await?;
    insert_all(&txn, items).await?;
    let sitting_id = Uuid::now_v7();
    sitting::ActiveModel {
        id: Set(sitting_id),
        association_id: Set(association.id),
        class_id: Set(class_id),
        course_id: Set(course_id),
        paper_id: Set(paper_id),
        title: Set("电梯安全管理理论考试(压测场次)".into()),
        // Open since a few minutes, for the rest of the day: the surge starts inside it.
        opens_at: Set(now - Duration::minutes(5)),
        closes_at: Set(now + Duration::hours(12)),
        place: Set(None),
        status: Set(SittingStatus::Planned),
        created_by: Set(officer.id),
        created_at: Set(now),
        version: Set(1),
    }
    .insert(&txn)
    .await?;

    // The candidates: person, user, membership, paid enrolment, roster place.
    let mut roster = format!("{sitting_id}\n");
    let (mut users, mut memberships, mut persons, mut enrolments, mut candidates) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for i in 0..cli.candidates {
        let (uid, pid, eid) = (Uuid::now_v7(), Uuid::now_v7(), Uuid::now_v7());
        let login = format!("surge{i:05}");
        let birth = date!(1970 - 01 - 01) + Duration::days(i64::from(i / SEQS));
        let seq = u16::try_from(i % SEQS + 1)?;
        let id = NationalId::parse(&directory::demo::national_id(REGION, birth, seq))
            .map_err(|e| format!("generated ID number {i} is invalid: {e:?}"))?;
        let name = format!("考生{i:05}");
        users.push(user::ActiveModel {
            id: Set(uid),
            login: Set(login.clone()),
            password_hash: Set(hash.clone()),
            display_name: Set(name.clone()),
            phone: Set(None),
            status: Set(UserStatus::Active),
            session_epoch: Set(0),
            version: Set(1),
            created_at: Set(now),
            updated_at: Set(now),
        });
        memberships.push(membership::ActiveModel {
            id: Set(Uuid::now_v7()),
            user_id: Set(uid),
            organization_id: Set(enterprise.id),
            roles: Set(StateList(vec![Role::Practitioner])),
            created_at: Set(now),
        });
        persons.push(person::ActiveModel {
            id: Set(pid),
            name: Set(name),
            gender: Set(id.gender()),
            birth_date: Set(birth),
            national_id_enc: Set(cipher.encrypt(id.expose())),
            national_id_hash: Set(cipher.blind_index(id.expose())),
            national_id_masked: Set(id.masked()),
            education_level: Set(Some(EducationLevel::JuniorCollege)),
            school: Set(Some("湖南工业职业技术学院".into())),
            education_certificate_no: Set(None),
            title: Set(None),
            title_level: Set(Some(TitleLevel::None)),
            employer_id: Set(enterprise.id),
            post: Set(Some(if id.gender() == Gender::Male {
                "电梯安全管理员".into()
            } else {
                "电梯维保员".into()
            })),
            post_since: Set(Some(date!(2018 - 05 - 01))),
            social_insurance: Set(Some(SocialInsurance::Continuous)),
            user_id: Set(Some(uid)),
            version: Set(1),
            created_at: Set(now),
            updated_at: Set(now),
        });
        enrolments.push(enrolment::ActiveModel {
            id: Set(eid),
            class_id: Set(class_id),
            person_id: Set(pid),
            enterprise_id: Set(Some(enterprise.id)),
            status: Set(EnrolmentStatus::Paid),
            submitted_by: Set(Some(officer.id)),
            approved_by: Set(Some(officer.id)),
            confirmed_by: Set(Some(officer.id)),
            version: Set(4),
            paid_total: Set(TRAINING_FEE),
            refunded_total: Set(0),
            return_reason: Set(None),
            waitlisted_at: Set(None),
            created_at: Set(now - Duration::days(30)),
            updated_at: Set(now - Duration::days(21)),
        });
        candidates.push(candidate::ActiveModel {
            id: Set(Uuid::now_v7()),
            sitting_id: Set(sitting_id),
            enrolment_id: Set(eid),
            person_id: Set(pid),
            attempt_no: Set(1),
            fee_due: Set(false),
            fee_paid_at: Set(None),
            fee_receipt_no: Set(None),
            fee_payment_id: Set(None),
            seat: Set(Some(i32::try_from(i)? + 1)),
            evaluator_id: Set(None),
            second_evaluator_id: Set(None),
            third_evaluator_id: Set(None),
            signed_in_at: Set(None),
            registered_by: Set(officer.id),
            registered_at: Set(now - Duration::days(1)),
        });
        writeln!(roster, "{uid}\t{}\t{login}", enterprise.id)?;
    }
    insert_all(&txn, users).await?;
    insert_all(&txn, memberships).await?;
    insert_all(&txn, persons).await?;
    insert_all(&txn, enrolments).await?;
    insert_all(&txn, candidates).await?;
    txn.commit().await?;
    std::fs::write(&cli.out, roster)?;
    println!(
        "bench-exam-seed: sitting {sitting_id} open until {}, {} candidates of {}, paper of {} questions, in {:.1}s",
        now + Duration::hours(12),
        cli.candidates,
        enterprise.name,
        cli.questions,
        started.elapsed().as_secs_f64()
    );
    Ok(())
}
