//! The annual training plan (TR-06): drafted in December for the next year, published at the
//! start of the year on a public page with its classes and its fee publicity (items, amounts,
//! basis, scope, complaint phone — SC-06). A plan still in draft on 1 January of its year
//! (Asia/Shanghai) is overdue, and the association sees it flagged.
//!
//! The plan lists classes (table `plan_classes`) rather than classes carrying a plan id: a
//! class can be scheduled before its plan exists, and classes are added to a published plan
//! when enrolment calls for more ("开班频次可根据企业报名情况进行适时调整"). See DECISIONS.md.

use crate::Training;
use crate::access::{At, Purpose, associations_with, may, require_public_association};
use crate::classes::{Class, closed_by, require_association, to_class};
use crate::entity::{class, course, plan_class, training_plan};
use crate::error::{Result, TrainingError, checked, invalid_fields, noun};
use crate::link::insert_link;
use crate::model::PlanStatus;
use kernel::audit::AuditEntry;
use kernel::clock::{SHANGHAI, shanghai_date};
use kernel::db::{VersionedUpdate, begin_write};
use kernel::money::yuan;
use kernel::refusal::FoundAt;
use kernel::{Actor, FieldError};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
};
use serde::{Deserialize, Serialize};
use serde_json::json;
use time::{Date, Month, OffsetDateTime, PrimitiveDateTime, Time};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use validator::Validate;

// Dates travel as `YYYY-MM-DD` (docs/API-DESIGN.md); shared by the plan, teacher, archive and
// ledger types.
time::serde::format_description!(pub iso_date, Date, "[year]-[month]-[day]");

/// One line of the fee publicity (SC-06): what is charged, how much, on what basis, to whom.
#[derive(Debug, Clone, Serialize, Deserialize, Validate, ToSchema, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct FeeItem {
    /// e.g. 培训费, 考试费, 教材费.
    #[validate(custom(function = "kernel::text::required_text_200"))]
    pub item: String,
    /// Fen (0.01 CNY), at most ¥1,000,000.00.
    #[validate(custom(function = "fee_amount"))]
    pub amount: i64,
    /// The document or decision the fee rests on (收费依据).
    #[validate(custom(function = "kernel::text::required_text_200"))]
    pub basis: String,
    /// Who pays it, for what (收费范围).
    #[validate(custom(function = "kernel::text::required_text_200"))]
    pub scope: String,
}

/// A new plan (drafted, not yet public).
#[derive(Debug, Clone, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PlanIn {
    pub association_id: Uuid,
    /// The year the plan is for: this year (a late plan) or the next.
    pub year: i32,
    #[validate(custom(function = "kernel::text::required_text_200"))]
    pub title: String,
    #[serde(default)]
    #[validate(custom(function = "fee_count"), nested)]
    pub fees: Vec<FeeItem>,
    /// The phone number for fee complaints (收费投诉电话).
    #[serde(default)]
    #[validate(custom(function = "complaint_phone"))]
    pub complaint_phone: String,
}

/// The fee publicity of a draft plan (SC-06): replaces the items and the complaint phone.
#[derive(Debug, Clone, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FeePublicityIn {
    #[validate(custom(function = "fee_count"), nested)]
    pub fees: Vec<FeeItem>,
    /// The phone number for fee complaints (收费投诉电话).
    #[validate(custom(function = "complaint_phone"))]
    pub complaint_phone: String,
}

/// A class to list in the plan.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PlanClassIn {
    pub class_id: Uuid,
}

/// A plan with its classes and, for the association, its TR-06 deadline.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Plan {
    pub id: Uuid,
    pub association_id: Uuid,
    pub year: i32,
    pub title: String,
    pub fees: Vec<FeeItem>,
    pub complaint_phone: String,
    pub status: PlanStatus,
    #[serde(with = "kernel::utc::option")]
    pub published_at: Option<OffsetDateTime>,
    /// TR-06: the plan is due on 1 January of its year (Asia/Shanghai).
    #[serde(with = "iso_date")]
    #[schema(value_type = String, format = Date)]
    pub publish_due: Date,
    /// TR-06: still a draft on or after the due day.
    pub overdue: bool,
    pub classes: Vec<Class>,
    pub version: i32,
}

