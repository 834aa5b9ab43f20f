//! The bulk-import benchmark (a measurement, not a test): writes a sheet of N persons in the
//! import template (CSV or XLSX) employed by member organizations of the demo association,
//! uploads it to `POST /api/v1/persons/imports` as the association admin, all or nothing,
//! follows the import job (`GET /api/v1/jobs/{id}` every 100 ms) until it ends, and prints the
//! file size, the wall time from the upload to the job's end and the job's report.
//! `bench/import.sh` runs it against a release server on each database and reads the server's
//! CPU and peak RSS.

use clap::Parser;
use std::process::ExitCode;
use std::time::Instant;
use time::macros::date;

#[derive(Parser)]
#[command(
    name = "bench-import",
    about = "Upload an N-person import sheet and time it"
)]
struct Cli {
    /// seforce's base URL.
    #[arg(long, default_value = "http://127.0.0.1:18094")]
    url: String,
    /// Data rows in the sheet.
    #[arg(long, default_value_t = 100_000)]
    rows: u32,
    /// `csv` or `xlsx`.
    #[arg(long, default_value = "csv")]
    format: String,
}

type BoxError = Box<dyn std::error::Error>;

/// ID-number sequence numbers per birth date (odd: male).
const SEQS: u32 = 450;
/// A region the demo and `bench-seed` persons do not use.
const REGION: &str = "430105";
const HEADER: [&str; 13] = [
    "姓名",
    "性别",
    "出生日期",
    "身份证号",
    "学历",
    "毕业院校",
    "学历证书编号",
    "职称",
    "职称级别",
    "工作单位统一社会信用代码",
    "岗位",
    "任职日期",
    "社保状态",
];

fn row(i: u32, codes: &[String]) -> Result<[String; 13], BoxError> {
    let birth = date!(1965 - 01 - 01) + time::Duration::days(i64::from(i / SEQS));
    let seq = u16::try_from((i % SEQS) * 2 + 1)?;
    Ok([
        format!("导入{i}"),
        "男".into(),
        birth.to_string(),
        directory::demo::national_id(REGION, birth, seq),
        "本科".into(),
        "湖南大学".into(),
        String::new(),
        "工程师".into(),
        "中级".into(),
        codes[i as usize % codes.len()].clone(),
        "检验员".into(),
        "2015-03-01".into(),
        "连续".into(),
    ])
}

fn sheet(format: &str, rows: u32, codes: &[String]) -> Result<(Vec<u8>, &'static str), BoxError> {
    match format {
        "csv" => {
            let mut out = csv::Writer::from_writer(Vec::new());
            out.write_record(HEADER)?;
            for i in 0..rows {
                out.write_record(row(i, codes)?)?;
            }
            Ok((out.into_inner()?, "text/csv"))
        }
        "xlsx" => {
            let mut wb = rust_xlsxwriter::Workbook::new();
            let ws = wb.add_worksheet();
            for (c, h) in HEADER.iter().enumerate() {
                ws.write_string(0, c as u16, *h)?;
            }
            for i in 0..rows {
                for (c, v) in row(i, codes)?.iter().enumerate() {
                    ws.write_string(i + 1, c as u16, v)?;
                }
            }
            Ok((
                wb.save_to_buffer()?,
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            ))
        }
        other => Err(format!("unknown format {other}").into()),
    }
}

async fn run(cli: &Cli) -> Result<(), BoxError> {
    let client = reqwest::Client::new();
    let login: serde_json::Value = client
        .post(format!("{}/api/v1/auth/token", cli.url))
        .json(&serde_json::json!({"login": "assoc.admin", "password": "Demo-Pass-2026"}))
        .send()
        .await?
        .json()
        .await?;
    let token = login["access_token"]
        .as_str()
        .ok_or("login failed")?
        .to_owned();
    let orgs: serde_json::Value = client
        .get(format!("{}/api/v1/organizations?limit=100", cli.url))
        .bearer_auth(&token)
        .send()
        .await?
        .json()
        .await?;
    let codes: Vec<String> = orgs["items"]
        .as_array()
        .ok_or("no organizations")?
        .iter()
        .filter(|o| o["kind"] != "association")
        .filter_map(|o| o["credit_code"].as_str().map(str::to_owned))
        .collect();
    if codes.is_empty() {
        return Err("no member organizations".into());
    }
    let (file, content_type) = sheet(&cli.format, cli.rows, &codes)?;
    let started = Instant::now();
    let answer = client
        .post(format!("{}/api/v1/persons/imports", cli.url))
        .bearer_auth(&token)
        .header("content-type", content_type)
        .body(file.clone())
        .timeout(std::time::Duration::from_secs(600))
        .send()
        .await?;
    let status = answer.status();
    let location = answer
        .headers()
        .get("location")
        .and_then(|l| l.to_str().ok())
        .map(str::to_owned);
    let body: serde_json::Value = answer.json().await?;
    let accepted = started.elapsed().as_secs_f64();
    let Some(location) = location.filter(|_| status.as_u16() == 202) else {
        return Err(format!(
            "upload refused: HTTP {}: {}",
            status.as_u16(),
            body.to_string().chars().take(400).collect::<String>()
        )
        .into());
    };
    let job = loop {
        let job: serde_json::Value = client
            .get(format!("{}{location}", cli.url))
            .bearer_auth(&token)
            .send()
            .await?
            .json()
            .await?;
        if job["state"] == "succeeded" || job["state"] == "failed" {
            break job;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    };
    let secs = started.elapsed().as_secs_f64();
    println!(
        "{} rows as {}: {} bytes, {:.1} s, accepted after {:.1} s, job {}, imported {}, rejected {}",
        cli.rows,
        cli.format,
        file.len(),
        secs,
        accepted,
        job["state"].as_str().unwrap_or("?"),
        job["report"]["imported"],
        job["report"]["rejected"].as_array().map_or(0, Vec::len)
    );
    if job["state"] != "succeeded" {
        return Err(format!(
            "import failed: {}",
            job.to_string().chars().take(400).collect::<String>()
        )
        .into());
    }
    Ok(())
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(&cli).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("bench-import: {e}");
            ExitCode::FAILURE
        }
    }
}
