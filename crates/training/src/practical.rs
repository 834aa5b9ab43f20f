//! Practical records (TR-19; CSMT sub-centre rules art. 15-16): training has a theory part and
//! a practical part, and for on-site practical work there are records of the instruments used,
//! the operating process, the results and the answer sheets ("对于现场实际操作，要有相关仪器使用
//! 记录、操作过程、结果记录、答题卡等内容"). One record per trainee per practical session,
//! written by those who run the class — its head teacher, a teacher assigned to it, or the
//! association's staff — and read by them. The answer sheet is an optional upload through the
//! shared checker (`files`).

use crate::Training;
use crate::eligibility::require_paid;
use crate::entity::{class, class_session, class_teacher, enrolment, practical_record, teacher};
use crate::error::{Result, TrainingError, checked, noun};
use crate::files::{self, FileOut};
use crate::model::{SessionKind, TeacherStatus};
use directory::entity::person;
use kernel::audit::AuditEntry;
use kernel::db::begin_write;
use kernel::{Actor, RuleViolation};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
};
use serde::{Deserialize, Serialize};
use serde_json::json;
use std::collections::HashMap;
use std::path::Path;
use time::OffsetDateTime;
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

/// The answer sheet's types: a scan or a photo of the paper sheet.
pub const ANSWER_SHEET_TYPES: [&str; 3] = [files::PDF, files::JPEG, files::PNG];

/// Largest answer sheet (a scanned page or a phone photo).
pub const ANSWER_SHEET_LIMIT: usize = 10 * 1024 * 1024;

/// What is recorded for one trainee's practical session.
#[derive(Debug, Clone, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PracticalRecordIn {
    /// The instrument or equipment used (仪器设备使用), 1–200 characters.
    #[validate(custom(function = "kernel::text::required_text_200"))]
    pub instrument: String,
    /// The operating process (操作过程), 1–2000 characters.
    #[validate(custom(function = "kernel::text::required_text_2000"))]
    pub process: String,
    /// The result (结果记录), 1–1000 characters.
    #[validate(custom(function = "kernel::text::required_text_1000"))]
    pub result: String,
}

/// One trainee's practical record.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PracticalRecord {
    pub id: Uuid,
    pub class_id: Uuid,
    pub session_id: Uuid,
    pub enrolment_id: Uuid,
    pub person_id: Uuid,
    pub person_name: String,
    pub instrument: String,
    pub process: String,
    pub result: String,
    /// Media type of the uploaded answer sheet (答题卡); null before one is uploaded.
    pub answer_sheet_type: Option<String>,
    /// Who wrote the record last.
    pub recorded_by: Uuid,
    #[serde(with = "kernel::utc")]
    pub recorded_at: OffsetDateTime,
    #[serde(with = "kernel::utc")]
    pub updated_at: OffsetDateTime,
}

fn to_record(m: practical_record::Model, person_name: String) -> PracticalRecord {
    PracticalRecord {
        id: m.id,
        class_id: m.class_id,
        session_id: m.session_id,
        enrolment_id: m.enrolment_id,
        person_id: m.person_id,
        person_name,
        instrument: m.instrument,
        process: m.process,
        result: m.result,
        answer_sheet_type: m.answer_sheet_type,
        recorded_by: m.recorded_by,
        recorded_at: m.recorded_at,
        updated_at: m.updated_at,
    }
}

impl Training {
    /// Who keeps a class's practical records: the association's staff, the class's head
    /// teacher, and the users of the teachers assigned to it (unless dismissed). Everyone else
    /// does not see the class's records at all (404).
    async fn keeps_practical_records<C: ConnectionTrait>(
        &self,
        conn: &C,
        actor: &Actor,
        c: &class::Model,
    ) -> Result<bool> {
        if Self::staff_of(actor, c.association_id)
            || (actor.user_id().is_some() && c.head_teacher_id == actor.user_id())
        {
            return Ok(true);
        }
        let Some(uid) = actor.user_id() else {
            return Ok(false);
        };
        let assigned: Vec<Uuid> = class_teacher::Entity::find()
            .filter(class_teacher::Column::ClassId.eq(c.id))
            .all(conn)
            .await?
            .into_iter()
            .map(|a| a.teacher_id)
            .collect();
        let persons: Vec<Uuid> = teacher::Entity::find()
            .filter(teacher::Column::Id.is_in(assigned))
            .filter(teacher::Column::Status.ne(TeacherStatus::Dismissed))
            .all(conn)
            .await?
            .into_iter()
            .map(|t| t.person_id)
            .collect();
        Ok(person::Entity::find()
            .filter(person::Column::Id.is_in(persons))
            .filter(person::Column::UserId.eq(uid))
            .one(conn)
            .await?
            .is_some())
    }

