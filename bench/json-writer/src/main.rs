//! Writes the same 20-person page of `GET /api/v1/persons` N times, one way per run, so that
//! callgrind can count the instructions a page costs each way:
//!
//! - `hand`: the fast path's `JsonOut` (its file compiled in here), field by field as
//!   `directory::service::person_list::write_listed_person` writes a row;
//! - `serde_json` / `sonic`: `Page<Person>` of ready structs, serialised by serde_json or
//!   sonic-rs (what the list would do if the writer went);
//! - `serde_json_build` / `sonic_build`: the same, counting also the building of one owned
//!   `Person` per row (a `String` per text column), as `listed_person` does on the sea-orm path.
//!
//! - `serde_json_fastdates`, `sonic_fastdates` (and `…_build`): the same with the three dates
//!   written by a small hand formatter on the stack instead of `time`'s format descriptions —
//!   the best case for serde, since most of its extra cost is there.
//!
//! Every way is first checked to write the same bytes as `hand`.
//!
//! Run: `json-writer WAY N`; instructions per page = (Ir(N) − Ir(0)) / N.

#[path = "../../../crates/fastpath/src/json.rs"]
#[allow(dead_code)]
mod json;

use json::JsonOut;
use serde::Serialize;
use std::hint::black_box;
use time::{Date, OffsetDateTime};
use uuid::Uuid;

time::serde::format_description!(iso_date, Date, "[year]-[month]-[day]");

mod utc {
    use serde::Serializer;
    use time::{OffsetDateTime, UtcOffset};
    pub fn serialize<S: Serializer>(t: &OffsetDateTime, s: S) -> Result<S::Ok, S::Error> {
        time::serde::rfc3339::serialize(&t.to_offset(UtcOffset::UTC), s)
    }
}

/// `directory::service::persons::Person` as the list writes it (enums as their stored names,
/// which is what their serde form is).
#[derive(Serialize)]
struct Person {
    id: Uuid,
    name: String,
    gender: &'static str,
    #[serde(with = "iso_date")]
    birth_date: Date,
    national_id_masked: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    national_id: Option<String>,
    education_level: Option<&'static str>,
    school: Option<String>,
    education_certificate_no: Option<String>,
    title: Option<String>,
    title_level: Option<&'static str>,
    employer_id: Uuid,
    employer_name: Option<String>,
    post: Option<String>,
    #[serde(with = "iso_date::option")]
    post_since: Option<Date>,
    social_insurance: Option<&'static str>,
    user_id: Option<Uuid>,
    version: i32,
    #[serde(with = "utc")]
    created_at: OffsetDateTime,
}

/// `Person` with its dates written by [`fast`] instead of `time`'s formatting.
#[derive(Serialize)]
struct FastPerson {
    id: Uuid,
    name: String,
    gender: &'static str,
    #[serde(serialize_with = "fast::date")]
    birth_date: Date,
    national_id_masked: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    national_id: Option<String>,
    education_level: Option<&'static str>,
    school: Option<String>,
    education_certificate_no: Option<String>,
    title: Option<String>,
    title_level: Option<&'static str>,
    employer_id: Uuid,
    employer_name: Option<String>,
    post: Option<String>,
    #[serde(serialize_with = "fast::opt_date")]
    post_since: Option<Date>,
    social_insurance: Option<&'static str>,
    user_id: Option<Uuid>,
    version: i32,
    #[serde(serialize_with = "fast::datetime")]
    created_at: OffsetDateTime,
}

/// Dates formatted on the stack (four-digit years, UTC instants: what the rows hold).
mod fast {
    use serde::Serializer;
    use time::{Date, OffsetDateTime, UtcOffset};

    fn two(b: &mut [u8], n: u8) {
        b[0] = b'0' + n / 10;
        b[1] = b'0' + n % 10;
    }

    fn ymd(b: &mut [u8], d: Date) {
        let y = d.year().clamp(0, 9999) as u32;
        two(&mut b[0..2], (y / 100) as u8);
        two(&mut b[2..4], (y % 100) as u8);
        b[4] = b'-';
        two(&mut b[5..7], u8::from(d.month()));
        b[7] = b'-';
        two(&mut b[8..10], d.day());
    }

    pub fn date<S: Serializer>(d: &Date, s: S) -> Result<S::Ok, S::Error> {
        let mut b = [0u8; 10];
        ymd(&mut b, *d);
        s.serialize_str(std::str::from_utf8(&b).unwrap_or_default())
    }