/// The public plan page: what anyone may read, without the internal deadline.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PublicPlan {
    pub id: Uuid,
    pub association_id: Uuid,
    pub association_name: String,
    pub year: i32,
    pub title: String,
    pub fees: Vec<FeeItem>,
    pub complaint_phone: String,
    #[serde(with = "kernel::utc::option")]
    pub published_at: Option<OffsetDateTime>,
    /// The plan's classes with course, dates, venue or online link, capacity and both fees —
    /// cancelled ones too, marked (`status` `cancelled`, `open` false): the plan is a published
    /// document, and a reader who saw a class in it must find it again and learn that it will
    /// not run rather than find it gone (decision 32).
    pub classes: Vec<PublicPlanClass>,
}

/// One class on the public plan page.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PublicPlanClass {
    #[serde(flatten)]
    pub class: Class,
    pub course_name: String,
    /// Whether the class still takes enrolments: neither cancelled nor begun (TR-08, decision
    /// 25). A closed class shows no seats left to take.
    pub open: bool,
}

/// A page of the association's plans, newest year first, and whether this year's plan is
/// overdue: a list like every other (`items`, `next_cursor`) with the two facts a plan screen
/// shows above it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PlanOverview {
    pub items: Vec<Plan>,
    /// Pass as `cursor` to get the next page; null on the last page.
    pub next_cursor: Option<String>,
    /// This year (Asia/Shanghai).
    pub current_year: i32,
    /// TR-06: no published plan for the current year although 1 January has passed (true also
    /// when no plan was drafted at all).
    pub current_year_overdue: bool,
}

/// Filter of the plan lists.
#[derive(Debug, Clone, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct PlanQuery {
    pub association_id: Uuid,
}

/// Filter of the public plan list.
#[derive(Debug, Clone, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct PublicPlanQuery {
    pub association_id: Option<Uuid>,
    pub year: Option<i32>,
}

/// TR-06: the first instant of 1 January of `year` in Asia/Shanghai; a plan not published
/// before it is overdue.
pub fn publish_due(year: i32) -> Option<OffsetDateTime> {
    let d = Date::from_calendar_date(year, Month::January, 1).ok()?;
    Some(PrimitiveDateTime::new(d, Time::MIDNIGHT).assume_offset(SHANGHAI))
}

/// TR-06: a plan is overdue when it is still a draft at or after its due instant.
pub fn is_overdue(year: i32, published: bool, now: OffsetDateTime) -> bool {
    !published && publish_due(year).is_some_and(|due| now >= due)
}

/// The largest fee item, in fen: ¥1,000,000.00.
const MAX_FEE: i64 = 100_000_000;

fn fee_count(fees: &[FeeItem]) -> Result<(), validator::ValidationError> {
    if fees.len() <= 50 {
        return Ok(());
    }
    Err(kernel::text::refused(
        "length",
        "最多50项".to_owned(),
        "at most 50 fee items".to_owned(),
    ))
}

fn fee_amount(amount: i64) -> Result<(), validator::ValidationError> {
    if (0..=MAX_FEE).contains(&amount) {
        return Ok(());
    }
    Err(kernel::text::refused(
        "range",
        format!("金额须为{}–{}", yuan(0), yuan(MAX_FEE)),
        format!("the amount must be {}–{}", yuan(0), yuan(MAX_FEE)),
    ))
}

/// A phone number for complaints: digits, spaces, `-`, `+` and brackets, at most 30; empty
/// until the plan is published (publication asks for it).
fn complaint_phone(phone: &str) -> Result<(), validator::ValidationError> {
    let phone = phone.trim();
    let shaped = phone
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, '-' | ' ' | '+' | '(' | ')'));
    if phone.chars().count() <= 30 && shaped {
        return Ok(());
    }
    Err(kernel::text::refused(
        "format",
        "电话号码格式不正确".to_owned(),
        "not a phone number".to_owned(),
    ))
}

