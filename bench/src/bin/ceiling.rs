//! The ceiling: a minimal actix-web server answering `GET /api/v1/persons` with a fixed page of
//! 20 persons, serialized from the same types seforce uses, so the body has the same shape and
//! about the same size. Measured in the same run as seforce, with the same worker count, it
//! tells what this machine (HTTP stack, loopback, load generator) can do at all; seforce's
//! number is then read as a ratio of it.
//!
//! With `--data-dir` (and `DATABASE_URL` for PostgreSQL) it also answers
//! `GET /api/v1/db/persons`: the database ceiling. At start it signs in as the association
//! admin once and asks the directory for the statement of that admin's first page; each
//! request then only runs that statement through the same driver (`fastpath::Reader`) and
//! writes the same JSON (`write_persons_page`) — no authentication, no visibility lookup, no
//! middleware. seforce's list over the same database is read as a ratio of this too.

use actix_web::{App, HttpResponse, HttpServer, web};
use clap::Parser;
use directory::model::{EducationLevel, Gender, SocialInsurance, TitleLevel};
use directory::service::person_list::write_persons_page;
use directory::service::persons::{Person, PersonFilter};
use kernel::{Page, PageRequest};
use sea_orm::sea_query::SelectStatement;
use std::sync::Arc;
use time::macros::{date, datetime};
use uuid::Uuid;

#[derive(Parser)]
#[command(
    name = "ceiling",
    about = "Fixed 20-person page on GET /api/v1/persons (benchmark ceiling)"
)]
struct Cli {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:18091")]
    bind: String,
    /// HTTP worker threads (default: number of cores, as seforce).
    #[arg(long)]
    workers: Option<usize>,
    /// A seforce data dir (after `seed-demo`): also serve the database ceiling.
    #[arg(long)]
    data_dir: Option<String>,
    /// The database to read (default: the data dir's SQLite file).
    #[arg(long, env = "DATABASE_URL")]
    database_url: Option<String>,
}

/// seforce's configuration options, to resolve them exactly as `seforce` does.
#[derive(Parser)]
struct SeforceArgs {
    #[command(flatten)]
    config: server::config::ConfigArgs,
}

/// What the database ceiling needs per request: the reader and the admin's page statement.
#[derive(Clone)]
struct DbPage {
    reader: fastpath::Reader,
    stmt: Arc<SelectStatement>,
}

/// Signs in as the association admin and builds the statement of the admin's first page.
async fn db_page(data_dir: &str, url: Option<&str>) -> Result<DbPage, Box<dyn std::error::Error>> {
    let mut args = vec!["seforce".to_owned(), "--data-dir".into(), data_dir.into()];
    if let Some(u) = url {
        args.extend(["--database-url".into(), u.into()]);
    }
    let cfg = SeforceArgs::try_parse_from(args)?.config.resolve()?;
    let dir = server::prepare(&cfg).await?;
    let tokens = dir
        .login("assoc.admin", "Demo-Pass-2026", "127.0.0.1")
        .await?;
    let actor = dir.authenticate(&tokens.access_token).await?;
    let stmt = dir
        .persons_page(
            &actor,
            &PersonFilter::default(),
            PageRequest {
                limit: LIMIT,
                after: None,
                with_total: false,
            },
        )
        .await?;
    Ok(DbPage {
        reader: dir.reader.clone(),
        stmt: Arc::new(stmt),
    })
}

const LIMIT: u64 = 20;

/// A page like seforce's first page of `?limit=20`: twenty persons and a cursor.
fn page() -> serde_json::Result<String> {
    let employer = Uuid::now_v7();
    let items: Vec<Person> = (0..20)
        .map(|i| Person {
            id: Uuid::now_v7(),
            name: format!("压测人员{i}"),
            gender: Gender::Male,
            birth_date: date!(1960 - 01 - 01),
            national_id_masked: "430104********0012".into(),
            national_id: None,
            education_level: Some(EducationLevel::Bachelor),
            school: Some("湖南大学".into()),
            education_certificate_no: None,
            title: Some("工程师".into()),
            title_level: Some(TitleLevel::Intermediate),
            employer_id: employer,
            employer_name: Some("湖南省特种设备检验检测研究院".into()),
            post: Some("检验员".into()),
            post_since: Some(date!(2015 - 03 - 01)),
            social_insurance: Some(SocialInsurance::Continuous),
            user_id: None,
            version: 1,
            created_at: datetime!(2026-11-22 10:00:00 UTC),
        })
        .collect();
    let cursor = items.last().map(|p| p.id.simple().to_string());
    serde_json::to_string(&Page {
        items,
        next_cursor: cursor,
        total: None,
    })
}

#[actix_web::main]
async fn main() -> std::io::Result<()> {
    let cli = Cli::parse();
    let body = web::Bytes::from(page().map_err(std::io::Error::other)?);
    let db = match &cli.data_dir {
        Some(d) => Some(
            db_page(d, cli.database_url.as_deref())
                .await
                .map_err(|e| std::io::Error::other(e.to_string()))?,
        ),
        None => None,
    };
    let mut server = HttpServer::new(move || {
        let body = body.clone();
        let mut app = App::new().route(
            "/api/v1/persons",
            web::get().to(move || {
                let body = body.clone();
                async move {
                    HttpResponse::Ok()
                        .content_type("application/json")
                        .body(body)
                }
            }),
        );
        if let Some(db) = db.clone() {
            app = app.route(
                "/api/v1/db/persons",
                web::get().to(move || {
                    let db = db.clone();
                    async move {
                        match write_persons_page(&db.reader, &db.stmt, LIMIT, None).await {
                            Ok(json) => HttpResponse::Ok()
                                .content_type("application/json")
                                .body(json),
                            Err(e) => HttpResponse::InternalServerError().body(e.to_string()),
                        }
                    }
                }),
            );
        }
        app
    })
    .bind(&cli.bind)?;
    if let Some(w) = cli.workers {
        server = server.workers(w);
    }
    server.run().await
}