    pub fn opt_date<S: Serializer>(d: &Option<Date>, s: S) -> Result<S::Ok, S::Error> {
        match d {
            Some(d) => date(d, s),
            None => s.serialize_none(),
        }
    }

    pub fn datetime<S: Serializer>(t: &OffsetDateTime, s: S) -> Result<S::Ok, S::Error> {
        let t = t.to_offset(UtcOffset::UTC);
        let mut b = [0u8; 30];
        ymd(&mut b, t.date());
        b[10] = b'T';
        two(&mut b[11..13], t.hour());
        b[13] = b':';
        two(&mut b[14..16], t.minute());
        b[16] = b':';
        two(&mut b[17..19], t.second());
        let mut len = 19;
        let mut nanos = t.nanosecond();
        if nanos != 0 {
            let mut digits = 9;
            while nanos.is_multiple_of(10) {
                nanos /= 10;
                digits -= 1;
            }
            b[len] = b'.';
            for i in (0..digits).rev() {
                b[len + 1 + i] = b'0' + (nanos % 10) as u8;
                nanos /= 10;
            }
            len += 1 + digits;
        }
        b[len] = b'Z';
        s.serialize_str(std::str::from_utf8(&b[..=len]).unwrap_or_default())
    }
}

#[derive(Serialize)]
struct Page<T> {
    items: Vec<T>,
    next_cursor: Option<String>,
}

/// One database row as the reader hands it over: borrowed text, typed dates.
struct Row {
    id: Uuid,
    name: String,
    gender: &'static str,
    birth_date: Date,
    masked: String,
    education: Option<&'static str>,
    school: Option<String>,
    certificate: Option<String>,
    title: Option<String>,
    title_level: Option<&'static str>,
    employer_id: Uuid,
    employer_name: Option<String>,
    post: Option<String>,
    post_since: Option<Date>,
    insurance: Option<&'static str>,
    user_id: Option<Uuid>,
    version: i64,
    created_at: OffsetDateTime,
}

/// The `make bench` data (bench-seed): 20 persons of one member organization.
fn rows() -> Vec<Row> {
    let created = time::macros::datetime!(2026-12-01 08:15:42.123456 UTC);
    let employer = Uuid::now_v7();
    (0..20u32)
        .map(|i| {
            let male = i % 2 == 0;
            Row {
                id: Uuid::now_v7(),
                name: format!("压测人员{i}"),
                gender: if male { "male" } else { "female" },
                birth_date: time::macros::date!(1960 - 01 - 01)
                    + time::Duration::days(i64::from(i)),
                masked: format!("430102********{:03}{}", i + 1, if male { "1" } else { "X" }),
                education: Some("bachelor"),
                school: Some("湖南大学".into()),
                certificate: None,
                title: Some("工程师".into()),
                title_level: Some("intermediate"),
                employer_id: employer,
                employer_name: Some("湖南省特种设备检验检测研究院".into()),
                post: Some(if male { "检验员" } else { "检验师" }.into()),
                post_since: Some(time::macros::date!(2015 - 03 - 01)),
                insurance: Some("continuous"),
                user_id: None,
                version: 1,
                created_at: created,
            }
        })
        .collect()
}

/// `write_listed_person` over in-memory rows.
fn hand(rows: &[Row], cursor: Option<&str>) -> Vec<u8> {
    let mut out = JsonOut::with_capacity(640 * rows.len().min(64) + 64);
    out.raw("{\"items\":[");
    for (n, r) in rows.iter().enumerate() {
        if n > 0 {
            out.raw(",");
        }
        out.raw("{\"id\":");
        out.uuid(r.id);
        out.raw(",\"name\":");
        out.str(&r.name);
        out.raw(",\"gender\":");
        out.str(r.gender);
        out.raw(",\"birth_date\":");
        out.date(r.birth_date);
        out.raw(",\"national_id_masked\":");
        out.str(&r.masked);
        out.raw(",\"education_level\":");
        out.opt_str(r.education);
        out.raw(",\"school\":");
        out.opt_str(r.school.as_deref());
        out.raw(",\"education_certificate_no\":");
        out.opt_str(r.certificate.as_deref());
        out.raw(",\"title\":");
        out.opt_str(r.title.as_deref());
        out.raw(",\"title_level\":");
        out.opt_str(r.title_level);
        out.raw(",\"employer_id\":");
        out.uuid(r.employer_id);
        out.raw(",\"employer_name\":");
        out.opt_str(r.employer_name.as_deref());
        out.raw(",\"post\":");
        out.opt_str(r.post.as_deref());
        out.raw(",\"post_since\":");
        out.opt_date(r.post_since);
        out.raw(",\"social_insurance\":");
        out.opt_str(r.insurance);
        out.raw(",\"user_id\":");
        out.opt_uuid(r.user_id);
        out.raw(",\"version\":");
        out.int(i64::from(i32::try_from(r.version).unwrap_or(i32::MAX)));
        out.raw(",\"created_at\":");
        out.datetime(r.created_at);
        out.raw("}");
    }
    out.raw("],\"next_cursor\":");
    out.opt_str(cursor);
    out.raw("}");
    out.into_bytes()
}

