//! The class archive (TR-18): after results are out, the class's file — training agreement,
//! opening notice, timetable, attendance sheet, score sheet, certificate receipt sheet — is
//! complete within 5 working days. Working days skip weekends and public holidays and count
//! make-up working days (调休上班), from a calendar the platform keeps and each association may
//! override. Results are entered per trainee by association staff until the exams domain feeds
//! them. Items are uploaded files (type and size checked, stored under the data directory) or
//! documents generated from the records; timetable and attendance sheet also export to XLSX and
//! PDF.

use crate::Training;
use crate::access::{At, Purpose, may};
use crate::deadlines::archive_deadline;
use crate::documents::{Table, to_pdf, to_xlsx};
use crate::entity::{
    archive_item, attendance, calendar_day, class, class_archive, class_result, class_session,
    course, enrolment,
};
use crate::error::{Result, TrainingError, checked, noun};
use crate::files::{self, FileOut};
use crate::model::{
    ArchiveKind, ArchiveSource, AttendanceMark, DayKind, EnrolmentStatus, Outcome, SessionKind,
};
use crate::plan::iso_date;
use directory::entity::person;
use kernel::Actor;
use kernel::audit::AuditEntry;
use kernel::clock::{SHANGHAI, shanghai_date};
use kernel::db::begin_write;
use kernel::refusal::FoundAt;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
};
use serde::{Deserialize, Serialize};
use serde_json::json;
use std::collections::BTreeMap;
use std::path::Path;
use time::{Date, OffsetDateTime};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use validator::Validate;

/// Largest archive upload (a scanned, signed sheet).
pub const UPLOAD_LIMIT: usize = 10 * 1024 * 1024;

/// A calendar entry. Without `association_id` it is the platform's (platform admin only).
#[derive(Debug, Clone, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CalendarDayIn {
    #[serde(default)]
    pub association_id: Option<Uuid>,
    #[serde(with = "iso_date")]
    #[schema(value_type = String, format = Date)]
    pub day: Date,
    pub kind: DayKind,
    /// e.g. 国庆节, 春节调休上班.
    #[validate(custom(function = "kernel::text::required_text_100"))]
    pub name: String,
}

/// A change to a calendar entry: its kind and name. The day itself is what the entry is
/// about (one entry per day and scope); another day is a removal and an addition.
#[derive(Debug, Clone, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CalendarDayChange {
    pub kind: DayKind,
    /// e.g. 国庆节, 春节调休上班.
    #[validate(custom(function = "kernel::text::required_text_100"))]
    pub name: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CalendarDay {
    pub id: Uuid,
    pub association_id: Option<Uuid>,
    #[serde(with = "iso_date")]
    #[schema(value_type = String, format = Date)]
    pub day: Date,
    pub kind: DayKind,
    pub name: String,
}

#[derive(Debug, Clone, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct CalendarQuery {
    /// Also the association's own entries (they override the platform's).
    pub association_id: Option<Uuid>,
}

/// A trainee's result (until the exams domain feeds them).
#[derive(Debug, Clone, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ResultIn {
    pub enrolment_id: Uuid,
    #[validate(range(min = 0, max = 100))]
    pub score: i32,
    pub passed: bool,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ClassResult {
    pub enrolment_id: Uuid,
    pub person_id: Uuid,
    pub person_name: String,
    pub score: i32,
    pub passed: bool,
}

/// One of the six items and whether it is in the file.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ArchiveItem {
    pub kind: ArchiveKind,
    pub present: bool,
    pub source: Option<ArchiveSource>,
    pub file_name: Option<String>,
    pub content_type: Option<String>,
    pub size: Option<i64>,
}

/// A class's archive and its TR-18 deadline.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Archive {
    pub class_id: Uuid,
    pub items: Vec<ArchiveItem>,
    pub complete: bool,
    /// The day results came out (Asia/Shanghai); null until then.
    #[serde(with = "iso_date::option")]
    #[schema(value_type = Option<String>, format = Date)]
    pub results_out_on: Option<Date>,
    /// Five working days later (TR-18).
    #[serde(with = "iso_date::option")]
    #[schema(value_type = Option<String>, format = Date)]
    pub due_on: Option<Date>,
    /// Not complete after the due day.
    pub overdue: bool,
}