fn fees_of(m: &training_plan::Model) -> Vec<FeeItem> {
    serde_json::from_value(m.fees.clone()).unwrap_or_default()
}

fn plan_published() -> TrainingError {
    TrainingError::conflict(
        "plan_published",
        "计划已公布,收费公示以公布的为准,不能再改",
        "the plan is published: its fee publicity stays as published",
    )
}

impl Training {
    /// The refusal for someone who is not staff of `association`: staff of another association
    /// are told the association is unknown (another tenant is never confirmed), others 403.
    pub(crate) fn not_staff(actor: &Actor, association: Uuid) -> TrainingError {
        let elsewhere = !associations_with(actor, Purpose::ManageTraining).is_empty();
        let here =
            associations_with(actor, Purpose::ReadAssociationTraining).contains(&association);
        if elsewhere && !here {
            TrainingError::field(
                "/association_id",
                "not_found",
                "无此协会",
                "no such association",
            )
        } else {
            TrainingError::forbidden()
        }
    }

    /// A class of an association the actor is staff of (admin or staff, or the platform
    /// admin); any other class is not found, so another tenant's class is never confirmed.
    pub(crate) async fn staff_class<C: ConnectionTrait>(
        &self,
        conn: &C,
        actor: &Actor,
        id: Uuid,
    ) -> Result<class::Model> {
        class::Entity::find_by_id(id)
            .one(conn)
            .await?
            .filter(|c| Self::staff_of(actor, c.association_id))
            .ok_or(TrainingError::not_found(noun::CLASS))
    }

    /// Who manages an association's plan: its admin and staff (and the platform admin).
    fn plan_reader(actor: &Actor, association: Uuid) -> bool {
        may(
            actor,
            Purpose::ReadAssociationTraining,
            At::Association(association),
        )
    }

    async fn plan_classes<C: ConnectionTrait>(&self, conn: &C, plan: Uuid) -> Result<Vec<Class>> {
        let ids: Vec<Uuid> = plan_class::Entity::find()
            .filter(plan_class::Column::PlanId.eq(plan))
            .all(conn)
            .await?
            .into_iter()
            .map(|p| p.class_id)
            .collect();
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        Ok(class::Entity::find()
            .filter(class::Column::Id.is_in(ids))
            .order_by_asc(class::Column::StartsAt)
            .all(conn)
            .await?
            .into_iter()
            .map(to_class)
            .collect())
    }

    async fn to_plan<C: ConnectionTrait>(&self, conn: &C, m: training_plan::Model) -> Result<Plan> {
        let published = m.status == PlanStatus::Published;
        Ok(Plan {
            id: m.id,
            association_id: m.association_id,
            year: m.year,
            title: m.title.clone(),
            fees: fees_of(&m),
            complaint_phone: m.complaint_phone.clone(),
            status: m.status,
            published_at: m.published_at,
            publish_due: publish_due(m.year).map_or(self.dir.clock.today_shanghai(), |d| d.date()),
            overdue: is_overdue(m.year, published, self.dir.clock.now()),
            classes: self.plan_classes(conn, m.id).await?,
            version: m.version,
        })
    }

    async fn managed_plan<C: ConnectionTrait>(
        &self,
        conn: &C,
        actor: &Actor,
        id: Uuid,
    ) -> Result<training_plan::Model> {
        let p = training_plan::Entity::find_by_id(id)
            .one(conn)
            .await?
            .filter(|p| Self::plan_reader(actor, p.association_id))
            .ok_or(TrainingError::not_found(noun::PLAN))?;
        if !Self::staff_of(actor, p.association_id) {
            return Err(TrainingError::forbidden());
        }
        Ok(p)
    }