/// `listed_person`: one owned struct per row.
fn build(rows: &[Row], cursor: Option<&str>) -> Page<Person> {
    Page {
        items: rows
            .iter()
            .map(|r| Person {
                id: r.id,
                name: r.name.clone(),
                gender: r.gender,
                birth_date: r.birth_date,
                national_id_masked: r.masked.clone(),
                national_id: None,
                education_level: r.education,
                school: r.school.clone(),
                education_certificate_no: r.certificate.clone(),
                title: r.title.clone(),
                title_level: r.title_level,
                employer_id: r.employer_id,
                employer_name: r.employer_name.clone(),
                post: r.post.clone(),
                post_since: r.post_since,
                social_insurance: r.insurance,
                user_id: r.user_id,
                version: i32::try_from(r.version).unwrap_or(i32::MAX),
                created_at: r.created_at,
            })
            .collect(),
        next_cursor: cursor.map(str::to_owned),
    }
}

/// `build` with the fast dates.
fn build_fast(rows: &[Row], cursor: Option<&str>) -> Page<FastPerson> {
    let page = build(rows, cursor);
    Page {
        items: page
            .items
            .into_iter()
            .map(|p| FastPerson {
                id: p.id,
                name: p.name,
                gender: p.gender,
                birth_date: p.birth_date,
                national_id_masked: p.national_id_masked,
                national_id: p.national_id,
                education_level: p.education_level,
                school: p.school,
                education_certificate_no: p.education_certificate_no,
                title: p.title,
                title_level: p.title_level,
                employer_id: p.employer_id,
                employer_name: p.employer_name,
                post: p.post,
                post_since: p.post_since,
                social_insurance: p.social_insurance,
                user_id: p.user_id,
                version: p.version,
                created_at: p.created_at,
            })
            .collect(),
        next_cursor: page.next_cursor,
    }
}

fn with_serde_json<T: Serialize>(page: &Page<T>) -> Vec<u8> {
    let mut out = Vec::with_capacity(640 * page.items.len().min(64) + 64);
    serde_json::to_writer(&mut out, page).unwrap_or_default();
    out
}

fn with_sonic<T: Serialize>(page: &Page<T>) -> Vec<u8> {
    sonic_rs::to_vec(page).unwrap_or_default()
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let way = args.get(1).map(String::as_str).unwrap_or("hand");
    let n: u64 = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(1000);
    let rows = rows();
    let cursor = Some("01938a1c-7a7e-7c33-9d4e-5a1d2f3b4c5d");
    let expected = hand(&rows, cursor);
    let built = build(&rows, cursor);
    let fast = build_fast(&rows, cursor);
    for (name, got) in [
        ("serde_json", with_serde_json(&built)),
        ("sonic", with_sonic(&built)),
        ("serde_json_fastdates", with_serde_json(&fast)),
        ("sonic_fastdates", with_sonic(&fast)),
    ] {
        assert!(
            got == expected,
            "{name} writes other bytes:\n{}\n{}",
            String::from_utf8_lossy(&got),
            String::from_utf8_lossy(&expected)
        );
    }
    let mut bytes = 0usize;
    for _ in 0..n {
        let rows = black_box(&rows);
        let out = match way {
            "hand" => hand(rows, cursor),
            "serde_json" => with_serde_json(black_box(&built)),
            "sonic" => with_sonic(black_box(&built)),
            "serde_json_build" => with_serde_json(&build(rows, cursor)),
            "sonic_build" => with_sonic(&build(rows, cursor)),
            "serde_json_fastdates" => with_serde_json(black_box(&fast)),
            "sonic_fastdates" => with_sonic(black_box(&fast)),
            "serde_json_fastdates_build" => with_serde_json(&build_fast(rows, cursor)),
            "sonic_fastdates_build" => with_sonic(&build_fast(rows, cursor)),
            other => panic!("no way {other}: see the crate doc"),
        };
        bytes += black_box(out).len();
    }
    println!("{way}: {n} pages, {} bytes each", bytes / n.max(1) as usize);
}