/// Export format of a generated sheet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ExportFormat {
    Xlsx,
    Pdf,
}

#[derive(Debug, Clone, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ExportQuery {
    pub format: ExportFormat,
}

/// The upload types accepted (checked by the shared checker in `files`).
const UPLOAD_TYPES: [&str; 5] = [
    files::PDF,
    files::JPEG,
    files::PNG,
    files::XLSX,
    files::DOCX,
];

impl Training {
    /// The working-day calendar for an association: platform entries, overridden by its own.
    pub async fn calendar<C: ConnectionTrait>(
        &self,
        conn: &C,
        association: Uuid,
    ) -> Result<BTreeMap<Date, DayKind>> {
        crate::deadlines::calendar(conn, association).await
    }

    /// Adds a holiday or a make-up working day: the platform's (platform admin) or an
    /// association's own (its admin or staff).
    pub async fn add_calendar_day(
        &self,
        actor: &Actor,
        input: CalendarDayIn,
    ) -> Result<CalendarDay> {
        let scope = match input.association_id {
            None if actor.is_platform_admin() => "platform".to_owned(),
            None => return Err(TrainingError::forbidden()),
            Some(a) if Self::staff_of(actor, a) => a.to_string(),
            Some(a) => return Err(Self::not_staff(actor, a)),
        };
        if let Some(a) = input.association_id {
            crate::classes::require_association(&self.dir.db, a).await?;
        }
        checked(&input)?;
        let name = input.name.trim();
        let txn = begin_write(&self.dir.db).await?;
        let now = self.dir.clock.now();
        let row = calendar_day::ActiveModel {
            id: Set(Uuid::now_v7()),
            scope: Set(scope),
            day: Set(input.day),
            kind: Set(input.kind),
            name: Set(name.to_owned()),
            created_by: Set(actor.id()),
            created_at: Set(now),
        }
        .insert(&txn)
        .await
        .map_err(TrainingError::on_unique(
            "day_exists",
            "该日期已登记",
            "this day is already in the calendar",
        ))?;
        AuditEntry::new("calendar.add_day", "calendar_day", row.id)
            .in_org(input.association_id)
            .change(json!({"day": row.day.to_string(), "kind": row.kind, "name": row.name}))
            .record(&txn, actor, now)
            .await?;
        txn.commit().await?;
        Ok(CalendarDay {
            id: row.id,
            association_id: input.association_id,
            day: row.day,
            kind: input.kind,
            name: row.name,
        })
    }

    /// Loads a calendar entry for a change by the roles that may add one (TR-18): the
    /// platform's by the platform admin, an association's by its admin or staff. Whoever may
    /// read the entry but not change it is refused (403: anyone reads the platform's, the
    /// association's finance reads its own); to everyone else another tenant's entry does not
    /// exist (404).
    async fn editable_day<C: ConnectionTrait>(
        &self,
        conn: &C,
        actor: &Actor,
        id: Uuid,
    ) -> Result<calendar_day::Model> {
        let d = calendar_day::Entity::find_by_id(id)
            .one(conn)
            .await?
            .ok_or(TrainingError::not_found(noun::CALENDAR_DAY))?;
        match d.scope.parse::<Uuid>() {
            Err(_) if actor.is_platform_admin() => Ok(d),
            Err(_) => Err(TrainingError::forbidden()),
            Ok(a) if Self::staff_of(actor, a) => Ok(d),
            Ok(a) if may(actor, Purpose::ReadAssociationTraining, At::Association(a)) => {
                Err(TrainingError::forbidden())
            }
            Ok(_) => Err(TrainingError::not_found(noun::CALENDAR_DAY)),
        }
    }

