//! What clerks take to Excel: the enrolment list as filtered on screen, and finance's fee
//! ledger — fees received (TR-08, TR-09) and refunds paid out (TR-14) — for a date range.

use crate::Training;
use crate::access::{Purpose, associations_with};
use crate::documents::{Table, to_xlsx};
use crate::entity::{class, enrolment, payment, refund};
use crate::error::{Result, TrainingError, noun};
use crate::files::{self, FileOut};
use crate::model::{EnrolmentStatus, PaymentPurpose, RefundGround};
use crate::views::{EnrolmentFilter, Names};
use kernel::clock::SHANGHAI;
use kernel::db::rows_by_id;
use kernel::{Actor, FieldError};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, QueryTrait};
use serde::Deserialize;
use std::collections::HashMap;
use time::{Date, OffsetDateTime, Time};
use utoipa::IntoParams;
use uuid::Uuid;

/// Rows one export holds at most; past it the caller narrows the filters (a class, a period).
pub const EXPORT_LIMIT: u64 = 20_000;

/// Filters of the fee-ledger export.
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct FeeLedgerQuery {
    /// First day, `YYYY-MM-DD` (Asia/Shanghai), inclusive.
    pub from: Option<String>,
    /// Last day, `YYYY-MM-DD` (Asia/Shanghai), inclusive.
    pub to: Option<String>,
    pub class_id: Option<Uuid>,
}

fn yuan(fen: i64) -> String {
    let sign = if fen < 0 { "-" } else { "" };
    format!("{sign}{}.{:02}", fen.abs() / 100, fen.abs() % 100)
}

fn shanghai_text(t: OffsetDateTime) -> String {
    let t = t.to_offset(SHANGHAI);
    format!("{} {:02}:{:02}", t.date(), t.hour(), t.minute())
}

fn too_many() -> TrainingError {
    TrainingError::field(
        "/",
        "too_many",
        format!("超过{EXPORT_LIMIT}行,请缩小筛选范围"),
        format!("more than {EXPORT_LIMIT} rows: narrow the filters"),
    )
}

fn xlsx(name: &str, t: &Table) -> Result<FileOut> {
    Ok(FileOut {
        file_name: format!("{name}.xlsx"),
        content_type: files::XLSX.into(),
        bytes: to_xlsx(t)?,
    })
}

/// One line of the fee ledger.
struct Entry {
    at: OffsetDateTime,
    kind: &'static str,
    enrolment_id: Uuid,
    who: String,
    how: String,
    reference: String,
    training_fee: i64,
    exam_fee: i64,
}

/// The Chinese a clerk reads for a status.
fn status_zh(s: EnrolmentStatus) -> &'static str {
    match s {
        EnrolmentStatus::Submitted => "待企业审核",
        EnrolmentStatus::Returned => "已退回",
        EnrolmentStatus::Approved => "待协会确认",
        EnrolmentStatus::Confirmed => "待缴费",
        EnrolmentStatus::Waitlisted => "候补",
        EnrolmentStatus::Paid => "已缴费",
    }
}

/// A `YYYY-MM-DD` query value, or a field error at `pointer`.
fn day(pointer: &str, v: Option<&str>) -> Result<Option<Date>> {
    let fmt = time::macros::format_description!("[year]-[month]-[day]");
    v.map(|s| {
        Date::parse(s, fmt).map_err(|_| {
            TrainingError::field(
                pointer,
                "format",
                "日期格式为YYYY-MM-DD",
                "a date YYYY-MM-DD",
            )
        })
    })
    .transpose()
}

