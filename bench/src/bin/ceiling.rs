//! The ceiling: a minimal actix-web server answering `GET /api/v1/persons` with a fixed page of
//! 20 persons, serialized from the same types seforce uses, so the body has the same shape and
//! about the same size. Measured in the same run as seforce, with the same worker count, it
//! tells what this machine (HTTP stack, loopback, load generator) can do at all; seforce's
//! number is then read as a ratio of it.

use actix_web::{App, HttpResponse, HttpServer, web};
use clap::Parser;
use directory::model::{EducationLevel, Gender, SocialInsurance, TitleLevel};
use directory::service::persons::Person;
use kernel::Page;
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
}

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
    })
}

#[actix_web::main]
async fn main() -> std::io::Result<()> {
    let cli = Cli::parse();
    let body = web::Bytes::from(page().map_err(std::io::Error::other)?);
    let mut server = HttpServer::new(move || {
        let body = body.clone();
        App::new().route(
            "/api/v1/persons",
            web::get().to(move || {
                let body = body.clone();
                async move {
                    HttpResponse::Ok()
                        .content_type("application/json")
                        .body(body)
                }
            }),
        )
    })
    .bind(&cli.bind)?;
    if let Some(w) = cli.workers {
        server = server.workers(w);
    }
    server.run().await
}