    /// Changes a calendar entry's kind or name (TR-18: "an editable calendar"). Archive due
    /// dates are computed from the calendar when read, so they follow at once.
    pub async fn change_calendar_day(
        &self,
        actor: &Actor,
        id: Uuid,
        input: CalendarDayChange,
    ) -> Result<CalendarDay> {
        let name = input.name.trim();
        let txn = begin_write(&self.dir.db).await?;
        let d = self.editable_day(&txn, actor, id).await?;
        checked(&input)?;
        let kind = input.kind;
        let now = self.dir.clock.now();
        calendar_day::Entity::update_many()
            .col_expr(calendar_day::Column::Kind, Expr::value(kind))
            .col_expr(calendar_day::Column::Name, Expr::value(name))
            .filter(calendar_day::Column::Id.eq(d.id))
            .exec(&txn)
            .await?;
        AuditEntry::new("calendar.change_day", "calendar_day", d.id)
            .in_org(d.scope.parse().ok())
            .change(json!({"day": d.day.to_string(), "kind": {"before": d.kind, "after": kind}, "name": {"before": d.name, "after": name}}))
            .record(&txn, actor, now)
            .await?;
        txn.commit().await?;
        Ok(CalendarDay {
            id: d.id,
            association_id: d.scope.parse().ok(),
            day: d.day,
            kind: input.kind,
            name: name.to_owned(),
        })
    }

    /// Removes a calendar entry (TR-18): the day counts by its weekday again, or by the
    /// platform's entry when an association's own override goes. Due dates follow when read.
    /// The audit row keeps what was removed.
    pub async fn remove_calendar_day(&self, actor: &Actor, id: Uuid) -> Result<()> {
        let txn = begin_write(&self.dir.db).await?;
        let d = self.editable_day(&txn, actor, id).await?;
        let now = self.dir.clock.now();
        let gone = calendar_day::Entity::delete_many()
            .filter(calendar_day::Column::Id.eq(d.id))
            .exec(&txn)
            .await?;
        if gone.rows_affected != 1 {
            return Err(TrainingError::not_found(noun::CALENDAR_DAY));
        }
        AuditEntry::new("calendar.remove_day", "calendar_day", d.id)
            .in_org(d.scope.parse().ok())
            .change(json!({"day": d.day.to_string(), "kind": d.kind, "name": d.name}))
            .record(&txn, actor, now)
            .await?;
        txn.commit().await?;
        Ok(())
    }

    /// The platform's calendar entries, and an association's own when asked (by its staff).
    pub async fn list_calendar_days(
        &self,
        actor: &Actor,
        q: CalendarQuery,
    ) -> Result<Vec<CalendarDay>> {
        let mut scopes = vec!["platform".to_owned()];
        if let Some(a) = q.association_id {
            if !may(actor, Purpose::ReadAssociationTraining, At::Association(a)) {
                return Err(TrainingError::not_found(noun::ASSOCIATION));
            }
            scopes.push(a.to_string());
        }
        let rows = calendar_day::Entity::find()
            .filter(calendar_day::Column::Scope.is_in(scopes))
            .order_by_asc(calendar_day::Column::Day)
            .all(&self.dir.db)
            .await?;
        Ok(rows
            .into_iter()
            .map(|r| CalendarDay {
                id: r.id,
                association_id: r.scope.parse().ok(),
                day: r.day,
                kind: r.kind,
                name: r.name,
            })
            .collect())
    }