impl Training {
    /// The enrolments the caller may list, with the same filters as the list, as XLSX.
    pub async fn export_enrolments(
        &self,
        actor: &Actor,
        filter: &EnrolmentFilter,
    ) -> Result<FileOut> {
        let db = &self.dir.db;
        let rows = self
            .enrolment_query(actor, filter)
            .order_by_asc(enrolment::Column::ClassId)
            .order_by_asc(enrolment::Column::Id)
            .limit(EXPORT_LIMIT + 1)
            .all(db)
            .await?;
        if rows.len() as u64 > EXPORT_LIMIT {
            return Err(too_many());
        }
        if rows.is_empty() {
            self.enrolment_filter_seen(actor, filter).await?;
        }
        let names = Names::load(db, &rows).await?;
        let table = Table {
            title: "培训报名名单".into(),
            subtitle: vec![format!(
                "导出时间:{}(北京时间)",
                shanghai_text(self.dir.clock.now())
            )],
            header: [
                "培训班",
                "开班时间",
                "学员",
                "送培单位",
                "状态",
                "退回原因",
                "已缴费(元)",
                "已退费(元)",
                "更新时间",
            ]
            .map(String::from)
            .to_vec(),
            rows: rows
                .into_iter()
                .map(|e| names.row(e))
                .map(|r| {
                    vec![
                        r.class_name,
                        shanghai_text(r.class_starts_at),
                        r.person_name,
                        r.enterprise_name.unwrap_or_else(|| "个人报名".into()),
                        status_zh(r.status).into(),
                        r.return_reason.unwrap_or_default(),
                        yuan(r.paid_total),
                        yuan(r.refunded_total),
                        shanghai_text(r.updated_at),
                    ]
                })
                .collect(),
            widths: vec![4.0, 3.0, 2.0, 4.0, 2.0, 4.0, 2.0, 2.0, 3.0],
            amounts: vec![6, 7],
        };
        xlsx("enrolments", &table)
    }