    /// TR-06: the association drafts its plan for a year — normally in December for the next
    /// year; a plan for the current year is still accepted (it will show as overdue).
    pub async fn draft_plan(&self, actor: &Actor, input: PlanIn) -> Result<Plan> {
        if !Self::staff_of(actor, input.association_id) {
            return Err(Self::not_staff(actor, input.association_id));
        }
        let this_year = self.dir.clock.today_shanghai().year();
        let mut errors = Vec::new();
        if input.year != this_year && input.year != this_year + 1 {
            errors.push(FieldError::new(
                "/year",
                "range",
                format!("只能编制{this_year}或{}年度计划", this_year + 1),
                format!(
                    "a plan is for this year or the next ({this_year} or {})",
                    this_year + 1
                ),
            ));
        }
        let title = input.title.trim();
        errors.extend(invalid_fields(&input));
        if !errors.is_empty() {
            return Err(TrainingError::invalid(errors));
        }
        let txn = begin_write(&self.dir.db).await?;
        require_association(&txn, input.association_id).await?;
        let now = self.dir.clock.now();
        let row = training_plan::ActiveModel {
            id: Set(Uuid::now_v7()),
            association_id: Set(input.association_id),
            year: Set(input.year),
            title: Set(title.to_owned()),
            fees: Set(serde_json::to_value(&input.fees).unwrap_or_else(|_| json!([]))),
            complaint_phone: Set(input.complaint_phone.trim().to_owned()),
            status: Set(PlanStatus::Draft),
            drafted_by: Set(actor.id()),
            drafted_at: Set(now),
            published_at: Set(None),
            version: Set(1),
        }
        .insert(&txn)
        .await
        .map_err(TrainingError::on_unique(
            "plan_exists",
            format!("{}年度计划已存在", input.year),
            format!("a plan for {} exists", input.year),
        ))?;
        AuditEntry::new("plan.draft", "training_plan", row.id)
            .in_org(row.association_id)
            .change(json!({"after": {"year": row.year, "title": row.title, "fees": row.fees, "complaint_phone": row.complaint_phone}}))
            .record(&txn, actor, now)
            .await?;
        let plan = self.to_plan(&txn, row).await?;
        txn.commit().await?;
        Ok(plan)
    }

    /// Lists a class in the plan: a class of the same association starting in the plan's year
    /// (Asia/Shanghai). Allowed after publication too, since class frequency follows enrolment.
    pub async fn add_plan_class(
        &self,
        actor: &Actor,
        id: Uuid,
        input: PlanClassIn,
    ) -> Result<Plan> {
        let txn = begin_write(&self.dir.db).await?;
        let p = self.managed_plan(&txn, actor, id).await?;
        let c = class::Entity::find_by_id(input.class_id)
            .one(&txn)
            .await?
            .filter(|c| c.association_id == p.association_id)
            .or_not_found_at("/class_id", "无此培训班", "no such class")?;
        if shanghai_date(c.starts_at).year() != p.year {
            return Err(TrainingError::field(
                "/class_id",
                "year",
                format!("该班次不在{}年度开班", p.year),
                format!("the class does not start in {}", p.year),
            ));
        }
        let now = self.dir.clock.now();
        let row = plan_class::ActiveModel {
            id: Set(Uuid::now_v7()),
            plan_id: Set(p.id),
            class_id: Set(c.id),
            added_by: Set(actor.id()),
            added_at: Set(now),
        };
        let audit = AuditEntry::new("plan.add_class", "training_plan", p.id)
            .in_org(p.association_id)
            .change(json!({"class_id": c.id}));
        let taken = (
            "class_planned",
            "该班次已列入计划",
            "the class is already in a plan",
        );
        insert_link(&txn, row, taken, audit, actor, now).await?;
        let plan = self.to_plan(&txn, p).await?;
        txn.commit().await?;
        Ok(plan)
    }