    /// Association staff enter a trainee's result, only for a trainee eligible for the exam
    /// (EX-11); once results are out they are fixed.
    pub async fn record_result(
        &self,
        actor: &Actor,
        class_id: Uuid,
        input: ResultIn,
    ) -> Result<ClassResult> {
        let txn = begin_write(&self.dir.db).await?;
        let c = self.staff_class(&txn, actor, class_id).await?;
        checked(&input)?;
        // A result is what the class's exam gave, so there is none before the class has
        // ended (it used to be accepted weeks early).
        if self.dir.clock.now() < c.ends_at {
            return Err(TrainingError::conflict(
                "class_not_ended",
                "培训班结束后才能录入成绩",
                "results are recorded once the class has ended",
            ));
        }
        if class_archive::Entity::find_by_id(c.id)
            .one(&txn)
            .await?
            .is_some()
        {
            return Err(TrainingError::conflict(
                "results_out",
                "成绩已发布,不能再录入",
                "results are out and fixed",
            ));
        }
        let e = enrolment::Entity::find_by_id(input.enrolment_id)
            .one(&txn)
            .await?
            .filter(|e| e.class_id == c.id)
            .or_not_found_at(
                "/enrolment_id",
                "本班无此报名",
                "no such enrolment in this class",
            )?;
        // EX-11: only an eligible trainee has a result — an unpaid one (TR-09) or one with two
        // or more unexcused absences (TR-17) was not examined, and a pass would go on to earn
        // continuing-education hours (CE-03). Refused with the first rule that bars the exam.
        if let Some(bar) = self.exam_bars(&txn, &e).await?.into_iter().next() {
            return Err(bar.into());
        }
        let now = self.dir.clock.now();
        class_result::Entity::delete_many()
            .filter(class_result::Column::EnrolmentId.eq(e.id))
            .exec(&txn)
            .await?;
        let row = class_result::ActiveModel {
            id: Set(Uuid::now_v7()),
            class_id: Set(c.id),
            enrolment_id: Set(e.id),
            person_id: Set(e.person_id),
            score: Set(input.score),
            outcome: Set(if input.passed {
                Outcome::Pass
            } else {
                Outcome::Fail
            }),
            recorded_by: Set(actor.id()),
            recorded_at: Set(now),
        }
        .insert(&txn)
        .await?;
        AuditEntry::new("class.record_result", "enrolment", e.id)
            .in_org(c.association_id)
            .change(json!({"score": row.score, "outcome": row.outcome}))
            .record(&txn, actor, now)
            .await?;
        let person_name = person::Entity::find_by_id(e.person_id)
            .one(&txn)
            .await?
            .map(|p| p.name)
            .unwrap_or_default();
        txn.commit().await?;
        Ok(ClassResult {
            enrolment_id: e.id,
            person_id: e.person_id,
            person_name,
            score: row.score,
            passed: input.passed,
        })
    }

    /// A result the exams domain decided (issue 16): written as the class's result for the
    /// enrolment inside the exams' transaction, replacing a hand-entered one. Refused once the
    /// class's results are out (they are fixed), like a hand entry.
    pub async fn record_exam_result<C: ConnectionTrait>(
        &self,
        conn: &C,
        actor: &Actor,
        enrolment_id: Uuid,
        score: i32,
        passed: bool,
    ) -> Result<()> {
        let e = enrolment::Entity::find_by_id(enrolment_id)
            .one(conn)
            .await?
            .ok_or(TrainingError::not_found(noun::ENROLMENT))?;
        if class_archive::Entity::find_by_id(e.class_id)
            .one(conn)
            .await?
            .is_some()
        {
            return Err(TrainingError::conflict(
                "results_out",
                "培训班成绩已发布,不能再写入考试成绩",
                "the class's results are out and fixed",
            ));
        }
        let now = self.dir.clock.now();
        class_result::Entity::delete_many()
            .filter(class_result::Column::EnrolmentId.eq(e.id))
            .exec(conn)
            .await?;
        class_result::ActiveModel {
            id: Set(Uuid::now_v7()),
            class_id: Set(e.class_id),
            enrolment_id: Set(e.id),
            person_id: Set(e.person_id),
            score: Set(score),
            outcome: Set(if passed { Outcome::Pass } else { Outcome::Fail }),
            recorded_by: Set(actor.id()),
            recorded_at: Set(now),
        }
        .insert(conn)
        .await?;
        Ok(())
    }

    /// Results are out: the TR-18 clock starts today (Asia/Shanghai). At least one result must
    /// be recorded; it happens once.
    pub async fn release_results(&self, actor: &Actor, class_id: Uuid) -> Result<Archive> {
        let txn = begin_write(&self.dir.db).await?;
        let c = self.staff_class(&txn, actor, class_id).await?;
        let any = class_result::Entity::find()
            .filter(class_result::Column::ClassId.eq(c.id))
            .one(&txn)
            .await?
            .is_some();
        if !any {
            return Err(TrainingError::conflict(
                "no_results",
                "尚未录入成绩",
                "no results recorded",
            ));
        }
        let now = self.dir.clock.now();
        class_archive::ActiveModel {
            class_id: Set(c.id),
            results_out_on: Set(shanghai_date(now)),
            released_by: Set(actor.id()),
            released_at: Set(now),
        }
        .insert(&txn)
        .await
        .map_err(TrainingError::on_unique(
            "results_out",
            "成绩已发布",
            "results are already out",
        ))?;
        AuditEntry::new("class.release_results", "class", c.id)
            .in_org(c.association_id)
            .change(json!({"results_out_on": shanghai_date(now).to_string()}))
            .record(&txn, actor, now)
            .await?;
        let a = self.archive_of(&txn, &c).await?;
        txn.commit().await?;
        Ok(a)
    }