    /// The session, its class and the trainee's enrolment, for someone who keeps the class's
    /// practical records. A session out of the actor's charge is not found; so is an enrolment
    /// that is not in the session's class.
    async fn practical_target<C: ConnectionTrait>(
        &self,
        conn: &C,
        actor: &Actor,
        session_id: Uuid,
        enrolment_id: Uuid,
    ) -> Result<(class_session::Model, class::Model, enrolment::Model)> {
        let s = class_session::Entity::find_by_id(session_id)
            .one(conn)
            .await?
            .ok_or(TrainingError::not_found(noun::SESSION))?;
        let c = class::Entity::find_by_id(s.class_id)
            .one(conn)
            .await?
            .ok_or(TrainingError::not_found(noun::SESSION))?;
        if !self.keeps_practical_records(conn, actor, &c).await? {
            return Err(TrainingError::not_found(noun::SESSION));
        }
        let e = enrolment::Entity::find_by_id(enrolment_id)
            .one(conn)
            .await?
            .filter(|e| e.class_id == c.id)
            .ok_or(TrainingError::not_found(noun::ENROLMENT))?;
        Ok((s, c, e))
    }

    async fn person_name<C: ConnectionTrait>(&self, conn: &C, id: Uuid) -> Result<String> {
        Ok(person::Entity::find_by_id(id)
            .one(conn)
            .await?
            .map(|p| p.name)
            .unwrap_or_default())
    }

    /// TR-19: writes (or corrects) a trainee's record of a practical session. Only a practical
    /// session has practical records, and only a trainee who may attend (paid, TR-09) has one.
    /// A correction replaces the text and keeps the answer sheet; the audit row keeps what it
    /// replaced.
    pub async fn record_practical(
        &self,
        actor: &Actor,
        session_id: Uuid,
        enrolment_id: Uuid,
        input: PracticalRecordIn,
    ) -> Result<PracticalRecord> {
        let txn = begin_write(&self.dir.db).await?;
        let (s, c, e) = self
            .practical_target(&txn, actor, session_id, enrolment_id)
            .await?;
        if s.kind != SessionKind::Practical {
            return Err(RuleViolation::new(
                "TR-19",
                "理论课次没有实操记录,请在实际操作课次登记",
                "practical records belong to practical sessions only",
            )
            .into());
        }
        require_paid(&e)?;
        checked(&input)?;
        let instrument = input.instrument.trim().to_owned();
        let process = input.process.trim().to_owned();
        let result = input.result.trim().to_owned();
        let now = self.dir.clock.now();
        let old = practical_record::Entity::find()
            .filter(practical_record::Column::SessionId.eq(s.id))
            .filter(practical_record::Column::EnrolmentId.eq(e.id))
            .one(&txn)
            .await?;
        let row = match &old {
            None => practical_record::ActiveModel {
                id: Set(Uuid::now_v7()),
                class_id: Set(c.id),
                session_id: Set(s.id),
                enrolment_id: Set(e.id),
                person_id: Set(e.person_id),
                instrument: Set(instrument),
                process: Set(process),
                result: Set(result),
                answer_sheet_type: Set(None),
                answer_sheet_stored_as: Set(None),
                recorded_by: Set(actor.id()),
                recorded_at: Set(now),
                updated_at: Set(now),
            }
            .insert(&txn)
            .await
            .map_err(TrainingError::on_unique(
                "practical_record_exists",
                "该学员本课次的实操记录刚被他人登记,请刷新后重试",
                "someone recorded this trainee meanwhile: reload and retry",
            ))?,
            Some(o) => {
                practical_record::Entity::update_many()
                    .col_expr(
                        practical_record::Column::Instrument,
                        Expr::value(instrument),
                    )
                    .col_expr(practical_record::Column::Process, Expr::value(process))
                    .col_expr(practical_record::Column::Result, Expr::value(result))
                    .col_expr(
                        practical_record::Column::RecordedBy,
                        Expr::value(actor.id()),
                    )
                    .col_expr(practical_record::Column::UpdatedAt, Expr::value(now))
                    .filter(practical_record::Column::Id.eq(o.id))
                    .exec(&txn)
                    .await?;
                practical_record::Entity::find_by_id(o.id)
                    .one(&txn)
                    .await?
                    .ok_or(TrainingError::not_found(noun::PRACTICAL_RECORD))?
            }
        };
        AuditEntry::new("practical_record.record", "enrolment", e.id)
            .in_org(c.association_id)
            .change(json!({
                "session": s.id,
                "record": row.id,
                "before": old.as_ref().map(|o| json!({"instrument": o.instrument, "process": o.process, "result": o.result})),
                "after": {"instrument": row.instrument, "process": row.process, "result": row.result},
            }))
            .record(&txn, actor, now)
            .await?;
        let name = self.person_name(&txn, row.person_id).await?;
        txn.commit().await?;
        Ok(to_record(row, name))
    }