    /// SC-06: the association mends a draft plan's fee publicity. Once published, what the
    /// public read stays as it was: the change is refused (409 `plan_published`). `expected`
    /// is the version the client read (If-Match).
    pub async fn update_fee_publicity(
        &self,
        actor: &Actor,
        id: Uuid,
        expected: &directory::service::IfMatch,
        input: FeePublicityIn,
    ) -> Result<Plan> {
        let txn = begin_write(&self.dir.db).await?;
        let p = self.managed_plan(&txn, actor, id).await?;
        if p.status != PlanStatus::Draft {
            return Err(plan_published());
        }
        checked(&input)?;
        directory::service::check_version(expected, p.version)?;
        let fees = serde_json::to_value(&input.fees).unwrap_or_else(|_| json!([]));
        let phone = input.complaint_phone.trim().to_owned();
        let res = training_plan::Entity::update_many()
            .col_expr(training_plan::Column::Fees, Expr::value(fees.clone()))
            .col_expr(
                training_plan::Column::ComplaintPhone,
                Expr::value(phone.clone()),
            )
            .filter(training_plan::Column::Id.eq(p.id))
            .filter(training_plan::Column::Status.eq(PlanStatus::Draft))
            .at_version(training_plan::Column::Version, p.version)
            .exec(&txn)
            .await?;
        if res.rows_affected != 1 {
            // Published or changed since it was read, by a concurrent request.
            return Err(kernel::Refusal::changed_since(p.version).into());
        }
        let now = self.dir.clock.now();
        AuditEntry::new("plan.fee_publicity", "training_plan", p.id)
            .in_org(p.association_id)
            .change(json!({
                "before": {"fees": p.fees, "complaint_phone": p.complaint_phone},
                "after": {"fees": fees, "complaint_phone": phone},
            }))
            .record(&txn, actor, now)
            .await?;
        let row = training_plan::Entity::find_by_id(p.id)
            .one(&txn)
            .await?
            .ok_or(TrainingError::not_found(noun::PLAN))?;
        let plan = self.to_plan(&txn, row).await?;
        txn.commit().await?;
        Ok(plan)
    }

    /// TR-06: publishes the plan on the public page. The fee publicity must be complete (at
    /// least one fee item and a complaint phone, SC-06); publication happens once.
    pub async fn publish_plan(&self, actor: &Actor, id: Uuid) -> Result<Plan> {
        let txn = begin_write(&self.dir.db).await?;
        let p = self.managed_plan(&txn, actor, id).await?;
        let mut errors = Vec::new();
        if fees_of(&p).is_empty() {
            errors.push(FieldError::new(
                "/fees",
                "required",
                "公布计划前须公示收费项目",
                "publish the fee items with the plan",
            ));
        }
        if p.complaint_phone.is_empty() {
            errors.push(FieldError::new(
                "/complaint_phone",
                "required",
                "公布计划前须公示投诉电话",
                "publish a complaint phone with the plan",
            ));
        }
        if !errors.is_empty() {
            return Err(TrainingError::invalid(errors));
        }
        let now = self.dir.clock.now();
        let res = training_plan::Entity::update_many()
            .col_expr(
                training_plan::Column::Status,
                Expr::value(PlanStatus::Published),
            )
            .col_expr(training_plan::Column::PublishedAt, Expr::value(now))
            .bump_version(training_plan::Column::Version)
            .filter(training_plan::Column::Id.eq(p.id))
            .filter(training_plan::Column::Status.eq(PlanStatus::Draft))
            .exec(&txn)
            .await?;
        if res.rows_affected != 1 {
            return Err(TrainingError::conflict(
                "plan_published",
                "该计划已公布",
                "the plan is already published",
            ));
        }
        AuditEntry::new("plan.publish", "training_plan", p.id)
            .in_org(p.association_id)
            .change(json!({"status": {"before": PlanStatus::Draft, "after": PlanStatus::Published}, "late": is_overdue(p.year, false, now)}))
            .record(&txn, actor, now)
            .await?;
        let row = training_plan::Entity::find_by_id(p.id)
            .one(&txn)
            .await?
            .ok_or(TrainingError::not_found(noun::PLAN))?;
        let plan = self.to_plan(&txn, row).await?;
        txn.commit().await?;
        Ok(plan)
    }

    /// One plan as the association sees it, with its TR-06 deadline.
    pub async fn get_plan(&self, actor: &Actor, id: Uuid) -> Result<Plan> {
        let db = &self.dir.db;
        let p = training_plan::Entity::find_by_id(id)
            .one(db)
            .await?
            .filter(|p| Self::plan_reader(actor, p.association_id))
            .ok_or(TrainingError::not_found(noun::PLAN))?;
        self.to_plan(db, p).await
    }