    async fn archive_of<C: ConnectionTrait>(&self, conn: &C, c: &class::Model) -> Result<Archive> {
        let stored = archive_item::Entity::find()
            .filter(archive_item::Column::ClassId.eq(c.id))
            .all(conn)
            .await?;
        let items: Vec<ArchiveItem> = ArchiveKind::ALL
            .iter()
            .map(|k| {
                let s = stored.iter().find(|s| s.kind == *k);
                ArchiveItem {
                    kind: *k,
                    present: s.is_some(),
                    source: s.map(|s| s.source),
                    file_name: s.map(|s| s.file_name.clone()),
                    content_type: s.map(|s| s.content_type.clone()),
                    size: s.map(|s| s.size),
                }
            })
            .collect();
        let complete = items.iter().all(|i| i.present);
        let out = class_archive::Entity::find_by_id(c.id).one(conn).await?;
        let today = self.dir.clock.today_shanghai();
        let (results_out_on, due_on, overdue) = match out {
            Some(a) => {
                let cal = self.calendar(conn, c.association_id).await?;
                let (due, overdue) = archive_deadline(a.results_out_on, complete, &cal, today);
                (Some(a.results_out_on), Some(due), overdue)
            }
            None => (None, None, false),
        };
        Ok(Archive {
            class_id: c.id,
            overdue,
            items,
            complete,
            results_out_on,
            due_on,
        })
    }

    /// The class's archive with its TR-18 deadline.
    pub async fn get_archive(&self, actor: &Actor, class_id: Uuid) -> Result<Archive> {
        let c = self.staff_class(&self.dir.db, actor, class_id).await?;
        self.archive_of(&self.dir.db, &c).await
    }

    /// Stores an uploaded item under `<data dir>/archive/<class>/`; the type must be PDF, JPEG,
    /// PNG, XLSX or DOCX and the leading bytes must agree with it (the shared checker in
    /// `files`). Replaces an earlier item.
    pub async fn upload_archive_item(
        &self,
        actor: &Actor,
        data_dir: &Path,
        class_id: Uuid,
        kind: ArchiveKind,
        content_type: &str,
        bytes: &[u8],
    ) -> Result<Archive> {
        let checked = files::check(content_type, bytes, &UPLOAD_TYPES, UPLOAD_LIMIT)?;
        let file_name = format!("{}.{}", kind.as_str(), checked.ext);
        self.store_item(
            actor,
            data_dir,
            class_id,
            kind,
            ArchiveSource::Upload,
            &file_name,
            checked.media,
            bytes,
        )
        .await
    }

    /// Generates an item from the records as a PDF: timetable, attendance sheet or score sheet.
    /// The others carry signatures or stamps and are uploaded.
    pub async fn generate_archive_item(
        &self,
        actor: &Actor,
        data_dir: &Path,
        class_id: Uuid,
        kind: ArchiveKind,
    ) -> Result<Archive> {
        let table = self.sheet(actor, class_id, kind).await?;
        let pdf = to_pdf(&table)?;
        let file_name = format!("{}.pdf", kind.as_str());
        self.store_item(
            actor,
            data_dir,
            class_id,
            kind,
            ArchiveSource::Generated,
            &file_name,
            files::PDF,
            &pdf,
        )
        .await
    }