    /// TR-19: the answer sheet of a practical record, uploaded as a PDF scan or a JPEG/PNG
    /// photo (at most 10 MiB, checked by its bytes). It replaces an earlier one.
    pub async fn upload_answer_sheet(
        &self,
        actor: &Actor,
        data_dir: &Path,
        session_id: Uuid,
        enrolment_id: Uuid,
        content_type: &str,
        bytes: &[u8],
    ) -> Result<PracticalRecord> {
        let txn = begin_write(&self.dir.db).await?;
        let (s, c, e) = self
            .practical_target(&txn, actor, session_id, enrolment_id)
            .await?;
        let r = practical_record::Entity::find()
            .filter(practical_record::Column::SessionId.eq(s.id))
            .filter(practical_record::Column::EnrolmentId.eq(e.id))
            .one(&txn)
            .await?
            .ok_or(TrainingError::not_found(noun::PRACTICAL_RECORD))?;
        let checked = files::check(content_type, bytes, &ANSWER_SHEET_TYPES, ANSWER_SHEET_LIMIT)?;
        let rel = files::store(
            data_dir,
            "practical",
            c.id,
            Uuid::now_v7(),
            checked.ext,
            bytes,
        )?;
        let now = self.dir.clock.now();
        let written = async {
            practical_record::Entity::update_many()
                .col_expr(
                    practical_record::Column::AnswerSheetType,
                    Expr::value(checked.media),
                )
                .col_expr(
                    practical_record::Column::AnswerSheetStoredAs,
                    Expr::value(rel.to_string_lossy().into_owned()),
                )
                .col_expr(practical_record::Column::UpdatedAt, Expr::value(now))
                .filter(practical_record::Column::Id.eq(r.id))
                .exec(&txn)
                .await?;
            AuditEntry::new("practical_record.answer_sheet", "enrolment", e.id)
                .in_org(c.association_id)
                .change(json!({"session": s.id, "record": r.id, "type": checked.media, "size": bytes.len(), "replaced": r.answer_sheet_stored_as.is_some()}))
                .record(&txn, actor, now)
                .await?;
            let row = practical_record::Entity::find_by_id(r.id)
                .one(&txn)
                .await?
                .ok_or(TrainingError::not_found(noun::PRACTICAL_RECORD))?;
            let name = self.person_name(&txn, row.person_id).await?;
            Ok(to_record(row, name))
        }
        .await;
        let out = files::commit_or_remove(txn, data_dir, &rel, written).await?;
        if let Some(old) = r.answer_sheet_stored_as {
            files::remove(data_dir, Path::new(&old));
        }
        Ok(out)
    }

    /// The uploaded answer sheet of a practical record.
    pub async fn answer_sheet(
        &self,
        actor: &Actor,
        data_dir: &Path,
        session_id: Uuid,
        enrolment_id: Uuid,
    ) -> Result<FileOut> {
        let db = &self.dir.db;
        let (s, _, e) = self
            .practical_target(db, actor, session_id, enrolment_id)
            .await?;
        let r = practical_record::Entity::find()
            .filter(practical_record::Column::SessionId.eq(s.id))
            .filter(practical_record::Column::EnrolmentId.eq(e.id))
            .one(db)
            .await?
            .ok_or(TrainingError::not_found(noun::PRACTICAL_RECORD))?;
        let (Some(media), Some(stored)) = (r.answer_sheet_type, r.answer_sheet_stored_as) else {
            return Err(TrainingError::not_found(noun::ANSWER_SHEET));
        };
        Ok(FileOut {
            file_name: format!("answer-sheet-{}.{}", r.id, files::ext_of(&media)),
            bytes: files::read(data_dir, &stored)?,
            content_type: media,
        })
    }

    /// TR-19: a class's practical records, session by session (in session order), trainees by
    /// name — for those who keep them.
    pub async fn practical_records(
        &self,
        actor: &Actor,
        class_id: Uuid,
    ) -> Result<Vec<PracticalRecord>> {
        let db = &self.dir.db;
        let c = class::Entity::find_by_id(class_id)
            .one(db)
            .await?
            .ok_or(TrainingError::not_found(noun::CLASS))?;
        if !self.keeps_practical_records(db, actor, &c).await? {
            return Err(TrainingError::not_found(noun::CLASS));
        }
        let order: HashMap<Uuid, OffsetDateTime> = class_session::Entity::find()
            .filter(class_session::Column::ClassId.eq(c.id))
            .all(db)
            .await?
            .into_iter()
            .map(|s| (s.id, s.starts_at))
            .collect();
        let rows = practical_record::Entity::find()
            .filter(practical_record::Column::ClassId.eq(c.id))
            .order_by_asc(practical_record::Column::Id)
            .all(db)
            .await?;
        let names: HashMap<Uuid, String> = person::Entity::find()
            .filter(person::Column::Id.is_in(rows.iter().map(|r| r.person_id)))
            .all(db)
            .await?
            .into_iter()
            .map(|p| (p.id, p.name))
            .collect();
        let mut out: Vec<PracticalRecord> = rows
            .into_iter()
            .map(|r| {
                let name = names.get(&r.person_id).cloned().unwrap_or_default();
                to_record(r, name)
            })
            .collect();
        out.sort_by(|a, b| {
            (order.get(&a.session_id), &a.person_name, a.id).cmp(&(
                order.get(&b.session_id),
                &b.person_name,
                b.id,
            ))
        });
        Ok(out)
    }
}