    /// The association's plans and whether this year's is overdue (TR-06), whole: one plan a
    /// year makes a short list, which the API pages (`next_cursor` is left to it).
    pub async fn list_plans(&self, actor: &Actor, q: PlanQuery) -> Result<PlanOverview> {
        if !Self::plan_reader(actor, q.association_id) {
            return Err(TrainingError::not_found(noun::ASSOCIATION));
        }
        let db = &self.dir.db;
        let rows = training_plan::Entity::find()
            .filter(training_plan::Column::AssociationId.eq(q.association_id))
            .order_by_desc(training_plan::Column::Year)
            .all(db)
            .await?;
        let now = self.dir.clock.now();
        let current_year = self.dir.clock.today_shanghai().year();
        let published_now = rows
            .iter()
            .any(|p| p.year == current_year && p.status == PlanStatus::Published);
        let mut items = Vec::with_capacity(rows.len());
        for r in rows {
            items.push(self.to_plan(db, r).await?);
        }
        Ok(PlanOverview {
            items,
            next_cursor: None,
            current_year,
            current_year_overdue: is_overdue(current_year, published_now, now),
        })
    }

    async fn to_public<C: ConnectionTrait>(
        &self,
        conn: &C,
        m: training_plan::Model,
    ) -> Result<PublicPlan> {
        let association_name =
            directory::entity::organization::Entity::find_by_id(m.association_id)
                .one(conn)
                .await?
                .map(|o| o.name)
                .unwrap_or_default();
        let classes = self.plan_classes(conn, m.id).await?;
        let now = self.dir.clock.now();
        let course_ids: Vec<Uuid> = classes.iter().map(|c| c.course_id).collect();
        let courses = course::Entity::find()
            .filter(course::Column::Id.is_in(course_ids))
            .all(conn)
            .await?;
        let classes = classes
            .into_iter()
            .map(|c| PublicPlanClass {
                open: closed_by(c.status, c.starts_at, now).is_none(),
                course_name: courses
                    .iter()
                    .find(|k| k.id == c.course_id)
                    .map(|k| k.name.clone())
                    .unwrap_or_default(),
                class: c,
            })
            .collect();
        Ok(PublicPlan {
            id: m.id,
            association_id: m.association_id,
            association_name,
            year: m.year,
            title: m.title.clone(),
            fees: fees_of(&m),
            complaint_phone: m.complaint_phone.clone(),
            published_at: m.published_at,
            classes,
        })
    }

    /// The public plan page (no login): published plans only; a draft is not found.
    pub async fn public_plan(&self, id: Uuid) -> Result<PublicPlan> {
        let db = &self.dir.db;
        let p = training_plan::Entity::find_by_id(id)
            .one(db)
            .await?
            .filter(|p| p.status == PlanStatus::Published)
            .ok_or(TrainingError::not_found(noun::PLAN))?;
        self.to_public(db, p).await
    }

    /// Published plans (no login), newest year first.
    pub async fn public_plans(&self, q: PublicPlanQuery) -> Result<Vec<PublicPlan>> {
        let db = &self.dir.db;
        let mut sel = training_plan::Entity::find()
            .filter(training_plan::Column::Status.eq(PlanStatus::Published))
            .order_by_desc(training_plan::Column::Year)
            .order_by_asc(training_plan::Column::Id);
        if let Some(a) = q.association_id {
            sel = sel.filter(training_plan::Column::AssociationId.eq(a));
        }
        if let Some(y) = q.year {
            sel = sel.filter(training_plan::Column::Year.eq(y));
        }
        let rows = sel.all(db).await?;
        if let Some(a) = q.association_id
            && rows.is_empty()
        {
            require_public_association(db, a).await?;
        }
        let mut out = Vec::with_capacity(rows.len());
        for r in rows.into_iter().take(200) {
            out.push(self.to_public(db, r).await?);
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn tr_06_due_at_new_year_midnight_in_shanghai() {
        assert!(!is_overdue(2027, false, datetime!(2026-12-31 23:59:59 +8)));
        assert!(is_overdue(2027, false, datetime!(2027-01-01 00:00 +8)));
        assert!(!is_overdue(2027, true, datetime!(2027-01-01 00:00 +8)));
    }
}