    #[allow(clippy::too_many_arguments)]
    async fn store_item(
        &self,
        actor: &Actor,
        data_dir: &Path,
        class_id: Uuid,
        kind: ArchiveKind,
        source: ArchiveSource,
        file_name: &str,
        content_type: &str,
        bytes: &[u8],
    ) -> Result<Archive> {
        let txn = begin_write(&self.dir.db).await?;
        let c = self.staff_class(&txn, actor, class_id).await?;
        let id = Uuid::now_v7();
        let ext = file_name.rsplit('.').next().unwrap_or("bin");
        let rel = files::store(data_dir, "archive", c.id, id, ext, bytes)?;
        let old = archive_item::Entity::find()
            .filter(archive_item::Column::ClassId.eq(c.id))
            .filter(archive_item::Column::Kind.eq(kind))
            .one(&txn)
            .await?;
        let now = self.dir.clock.now();
        let written = async {
            if let Some(o) = &old {
                archive_item::Entity::delete_by_id(o.id).exec(&txn).await?;
            }
            archive_item::ActiveModel {
                id: Set(id),
                class_id: Set(c.id),
                kind: Set(kind),
                source: Set(source),
                file_name: Set(file_name.into()),
                content_type: Set(content_type.into()),
                size: Set(i64::try_from(bytes.len()).unwrap_or(i64::MAX)),
                stored_as: Set(rel.to_string_lossy().into_owned()),
                added_by: Set(actor.id()),
                added_at: Set(now),
            }
            .insert(&txn)
            .await?;
            AuditEntry::new("archive.add_item", "class", c.id)
                .in_org(c.association_id)
                .change(json!({"kind": kind, "source": source, "size": bytes.len(), "replaced": old.as_ref().map(|o| o.id)}))
                .record(&txn, actor, now)
                .await?;
            self.archive_of(&txn, &c).await
        }
        .await;
        let a = files::commit_or_remove(txn, data_dir, &rel, written).await?;
        if let Some(o) = old {
            files::remove(data_dir, Path::new(&o.stored_as));
        }
        Ok(a)
    }

    /// The stored file of an item.
    pub async fn archive_file(
        &self,
        actor: &Actor,
        data_dir: &Path,
        class_id: Uuid,
        kind: ArchiveKind,
    ) -> Result<FileOut> {
        let c = self.staff_class(&self.dir.db, actor, class_id).await?;
        let item = archive_item::Entity::find()
            .filter(archive_item::Column::ClassId.eq(c.id))
            .filter(archive_item::Column::Kind.eq(kind))
            .one(&self.dir.db)
            .await?
            .ok_or(TrainingError::not_found(noun::ARCHIVE_ITEM))?;
        let bytes = files::read(data_dir, &item.stored_as)?;
        Ok(FileOut {
            file_name: item.file_name,
            content_type: item.content_type,
            bytes,
        })
    }

    /// The timetable or the attendance sheet as XLSX or PDF.
    pub async fn export_sheet(
        &self,
        actor: &Actor,
        class_id: Uuid,
        kind: ArchiveKind,
        format: ExportFormat,
    ) -> Result<FileOut> {
        let t = self.sheet(actor, class_id, kind).await?;
        Ok(match format {
            ExportFormat::Xlsx => FileOut {
                file_name: format!("{}.xlsx", kind.as_str()),
                content_type: files::XLSX.into(),
                bytes: to_xlsx(&t)?,
            },
            ExportFormat::Pdf => FileOut {
                file_name: format!("{}.pdf", kind.as_str()),
                content_type: files::PDF.into(),
                bytes: to_pdf(&t)?,
            },
        })
    }