    /// Finance's fee ledger as XLSX: every fee recorded and every refund paid out in the
    /// period (Asia/Shanghai days, inclusive), oldest first, with a net total. For finance,
    /// the association's staff and admin; anyone else is refused.
    pub async fn export_fee_ledger(&self, actor: &Actor, q: &FeeLedgerQuery) -> Result<FileOut> {
        let assocs = associations_with(actor, Purpose::ReadAssociationTraining);
        if assocs.is_empty() && !actor.is_platform_admin() {
            return Err(TrainingError::forbidden());
        }
        let from = day("/from", q.from.as_deref())?;
        let to = day("/to", q.to.as_deref())?;
        if let (Some(f), Some(t)) = (from, to)
            && f > t
        {
            return Err(TrainingError::invalid(vec![FieldError::new(
                "/to",
                "range",
                "结束日期不能早于开始日期",
                "the last day comes before the first",
            )]));
        }
        let start = from.map(|d| d.with_time(Time::MIDNIGHT).assume_offset(SHANGHAI));
        let end = to
            .and_then(|d| d.next_day())
            .map(|d| d.with_time(Time::MIDNIGHT).assume_offset(SHANGHAI));

        let mut classes = class::Entity::find()
            .select_only()
            .column(class::Column::Id);
        if !actor.is_platform_admin() {
            classes = classes.filter(class::Column::AssociationId.is_in(assocs.clone()));
        }
        if let Some(c) = q.class_id {
            // Another tenant's class, or none, is not found, as on every list.
            let seen = class::Entity::find_by_id(c)
                .one(&self.dir.db)
                .await?
                .is_some_and(|k| actor.is_platform_admin() || assocs.contains(&k.association_id));
            if !seen {
                return Err(TrainingError::not_found(noun::CLASS));
            }
            classes = classes.filter(class::Column::Id.eq(c));
        }
        let enrolments = enrolment::Entity::find()
            .select_only()
            .column(enrolment::Column::Id)
            .filter(enrolment::Column::ClassId.in_subquery(classes.into_query()))
            .into_query();

        let db = &self.dir.db;
        let mut pays = payment::Entity::find()
            .filter(payment::Column::EnrolmentId.in_subquery(enrolments.clone()));
        let mut outs = refund::Entity::find()
            .filter(refund::Column::EnrolmentId.in_subquery(enrolments.clone()))
            .filter(refund::Column::PaidAt.is_not_null());
        if let Some(s) = start {
            pays = pays.filter(payment::Column::At.gte(s));
            outs = outs.filter(refund::Column::PaidAt.gte(s));
        }
        if let Some(e) = end {
            pays = pays.filter(payment::Column::At.lt(e));
            outs = outs.filter(refund::Column::PaidAt.lt(e));
        }
        let pays = pays.limit(EXPORT_LIMIT + 1).all(db).await?;
        let outs = outs.limit(EXPORT_LIMIT + 1).all(db).await?;
        if (pays.len() + outs.len()) as u64 > EXPORT_LIMIT {
            return Err(too_many());
        }
        let ids: Vec<Uuid> = pays
            .iter()
            .map(|p| p.enrolment_id)
            .chain(outs.iter().map(|r| r.enrolment_id))
            .collect();
        let owners: HashMap<Uuid, enrolment::Model> =
            rows_by_id::<enrolment::Entity, _>(db, enrolment::Column::Id, ids).await?;
        let list: Vec<enrolment::Model> = owners.values().cloned().collect();
        let names = Names::load(db, &list).await?;

        // Fees in as positive amounts, refunds out as negative ones, oldest first.
        let mut entries: Vec<Entry> = pays
            .into_iter()
            .map(|p| Entry {
                at: p.at,
                kind: match p.purpose {
                    PaymentPurpose::Enrolment => "收费",
                    PaymentPurpose::ExamRetake => "补考费",
                },
                enrolment_id: p.enrolment_id,
                who: p.payer,
                how: p.method,
                reference: p.receipt_no,
                training_fee: p.training_fee,
                exam_fee: p.exam_fee,
            })
            .chain(outs.into_iter().map(|r| {
                Entry {
                    at: r.paid_at.unwrap_or(r.requested_at),
                    kind: "退费",
                    enrolment_id: r.enrolment_id,
                    who: match r.ground {
                        RefundGround::ClassCancelled => "协会取消办班",
                        RefundGround::OwnReason => "个人原因",
                    }
                    .into(),
                    how: "退款".into(),
                    reference: r.payout_reference.unwrap_or_default(),
                    training_fee: -r.training_fee,
                    exam_fee: -r.exam_fee,
                }
            }))
            .collect();
        entries.sort_by_key(|e| e.at);
        let training: i64 = entries.iter().map(|e| e.training_fee).sum();
        let exam: i64 = entries.iter().map(|e| e.exam_fee).sum();
        let mut rows: Vec<Vec<String>> = entries
            .into_iter()
            .map(|x| {
                let e = owners.get(&x.enrolment_id);
                vec![
                    shanghai_text(x.at),
                    x.kind.into(),
                    e.and_then(|e| names.classes.get(&e.class_id))
                        .map(|c| c.name.clone())
                        .unwrap_or_default(),
                    e.map(|e| names.person(e.person_id)).unwrap_or_default(),
                    e.and_then(|e| names.org(e.enterprise_id))
                        .unwrap_or_else(|| "个人报名".into()),
                    x.who,
                    x.how,
                    x.reference,
                    yuan(x.training_fee),
                    yuan(x.exam_fee),
                    yuan(x.training_fee + x.exam_fee),
                ]
            })
            .collect();
        let mut total = vec![String::new(); 8];
        total[0] = "合计(收费减退费)".into();
        total.extend([yuan(training), yuan(exam), yuan(training + exam)]);
        rows.push(total);
        let period = match (from, to) {
            (None, None) => "全部".to_owned(),
            (f, t) => format!(
                "{} 至 {}",
                f.map_or("—".into(), |d| d.to_string()),
                t.map_or("—".into(), |d| d.to_string())
            ),
        };
        let table = Table {
            title: "培训收费台账".into(),
            subtitle: vec![
                format!("期间:{period}(北京时间)"),
                format!("导出时间:{}", shanghai_text(self.dir.clock.now())),
            ],
            header: [
                "日期",
                "类型",
                "培训班",
                "学员",
                "送培单位",
                "付款人/退费原因",
                "方式",
                "票据号/退款凭证",
                "培训费(元)",
                "考试费(元)",
                "合计(元)",
            ]
            .map(String::from)
            .to_vec(),
            rows,
            widths: vec![3.0, 1.5, 4.0, 2.0, 4.0, 3.0, 2.0, 3.0, 2.0, 2.0, 2.0],
            amounts: vec![8, 9, 10],
        };
        xlsx("fee-ledger", &table)
    }
}