    /// Builds a sheet from the records.
    async fn sheet(&self, actor: &Actor, class_id: Uuid, kind: ArchiveKind) -> Result<Table> {
        let db = &self.dir.db;
        let c = self.staff_class(db, actor, class_id).await?;
        let course_name = course::Entity::find_by_id(c.course_id)
            .one(db)
            .await?
            .map(|k| k.name)
            .unwrap_or_default();
        let fmt_t = |t: OffsetDateTime| {
            let t = t.to_offset(SHANGHAI);
            format!("{} {:02}:{:02}", t.date(), t.hour(), t.minute())
        };
        let place = c
            .venue
            .clone()
            .or(c.online_link.clone())
            .unwrap_or_default();
        let subtitle = vec![
            format!("培训班:{}", c.name),
            format!("课程:{course_name}"),
            format!("时间:{} 至 {}", fmt_t(c.starts_at), fmt_t(c.ends_at)),
            format!("地点:{place}"),
        ];
        let sessions = class_session::Entity::find()
            .filter(class_session::Column::ClassId.eq(c.id))
            .order_by_asc(class_session::Column::StartsAt)
            .all(db)
            .await?;
        let trainees = enrolment::Entity::find()
            .filter(enrolment::Column::ClassId.eq(c.id))
            .filter(
                enrolment::Column::Status
                    .is_in([EnrolmentStatus::Confirmed, EnrolmentStatus::Paid]),
            )
            .order_by_asc(enrolment::Column::Id)
            .all(db)
            .await?;
        let people = person::Entity::find()
            .filter(person::Column::Id.is_in(trainees.iter().map(|e| e.person_id)))
            .all(db)
            .await?;
        let who = |pid: Uuid| {
            people
                .iter()
                .find(|p| p.id == pid)
                .map(|p| (p.name.clone(), p.national_id_masked.clone()))
                .unwrap_or_default()
        };
        match kind {
            ArchiveKind::Timetable => Ok(Table {
                title: "课程表".into(),
                subtitle,
                header: vec![
                    "课次".into(),
                    "开始".into(),
                    "结束".into(),
                    "类型".into(),
                    "课程".into(),
                    "地点".into(),
                ],
                widths: vec![1.0, 3.0, 3.0, 1.5, 4.0, 5.0],
                amounts: vec![],
                rows: sessions
                    .iter()
                    .enumerate()
                    .map(|(i, s)| {
                        vec![
                            format!("{}", i + 1),
                            fmt_t(s.starts_at),
                            fmt_t(s.ends_at),
                            match s.kind {
                                SessionKind::Theory => "理论".into(),
                                SessionKind::Practical => "实操".into(),
                            },
                            course_name.clone(),
                            place.clone(),
                        ]
                    })
                    .collect(),
            }),
            ArchiveKind::AttendanceSheet => {
                let marks = attendance::Entity::find()
                    .filter(attendance::Column::SessionId.is_in(sessions.iter().map(|s| s.id)))
                    .all(db)
                    .await?;
                let mut header = vec!["序号".into(), "姓名".into(), "身份证号".into()];
                header.extend(sessions.iter().enumerate().map(|(i, s)| {
                    let t = s.starts_at.to_offset(SHANGHAI);
                    format!("第{}次 {:02}-{:02}", i + 1, u8::from(t.month()), t.day())
                }));
                let mut widths = vec![1.0, 2.5, 4.0];
                widths.extend(sessions.iter().map(|_| 2.0));
                let rows = trainees
                    .iter()
                    .enumerate()
                    .map(|(i, e)| {
                        let (name, id) = who(e.person_id);
                        let mut r = vec![format!("{}", i + 1), name, id];
                        r.extend(sessions.iter().map(|s| {
                            match marks
                                .iter()
                                .find(|m| m.session_id == s.id && m.enrolment_id == e.id)
                                .map(|m| m.status)
                            {
                                Some(AttendanceMark::Present) => "出勤".to_owned(),
                                Some(AttendanceMark::Absent) => "缺勤".to_owned(),
                                Some(AttendanceMark::Excused) => "请假".to_owned(),
                                None => String::new(),
                            }
                        }));
                        r
                    })
                    .collect();
                Ok(Table {
                    title: "学员考勤表".into(),
                    subtitle,
                    header,
                    widths,
                    amounts: vec![],
                    rows,
                })
            }
            ArchiveKind::ScoreSheet => {
                let results = class_result::Entity::find()
                    .filter(class_result::Column::ClassId.eq(c.id))
                    .all(db)
                    .await?;
                let rows = trainees
                    .iter()
                    .enumerate()
                    .map(|(i, e)| {
                        let (name, id) = who(e.person_id);
                        let r = results.iter().find(|r| r.enrolment_id == e.id);
                        vec![
                            format!("{}", i + 1),
                            name,
                            id,
                            r.map(|r| r.score.to_string()).unwrap_or_default(),
                            r.map(|r| {
                                if r.outcome == Outcome::Pass {
                                    "合格"
                                } else {
                                    "不合格"
                                }
                                .to_owned()
                            })
                            .unwrap_or_default(),
                        ]
                    })
                    .collect();
                Ok(Table {
                    title: "考核成绩表".into(),
                    subtitle,
                    header: vec![
                        "序号".into(),
                        "姓名".into(),
                        "身份证号".into(),
                        "成绩".into(),
                        "结果".into(),
                    ],
                    widths: vec![1.0, 2.5, 4.0, 1.5, 1.5],
                    amounts: vec![],
                    rows,
                })
            }
            _ => Err(TrainingError::field(
                "/kind",
                "upload_only",
                "此项须上传(含签字或盖章)",
                "this item carries signatures or stamps: upload it",
            )),
        }
    }
}
