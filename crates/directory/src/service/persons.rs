//! Persons (practitioners): identity, education, title, employment. National ID numbers are
//! encrypted at rest, indexed by a keyed hash, and masked in responses unless the caller's
//! role needs the full number.

use super::{Fields, check_version, validation};
use crate::Directory;
use crate::access::{Purpose, Visibility};
use crate::entity::{organization, person, user};
use crate::error::{DirectoryError, Result, noun};
use crate::model::{
    CreditCode, EducationLevel, Gender, ImportReport, NationalId, RejectedRow, SocialInsurance,
    TitleLevel,
};
use fastpath::JsonOut;
use fastpath::Row;
use kernel::audit::{self, AuditEntry};
use kernel::db::{begin_write, is_unique_violation};
use kernel::page::{Page, PageRequest, total_of};
use kernel::state::State;
use kernel::{Actor, FieldError, Message, Refusal, Role};
use sea_orm::sea_query::{Expr, ExprTrait, Order, Query, SqliteQueryBuilder};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait, QueryFilter,
    QuerySelect, Set,
};
use serde::{Deserialize, Serialize};
use serde_json::json;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use time::{Date, OffsetDateTime};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use validator::Validate;

time::serde::format_description!(pub iso_date, Date, "[year]-[month]-[day]");

/// Roles that see full ID numbers (registration and certificate work needs them).
const FULL_ID_ROLES: [Role; 3] = [
    Role::PlatformAdmin,
    Role::AssociationAdmin,
    Role::AssociationStaff,
];

/// A person as clients see them.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Person {
    pub id: Uuid,
    pub name: String,
    pub gender: Gender,
    #[serde(with = "iso_date")]
    #[schema(value_type = String, format = Date)]
    pub birth_date: Date,
    /// e.g. `110105********002X`.
    pub national_id_masked: String,
    /// The full number, only for roles that need it and only on the single-person view.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub national_id: Option<String>,
    pub education_level: Option<EducationLevel>,
    pub school: Option<String>,
    pub education_certificate_no: Option<String>,
    pub title: Option<String>,
    pub title_level: Option<TitleLevel>,
    pub employer_id: Uuid,
    pub employer_name: Option<String>,
    pub post: Option<String>,
    #[serde(with = "iso_date::option")]
    #[schema(value_type = Option<String>, format = Date)]
    pub post_since: Option<Date>,
    pub social_insurance: Option<SocialInsurance>,
    /// The login account of the person (phone app), if any.
    pub user_id: Option<Uuid>,
    pub version: i32,
    #[serde(with = "kernel::utc")]
    pub created_at: OffsetDateTime,
}

fn to_person(m: person::Model, employer_name: Option<String>, full_id: Option<String>) -> Person {
    Person {
        id: m.id,
        name: m.name,
        gender: m.gender,
        birth_date: m.birth_date,
        national_id_masked: m.national_id_masked,
        national_id: full_id,
        education_level: m.education_level,
        school: m.school,
        education_certificate_no: m.education_certificate_no,
        title: m.title,
        title_level: m.title_level,
        employer_id: m.employer_id,
        employer_name,
        post: m.post,
        post_since: m.post_since,
        social_insurance: m.social_insurance,
        user_id: m.user_id,
        version: m.version,
        created_at: m.created_at,
    }
}

/// The columns of a person in lists, in the order [`listed_person`] reads them.
const LISTED_COLUMNS: [person::Column; 17] = [
    person::Column::Id,
    person::Column::Name,
    person::Column::Gender,
    person::Column::BirthDate,
    person::Column::NationalIdMasked,
    person::Column::EducationLevel,
    person::Column::School,
    person::Column::EducationCertificateNo,
    person::Column::Title,
    person::Column::TitleLevel,
    person::Column::EmployerId,
    person::Column::Post,
    person::Column::PostSince,
    person::Column::SocialInsurance,
    person::Column::UserId,
    person::Column::Version,
    person::Column::CreatedAt,
];

/// The select list of a list page, rendered once: [`LISTED_COLUMNS`], then the employer's
/// name as a scalar sub-select (one statement per page, and unlike a join it leaves the
/// planner's choice for the page itself alone). Rendering these eighteen expressions with
/// sea-query on every request was a tenth of the list's work; the text is the same for
/// SQLite and PostgreSQL (both quote identifiers with `"`, which a test checks).
fn listed_select_list() -> &'static str {
    static LIST: std::sync::LazyLock<String> =
        std::sync::LazyLock::new(|| render_select_list(SqliteQueryBuilder));
    &LIST
}

fn render_select_list(builder: impl sea_orm::sea_query::QueryBuilder) -> String {
    let employer_name = Query::select()
        .column(organization::Column::Name)
        .from(organization::Entity)
        .and_where(
            Expr::col((organization::Entity, organization::Column::Id))
                .equals((person::Entity, person::Column::EmployerId)),
        )
        .to_owned();
    let sql = Query::select()
        .columns(LISTED_COLUMNS.map(|c| (person::Entity, c)))
        .expr(employer_name)
        .to_string(builder);
    sql.strip_prefix("SELECT ").unwrap_or(&sql).to_owned()
}

/// A state column of a fast-path row: an unknown name (or none) is an error, as on sea-orm's
/// entity path (`kernel::state`), never a default such as male.
fn state<T: State>(text: Option<&str>) -> std::result::Result<T, sea_orm::DbErr> {
    T::from_stored(text.unwrap_or_default())
}

/// An optional state column of a fast-path row: null is none, an unknown name an error.
fn opt_state<T: State>(text: Option<&str>) -> std::result::Result<Option<T>, sea_orm::DbErr> {
    text.map(T::from_stored).transpose()
}

/// A list row: [`LISTED_COLUMNS`], then the employer's name.
fn listed_person(r: &dyn Row) -> std::result::Result<Person, sea_orm::DbErr> {
    Ok(Person {
        id: r.uuid(0)?,
        name: r.text(1)?,
        gender: state(Some(&r.text(2)?))?,
        birth_date: r.date(3)?,
        national_id_masked: r.text(4)?,
        national_id: None,
        education_level: opt_state(r.opt_text(5)?.as_deref())?,
        school: r.opt_text(6)?,
        education_certificate_no: r.opt_text(7)?,
        title: r.opt_text(8)?,
        title_level: opt_state(r.opt_text(9)?.as_deref())?,
        employer_id: r.uuid(10)?,
        employer_name: r.opt_text(17)?,
        post: r.opt_text(11)?,
        post_since: r.opt_date(12)?,
        social_insurance: opt_state(r.opt_text(13)?.as_deref())?,
        user_id: r.opt_uuid(14)?,
        version: i32::try_from(r.int(15)?).unwrap_or(i32::MAX),
        created_at: r.datetime(16)?,
    })
}

/// A list row written as the JSON of the [`Person`] that [`listed_person`] would make of it,
/// field for field in the struct's order; returns the person's id (the page's cursor).
fn write_listed_person(
    r: &dyn Row,
    out: &mut JsonOut,
) -> std::result::Result<Uuid, sea_orm::DbErr> {
    let id = r.uuid(0)?;
    let text = |i: usize| r.str_ref(i);
    out.raw("{\"id\":");
    out.uuid(id);
    out.raw(",\"name\":");
    out.str(&text(1)?.unwrap_or_default());
    out.raw(",\"gender\":");
    let gender: Gender = state(text(2)?.as_deref())?;
    out.str(gender.as_str());
    out.raw(",\"birth_date\":");
    out.date(r.date(3)?);
    out.raw(",\"national_id_masked\":");
    out.str(&text(4)?.unwrap_or_default());
    out.raw(",\"education_level\":");
    let education: Option<EducationLevel> = opt_state(text(5)?.as_deref())?;
    out.opt_str(education.map(EducationLevel::as_str));
    out.raw(",\"school\":");
    out.opt_str(text(6)?.as_deref());
    out.raw(",\"education_certificate_no\":");
    out.opt_str(text(7)?.as_deref());
    out.raw(",\"title\":");
    out.opt_str(text(8)?.as_deref());
    out.raw(",\"title_level\":");
    let title_level: Option<TitleLevel> = opt_state(text(9)?.as_deref())?;
    out.opt_str(title_level.map(TitleLevel::as_str));
    out.raw(",\"employer_id\":");
    out.uuid(r.uuid(10)?);
    out.raw(",\"employer_name\":");
    out.opt_str(text(17)?.as_deref());
    out.raw(",\"post\":");
    out.opt_str(text(11)?.as_deref());
    out.raw(",\"post_since\":");
    out.opt_date(r.opt_date(12)?);
    out.raw(",\"social_insurance\":");
    let insurance: Option<SocialInsurance> = opt_state(text(13)?.as_deref())?;
    out.opt_str(insurance.map(SocialInsurance::as_str));
    out.raw(",\"user_id\":");
    out.opt_uuid(r.opt_uuid(14)?);
    out.raw(",\"version\":");
    out.int(i64::from(i32::try_from(r.int(15)?).unwrap_or(i32::MAX)));
    out.raw(",\"created_at\":");
    out.datetime(r.datetime(16)?);
    out.raw("}");
    Ok(id)
}

/// Runs a persons page statement (from [`Directory::persons_page`]) and writes the JSON of
/// `Page<Person>` from the rows while the driver holds them. Shared by the API's list and the
/// benchmark's PostgreSQL ceiling, so both write the same bytes from the same statement.
pub async fn write_persons_page(
    reader: &fastpath::Reader,
    q: &sea_orm::sea_query::SelectStatement,
    page_limit: u64,
    total: Option<u64>,
) -> std::result::Result<Vec<u8>, sea_orm::DbErr> {
    let limit = usize::try_from(page_limit).unwrap_or(usize::MAX);
    let mut out = JsonOut::with_capacity(640 * limit.min(64) + 64);
    out.raw("{\"items\":[");
    let (mut written, mut last, mut more) = (0usize, None, false);
    reader
        .for_each(q, Some(page_limit + 1), |r| {
            if written == limit {
                more = true;
                return Ok(());
            }
            if written > 0 {
                out.raw(",");
            }
            last = Some(write_listed_person(r, &mut out)?);
            written += 1;
            Ok(())
        })
        .await?;
    out.raw("],\"next_cursor\":");
    match last.filter(|_| more) {
        Some(id) => out.str(&kernel::page::encode_cursor(id)),
        None => out.null(),
    }
    out.raw(",\"total\":");
    match total {
        Some(n) => out.raw(&n.to_string()),
        None => out.null(),
    }
    out.raw("}");
    Ok(out.into_bytes())
}

/// A persons statement from [`Directory::persons_query`] made a page's: in id order, after
/// the cursor.
fn after_cursor(
    mut q: sea_orm::sea_query::SelectStatement,
    page: PageRequest,
) -> sea_orm::sea_query::SelectStatement {
    if let Some(after) = page.after {
        q.and_where(person::Column::Id.gt(after));
    }
    q.order_by((person::Entity, person::Column::Id), Order::Asc);
    q
}

/// A new person.
#[derive(Debug, Clone, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PersonIn {
    #[validate(custom(function = "kernel::text::required_text_50"))]
    pub name: String,
    pub gender: Gender,
    #[serde(with = "iso_date")]
    #[schema(value_type = String, format = Date)]
    pub birth_date: Date,
    /// 18-character resident ID number (GB 11643).
    pub national_id: String,
    #[serde(default)]
    pub education_level: Option<EducationLevel>,
    #[serde(default)]
    #[validate(custom(function = "kernel::text::optional_text_100"))]
    pub school: Option<String>,
    #[serde(default)]
    #[validate(custom(function = "kernel::text::optional_text_50"))]
    pub education_certificate_no: Option<String>,
    #[serde(default)]
    #[validate(custom(function = "kernel::text::optional_text_50"))]
    pub title: Option<String>,
    #[serde(default)]
    pub title_level: Option<TitleLevel>,
    pub employer_id: Uuid,
    #[serde(default)]
    #[validate(custom(function = "kernel::text::optional_text_50"))]
    pub post: Option<String>,
    #[serde(default, with = "iso_date::option")]
    #[schema(value_type = Option<String>, format = Date)]
    pub post_since: Option<Date>,
    #[serde(default)]
    pub social_insurance: Option<SocialInsurance>,
    #[serde(default)]
    pub user_id: Option<Uuid>,
}

/// Changes to a person; absent fields stay as they are.
#[derive(Debug, Clone, Default, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PersonPatch {
    #[validate(custom(function = "kernel::text::required_text_50"))]
    pub name: Option<String>,
    pub gender: Option<Gender>,
    #[serde(default, with = "iso_date::option")]
    #[schema(value_type = Option<String>, format = Date)]
    pub birth_date: Option<Date>,
    pub national_id: Option<String>,
    pub education_level: Option<EducationLevel>,
    #[validate(custom(function = "kernel::text::optional_text_100"))]
    pub school: Option<String>,
    #[validate(custom(function = "kernel::text::optional_text_50"))]
    pub education_certificate_no: Option<String>,
    #[validate(custom(function = "kernel::text::optional_text_50"))]
    pub title: Option<String>,
    pub title_level: Option<TitleLevel>,
    pub employer_id: Option<Uuid>,
    #[validate(custom(function = "kernel::text::optional_text_50"))]
    pub post: Option<String>,
    #[serde(default, with = "iso_date::option")]
    #[schema(value_type = Option<String>, format = Date)]
    pub post_since: Option<Date>,
    pub social_insurance: Option<SocialInsurance>,
}

/// Filters of the persons list and export (`GET /persons`, `GET /persons/export`).
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct PersonFilter {
    /// Name contains.
    pub q: Option<String>,
    pub employer_id: Option<Uuid>,
    /// Exact 18-character ID number (looked up through the blind index).
    pub national_id: Option<String>,
}

/// Whether bad rows block the whole import.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ImportMode {
    AllOrNothing,
    GoodRows,
}

/// The file formats the import reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ImportFormat {
    Csv,
    Xlsx,
}

/// Column headers of the import template and the export, Chinese first (what clerks type),
/// with English aliases accepted on import.
const COLUMNS: [(&str, &str); 13] = [
    ("姓名", "name"),
    ("性别", "gender"),
    ("出生日期", "birth_date"),
    ("身份证号", "national_id"),
    ("学历", "education_level"),
    ("毕业院校", "school"),
    ("学历证书编号", "education_certificate_no"),
    ("职称", "title"),
    ("职称级别", "title_level"),
    ("工作单位统一社会信用代码", "employer_credit_code"),
    ("岗位", "post"),
    ("任职日期", "post_since"),
    ("社保状态", "social_insurance"),
];

fn gender_zh(g: Gender) -> &'static str {
    match g {
        Gender::Male => "男",
        Gender::Female => "女",
    }
}
fn education_zh(e: EducationLevel) -> &'static str {
    match e {
        EducationLevel::Secondary => "中专",
        EducationLevel::JuniorCollege => "大专",
        EducationLevel::Bachelor => "本科",
        EducationLevel::Master => "硕士",
        EducationLevel::Doctorate => "博士",
        EducationLevel::Other => "其他",
    }
}
fn title_zh(t: TitleLevel) -> &'static str {
    match t {
        TitleLevel::None => "无",
        TitleLevel::Junior => "初级",
        TitleLevel::Intermediate => "中级",
        TitleLevel::AssociateSenior => "副高级",
        TitleLevel::Senior => "正高级",
    }
}
fn insurance_zh(s: SocialInsurance) -> &'static str {
    match s {
        SocialInsurance::Continuous => "连续",
        SocialInsurance::Interrupted => "中断",
        SocialInsurance::None => "无",
    }
}

/// The labels an import cell accepts for a state column, "、"-joined.
fn labels<T: State>(zh: fn(T) -> &'static str) -> String {
    T::iter().map(zh).collect::<Vec<_>>().join("、")
}

/// The import template (issue 14 §5): an XLSX workbook whose first sheet, 人员, holds the
/// header row the importer reads (the [`COLUMNS`], in Chinese) and nothing else, and whose
/// second sheet, 填写说明, lists each column: required or not, what it takes, an example.
/// The importer reads the first sheet only, so the instructions never become a person.
pub fn import_template() -> Result<Vec<u8>> {
    use rust_xlsxwriter::{Format, Workbook};
    let xl = |e: rust_xlsxwriter::XlsxError| {
        DirectoryError::unsupported_file(format!("无法生成 XLSX:{e}"), e.to_string())
    };
    let bold = Format::new().set_bold();
    let text = Format::new().set_num_format("@");
    let mut wb = Workbook::new();
    let sheet = wb.add_worksheet();
    sheet.set_name("人员").map_err(xl)?;
    for (c, (zh, _)) in COLUMNS.iter().enumerate() {
        sheet
            .write_string_with_format(0, c as u16, *zh, &bold)
            .map_err(xl)?;
        // Text cells: an ID number or a credit code typed into a number cell loses digits.
        sheet.set_column_format(c as u16, &text).map_err(xl)?;
        sheet.set_column_width(c as u16, 18).map_err(xl)?;
    }
    let notes = wb.add_worksheet();
    notes.set_name("填写说明").map_err(xl)?;
    for (c, h) in ["列", "必填", "填写要求", "示例"].iter().enumerate() {
        notes
            .write_string_with_format(0, c as u16, *h, &bold)
            .map_err(xl)?;
    }
    notes.set_column_width(0, 26).map_err(xl)?;
    notes.set_column_width(2, 60).map_err(xl)?;
    notes.set_column_width(3, 24).map_err(xl)?;
    let rows: [(&str, bool, String, &str); 13] = [
        ("姓名", true, "不超过50字".into(), "张三"),
        ("性别", true, labels(gender_zh), "男"),
        (
            "出生日期",
            true,
            "YYYY-MM-DD,须与身份证号一致".into(),
            "1985-03-12",
        ),
        (
            "身份证号",
            true,
            "18位居民身份证号,校验位须正确".into(),
            "43010219850312001X",
        ),
        ("学历", false, labels(education_zh), "本科"),
        ("毕业院校", false, "不超过100字".into(), "湖南大学"),
        ("学历证书编号", false, "不超过50字".into(), ""),
        ("职称", false, "不超过50字".into(), "工程师"),
        ("职称级别", false, labels(title_zh), "中级"),
        (
            "工作单位统一社会信用代码",
            true,
            "18位,须为您管理的单位".into(),
            "91430100MA4L0XXXXX",
        ),
        ("岗位", false, "不超过50字".into(), "锅炉检验员"),
        ("任职日期", false, "YYYY-MM-DD".into(), "2015-07-01"),
        ("社保状态", false, labels(insurance_zh), "连续"),
    ];
    for (r, (column, required, rule, example)) in rows.iter().enumerate() {
        let r = r as u32 + 1;
        notes.write_string(r, 0, *column).map_err(xl)?;
        notes
            .write_string(r, 1, if *required { "是" } else { "否" })
            .map_err(xl)?;
        notes.write_string(r, 2, rule).map_err(xl)?;
        notes.write_string(r, 3, *example).map_err(xl)?;
    }
    wb.save_to_buffer().map_err(xl)
}

/// Parses a Chinese label or the English code.
fn parse_label<T: State>(zh: fn(T) -> &'static str, s: &str) -> Option<T> {
    T::iter().find(|v| zh(*v) == s || v.name() == s)
}

/// An optional import cell: empty is none, otherwise a label [`parse_label`] knows.
fn opt_label<T: State>(zh: fn(T) -> &'static str, s: &str) -> std::result::Result<Option<T>, ()> {
    if s.is_empty() {
        return Ok(None);
    }
    parse_label(zh, s).map(Some).ok_or(())
}

/// Checked person fields, ready to store.
struct Checked {
    national_id: NationalId,
}

impl Directory {
    fn full_id_allowed(actor: &Actor, row: &person::Model) -> bool {
        FULL_ID_ROLES.iter().any(|r| actor.has_role(*r))
            || (actor.user_id().is_some() && row.user_id == actor.user_id())
    }

    /// Validates what only the service can: ID number, consistency with birth date and
    /// gender, dates in order.
    fn check_identity(
        f: &mut Fields,
        national_id: &str,
        birth: Date,
        gender: Gender,
        post_since: Option<Date>,
    ) -> Option<Checked> {
        let id = match NationalId::parse(national_id) {
            Ok(id) => id,
            Err(e) => {
                let (zh, en) = match e.code() {
                    "check_digit" => ("身份证号校验位错误", "the ID number's check digit is wrong"),
                    "length" => ("身份证号应为18位", "an ID number has 18 characters"),
                    "birth_date" => (
                        "身份证号中的出生日期不存在",
                        "the birth date inside the ID number does not exist",
                    ),
                    "region" => (
                        "身份证号的地区码无效",
                        "the region code inside the ID number is not valid",
                    ),
                    _ => (
                        "身份证号只能包含数字和X",
                        "only digits and a final X are allowed",
                    ),
                };
                f.push("/national_id", e.code(), zh, en);
                return None;
            }
        };
        if id.birth_date() != Some(birth) {
            f.push(
                "/birth_date",
                "mismatch",
                "出生日期与身份证号不一致",
                "birth date differs from the ID number",
            );
        }
        if id.gender() != gender {
            f.push(
                "/gender",
                "mismatch",
                "性别与身份证号不一致",
                "gender differs from the ID number",
            );
        }
        if let Some(p) = post_since
            && p < birth
        {
            f.push(
                "/post_since",
                "before_birth",
                "任职日期早于出生日期",
                "post date is before the birth date",
            );
        }
        Some(Checked { national_id: id })
    }

    /// The employer must be visible to the actor for managing persons.
    async fn manageable_employer<C: ConnectionTrait>(
        &self,
        conn: &C,
        actor: &Actor,
        employer_id: Uuid,
    ) -> Result<organization::Model> {
        let read = Visibility::of(conn, actor, Purpose::ReadOrganizations).await?;
        let org = self
            .visible_org(conn, &read, employer_id)
            .await
            .map_err(|_| {
                DirectoryError::field(
                    "/employer_id",
                    "not_found",
                    "无此单位",
                    "no such organization",
                )
            })?;
        let manage = Visibility::of(conn, actor, Purpose::ManagePersons).await?;
        if actor.is_read_only() || !manage.covers(&org) {
            return Err(DirectoryError::forbidden());
        }
        Ok(org)
    }

    /// Creates a person.
    pub async fn create_person(&self, actor: &Actor, input: PersonIn) -> Result<Person> {
        input.validate().map_err(validation)?;
        let mut f = Fields::default();
        let checked = Self::check_identity(
            &mut f,
            &input.national_id,
            input.birth_date,
            input.gender,
            input.post_since,
        );
        f.finish()?;
        let checked = checked.ok_or(DirectoryError::forbidden())?;
        let txn = begin_write(&self.db).await?;
        let employer = self
            .manageable_employer(&txn, actor, input.employer_id)
            .await?;
        if let Some(u) = input.user_id
            && user::Entity::find_by_id(u).one(&txn).await?.is_none()
        {
            return Err(DirectoryError::field(
                "/user_id",
                "not_found",
                "无此用户",
                "no such user",
            ));
        }
        let row = self.insert_person(&txn, actor, &input, &checked).await?;
        txn.commit().await?;
        Ok(to_person(row, Some(employer.name), None))
    }

    /// The row of a new person: ID number encrypted, blind-indexed and masked.
    fn new_person_row(
        &self,
        id: Uuid,
        input: &PersonIn,
        checked: &Checked,
        now: OffsetDateTime,
    ) -> person::ActiveModel {
        let national_id = &checked.national_id;
        person::ActiveModel {
            id: Set(id),
            name: Set(input.name.trim().to_owned()),
            gender: Set(input.gender),
            birth_date: Set(input.birth_date),
            national_id_enc: Set(self.cipher.encrypt(national_id.expose())),
            national_id_hash: Set(self.cipher.blind_index(national_id.expose())),
            national_id_masked: Set(national_id.masked()),
            education_level: Set(input.education_level),
            school: Set(input.school.clone()),
            education_certificate_no: Set(input.education_certificate_no.clone()),
            title: Set(input.title.clone()),
            title_level: Set(input.title_level),
            employer_id: Set(input.employer_id),
            post: Set(input.post.clone()),
            post_since: Set(input.post_since),
            social_insurance: Set(input.social_insurance),
            user_id: Set(input.user_id),
            version: Set(1),
            created_at: Set(now),
            updated_at: Set(now),
        }
    }

    async fn insert_person<C: ConnectionTrait>(
        &self,
        conn: &C,
        actor: &Actor,
        input: &PersonIn,
        checked: &Checked,
    ) -> Result<person::Model> {
        let now = self.clock.now();
        let row = self
            .new_person_row(Uuid::now_v7(), input, checked, now)
            .insert(conn)
            .await
            .map_err(person_exists)?;
        audit::record(conn, actor, now, AuditEntry {
            action: "person.create",
            object_type: "person",
            object_id: row.id.to_string(),
            organization_id: Some(row.employer_id),
            change: json!({"after": {"name": row.name, "national_id": row.national_id_masked, "employer_id": row.employer_id}}),
        })
        .await?;
        kernel::outbox::enqueue(
            conn,
            now,
            "person.created",
            json!({"id": row.id, "employer_id": row.employer_id, "national_id": row.national_id_masked}),
        )
        .await?;
        Ok(row)
    }

    /// One person, with the full ID number when the actor's role needs it.
    pub async fn get_person(&self, actor: &Actor, id: Uuid) -> Result<Person> {
        let row = self.visible_person(&self.db, actor, id).await?;
        let full = if Self::full_id_allowed(actor, &row) {
            Some(
                self.cipher
                    .decrypt(&row.national_id_enc)
                    .map_err(|_| DirectoryError::Crypto)?,
            )
        } else {
            None
        };
        let employer = organization::Entity::find_by_id(row.employer_id)
            .one(&self.db)
            .await?
            .map(|o| o.name);
        Ok(to_person(row, employer, full))
    }

    /// A person the actor reads ([`Purpose::ReadPersons`]); anyone else is not found (404).
    pub(crate) async fn visible_person<C: ConnectionTrait>(
        &self,
        conn: &C,
        actor: &Actor,
        id: Uuid,
    ) -> Result<person::Model> {
        let vis = Visibility::of(conn, actor, Purpose::ReadPersons).await?;
        person::Entity::find_by_id(id)
            .filter(vis.person_condition())
            .one(conn)
            .await?
            .ok_or(DirectoryError::not_found(noun::PERSON))
    }

    /// True when `purpose` reaches the person's employer (their organization, its association).
    pub(crate) async fn reaches_person<C: ConnectionTrait>(
        conn: &C,
        actor: &Actor,
        p: &person::Model,
        purpose: Purpose,
    ) -> Result<bool> {
        let vis = Visibility::of(conn, actor, purpose).await?;
        if vis.all {
            return Ok(true);
        }
        Ok(organization::Entity::find_by_id(p.employer_id)
            .one(conn)
            .await?
            .is_some_and(|o| vis.covers(&o)))
    }

    /// A person the actor reads, for `purpose`: one it does not read is not found (404), one it
    /// reads where `purpose` does not reach is forbidden (403).
    pub(crate) async fn person_for<C: ConnectionTrait>(
        &self,
        conn: &C,
        actor: &Actor,
        id: Uuid,
        purpose: Purpose,
    ) -> Result<person::Model> {
        let p = self.visible_person(conn, actor, id).await?;
        if Self::reaches_person(conn, actor, &p, purpose).await? {
            Ok(p)
        } else {
            Err(DirectoryError::forbidden())
        }
    }
    /// A page of the persons the actor can see (ID numbers masked), as structs: for the
    /// export. The API's list uses [`Directory::list_persons_json`], the same page written
    /// straight to JSON.
    pub async fn list_persons(
        &self,
        actor: &Actor,
        filter: &PersonFilter,
        page: PageRequest,
    ) -> Result<Page<Person>> {
        let all = self.persons_query(actor, filter).await?;
        let total = total_of(&all, page, &self.db).await?;
        let q = after_cursor(all, page);
        let rows = self
            .reader
            .rows(&q, Some(page.limit + 1), listed_person)
            .await?;
        Ok(Page::from_rows(rows, page.limit, |r| r.id).with_total(total))
    }

    /// The same page as [`Directory::list_persons`], as the JSON of `Page<Person>` written
    /// from the rows while the driver holds them: this is the request a clerk's list makes
    /// all day, and building a `Person` per row and serialising it cost more than half of it
    /// (docs/BENCHMARKS.md, session 5). A test holds the two to the same bytes.
    pub async fn list_persons_json(
        &self,
        actor: &Actor,
        filter: &PersonFilter,
        page: PageRequest,
    ) -> Result<Vec<u8>> {
        let all = self.persons_query(actor, filter).await?;
        let total = total_of(&all, page, &self.db).await?;
        let q = after_cursor(all, page);
        Ok(write_persons_page(&self.reader, &q, page.limit, total).await?)
    }

    /// The statement behind both list forms: [`LISTED_COLUMNS`] and the employer's name, in
    /// id order after the cursor, filtered to what the actor can see. Public for the
    /// benchmark's PostgreSQL ceiling, which runs exactly this statement.
    pub async fn persons_page(
        &self,
        actor: &Actor,
        filter: &PersonFilter,
        page: PageRequest,
    ) -> Result<sea_orm::sea_query::SelectStatement> {
        Ok(after_cursor(self.persons_query(actor, filter).await?, page))
    }

    /// The persons the actor can see through `filter`, in no order: a page's statement before
    /// its cursor, or the one its count is taken of.
    async fn persons_query(
        &self,
        actor: &Actor,
        filter: &PersonFilter,
    ) -> Result<sea_orm::sea_query::SelectStatement> {
        let vis = Visibility::of(&self.db, actor, Purpose::ReadPersons).await?;
        let mut q = Query::select();
        q.expr(Expr::cust(listed_select_list()))
            .from(person::Entity)
            .cond_where(vis.person_condition());
        if let Some(e) = filter.employer_id {
            // An employer the caller cannot see is not found, as on every list. Asked before
            // the page is read (it is written to JSON straight from the rows): an employer
            // is seen when its persons are, or when it employs the practitioner themself.
            let employer = organization::Entity::find_by_id(e).one(&self.db).await?;
            let seen = match employer {
                None => false,
                Some(o) if vis.covers(&o) => true,
                Some(o) => match vis.own_person_user {
                    None => false,
                    Some(u) => person::Entity::find()
                        .filter(person::Column::UserId.eq(u))
                        .filter(person::Column::EmployerId.eq(o.id))
                        .one(&self.db)
                        .await?
                        .is_some(),
                },
            };
            if !seen {
                return Err(DirectoryError::not_found(noun::ORGANIZATION));
            }
            q.and_where(person::Column::EmployerId.eq(e));
        }
        if let Some(text) = filter.q.as_deref().filter(|s| !s.is_empty()) {
            q.and_where(person::Column::Name.contains(text));
        }
        if let Some(n) = filter.national_id.as_deref().filter(|s| !s.is_empty()) {
            q.and_where(
                person::Column::NationalIdHash
                    .eq(self.cipher.blind_index(&n.trim().to_ascii_uppercase())),
            );
        }
        Ok(q)
    }

    /// Updates a person under optimistic locking.
    pub async fn update_person(
        &self,
        actor: &Actor,
        id: Uuid,
        expected_version: &super::IfMatch,
        patch: PersonPatch,
    ) -> Result<Person> {
        patch.validate().map_err(validation)?;
        let txn = begin_write(&self.db).await?;
        let before = self.visible_person(&txn, actor, id).await?;
        self.manageable_employer(&txn, actor, before.employer_id)
            .await
            .map_err(|e| match e {
                DirectoryError::Refused(Refusal::Invalid(_)) => DirectoryError::forbidden(),
                other => other,
            })?;
        if let Some(e) = patch.employer_id {
            self.manageable_employer(&txn, actor, e).await?;
        }
        check_version(expected_version, before.version)?;
        let current_id = self
            .cipher
            .decrypt(&before.national_id_enc)
            .map_err(|_| DirectoryError::Crypto)?;
        let birth = patch.birth_date.unwrap_or(before.birth_date);
        let gender = patch.gender.unwrap_or(before.gender);
        let mut f = Fields::default();
        let checked = Self::check_identity(
            &mut f,
            patch.national_id.as_deref().unwrap_or(&current_id),
            birth,
            gender,
            patch.post_since.or(before.post_since),
        );
        f.finish()?;
        let checked = checked.ok_or(DirectoryError::forbidden())?;
        let now = self.clock.now();
        let mut upd = person::Entity::update_many()
            .col_expr(
                person::Column::Version,
                Expr::col(person::Column::Version).add(1),
            )
            .col_expr(person::Column::UpdatedAt, Expr::value(now))
            .filter(person::Column::Id.eq(id))
            .filter(person::Column::Version.eq(before.version));
        macro_rules! set {
            ($field:ident, $col:ident, $conv:expr) => {
                if let Some(v) = patch.$field.clone() {
                    upd = upd.col_expr(person::Column::$col, Expr::value($conv(v)));
                }
            };
        }
        set!(name, Name, |v: String| v.trim().to_owned());
        set!(gender, Gender, |v: Gender| v);
        set!(birth_date, BirthDate, |v: Date| v);
        set!(education_level, EducationLevel, Some);
        set!(school, School, Some);
        set!(education_certificate_no, EducationCertificateNo, Some);
        set!(title, Title, Some);
        set!(title_level, TitleLevel, Some);
        set!(employer_id, EmployerId, |v: Uuid| v);
        set!(post, Post, Some);
        set!(post_since, PostSince, Some);
        set!(social_insurance, SocialInsurance, Some);
        if patch.national_id.is_some() {
            let n = &checked.national_id;
            upd = upd
                .col_expr(
                    person::Column::NationalIdEnc,
                    Expr::value(self.cipher.encrypt(n.expose())),
                )
                .col_expr(
                    person::Column::NationalIdHash,
                    Expr::value(self.cipher.blind_index(n.expose())),
                )
                .col_expr(person::Column::NationalIdMasked, Expr::value(n.masked()));
        }
        let res = upd.exec(&txn).await.map_err(|e| {
            if is_unique_violation(&e) {
                DirectoryError::conflict(
                    "person_exists",
                    "已有其他人员使用该身份证号",
                    "another person has this ID number",
                )
            } else {
                e.into()
            }
        })?;
        if res.rows_affected != 1 {
            return Err(kernel::Refusal::Stale {
                current: before.version + 1,
            }
            .into());
        }
        let after = person::Entity::find_by_id(id)
            .one(&txn)
            .await?
            .ok_or(DirectoryError::not_found(noun::PERSON))?;
        audit::record(&txn, actor, now, AuditEntry {
            action: "person.update",
            object_type: "person",
            object_id: id.to_string(),
            organization_id: Some(after.employer_id),
            change: json!({
                "before": {"name": before.name, "national_id": before.national_id_masked, "employer_id": before.employer_id, "post": before.post, "version": before.version},
                "after": {"name": after.name, "national_id": after.national_id_masked, "employer_id": after.employer_id, "post": after.post, "version": after.version},
            }),
        })
        .await?;
        txn.commit().await?;
        let employer = organization::Entity::find_by_id(after.employer_id)
            .one(&self.db)
            .await?
            .map(|o| o.name);
        Ok(to_person(after, employer, None))
    }

    /// Writes the persons matching `filter` to an XLSX workbook (numbers masked).
    pub async fn export_persons(&self, actor: &Actor, filter: &PersonFilter) -> Result<Vec<u8>> {
        use rust_xlsxwriter::{Format, Workbook};
        let mut wb = Workbook::new();
        let sheet = wb.add_worksheet();
        let bold = Format::new().set_bold();
        let xl = |e: rust_xlsxwriter::XlsxError| {
            DirectoryError::unsupported_file(format!("无法生成 XLSX:{e}"), e.to_string())
        };
        sheet.set_name("人员").map_err(xl)?;
        for (c, (zh, _)) in COLUMNS.iter().enumerate() {
            let header = if *zh == "工作单位统一社会信用代码" {
                "工作单位"
            } else {
                zh
            };
            sheet
                .write_string_with_format(0, c as u16, header, &bold)
                .map_err(xl)?;
            sheet.set_column_width(c as u16, 16).map_err(xl)?;
        }
        let mut page = PageRequest::first(kernel::page::MAX_LIMIT);
        let mut r = 1u32;
        loop {
            let p = self.list_persons(actor, filter, page).await?;
            for person in &p.items {
                let cells = [
                    person.name.clone(),
                    gender_zh(person.gender).to_owned(),
                    person.birth_date.to_string(),
                    person.national_id_masked.clone(),
                    person
                        .education_level
                        .map(education_zh)
                        .unwrap_or_default()
                        .to_owned(),
                    person.school.clone().unwrap_or_default(),
                    person.education_certificate_no.clone().unwrap_or_default(),
                    person.title.clone().unwrap_or_default(),
                    person
                        .title_level
                        .map(title_zh)
                        .unwrap_or_default()
                        .to_owned(),
                    person.employer_name.clone().unwrap_or_default(),
                    person.post.clone().unwrap_or_default(),
                    person.post_since.map(|d| d.to_string()).unwrap_or_default(),
                    person
                        .social_insurance
                        .map(insurance_zh)
                        .unwrap_or_default()
                        .to_owned(),
                ];
                for (c, v) in cells.iter().enumerate() {
                    sheet.write_string(r, c as u16, v).map_err(xl)?;
                }
                r += 1;
            }
            match p
                .next_cursor
                .as_deref()
                .and_then(kernel::page::decode_cursor)
            {
                Some(after) => page.after = Some(after),
                None => break,
            }
        }
        wb.save_to_buffer().map_err(xl)
    }

    /// Imports persons from CSV or XLSX. Every bad row is reported with its line, reason and
    /// person (name, masked ID number); in all-or-nothing mode one bad row means nothing is
    /// written.
    ///
    /// Built for 100,000-row sheets (issue 15) in bounded memory: a blocking thread reads the
    /// file and checks each row (parsing, ID-number checks, encryption and the blind index are
    /// CPU work) and hands the good rows over in chunks of [`PERSONS_PER_INSERT`] through a
    /// channel two chunks deep; this task looks each chunk's ID numbers up in the database and
    /// writes the chunk (persons, audit rows and outbox events in multi-row inserts) while
    /// the thread checks the next. No more than a few chunks are ever in memory, whatever the
    /// file's length. Everything is written in one transaction, begun at the first chunk:
    /// all or nothing is a rollback when any row was refused, and the job ends inside the same
    /// transaction, so the import and its end commit together. It runs as a job
    /// (`person_import`): `job`'s progress counts rows checked and written.
    pub(crate) async fn import_persons(
        &self,
        actor: &Actor,
        format: ImportFormat,
        file: impl std::io::Read + Send + 'static,
        mode: ImportMode,
        job: &jobs::Running,
    ) -> Result<ImportReport> {
        if actor.is_read_only() {
            return Err(DirectoryError::forbidden());
        }
        let manage = Visibility::of(&self.db, actor, Purpose::ManagePersons).await?;
        if manage.is_empty() {
            return Err(DirectoryError::forbidden());
        }
        let employers: HashMap<String, Uuid> = organization::Entity::find()
            .filter(manage.org_condition())
            .all(&self.db)
            .await?
            .into_iter()
            .filter(|o| manage.covers(o))
            .map(|o| (o.credit_code.to_ascii_uppercase(), o.id))
            .collect();
        let cipher = self.cipher.clone();
        let seen = job.progress.clone();
        // Set by the checker at its first refused row: in all-or-nothing mode nothing more is
        // written (the rows already written roll back), but every row is still checked.
        let refused = Arc::new(AtomicBool::new(false));
        let (chunks, mut received) = tokio::sync::mpsc::channel::<Vec<GoodRow>>(2);
        let checker = {
            let refused = refused.clone();
            tokio::task::spawn_blocking(move || {
                check_rows(format, file, &employers, &cipher, &seen, &refused, &chunks)
            })
        };
        let mut txn: Option<DatabaseTransaction> = None;
        let mut duplicates: Vec<RejectedRow> = Vec::new();
        let mut imported = 0u32;
        while let Some(mut chunk) = received.recv().await {
            self.drop_existing(&mut chunk, &mut duplicates).await?;
            let clean = duplicates.is_empty() && !refused.load(Ordering::Relaxed);
            if chunk.is_empty() || (mode == ImportMode::AllOrNothing && !clean) {
                continue;
            }
            if txn.is_none() {
                txn = Some(begin_write(&self.db).await?);
            }
            if let Some(t) = &txn {
                self.insert_people(t, actor, &chunk).await?;
            }
            imported += chunk.len() as u32;
            job.progress.add_written(chunk.len() as u64);
        }
        let mut rejected = checker
            .await
            .map_err(|e| sea_orm::DbErr::Custom(format!("import check: {e}")))??;
        if !duplicates.is_empty() {
            rejected.append(&mut duplicates);
            rejected.sort_by_key(|r| r.line);
        }
        if mode == ImportMode::AllOrNothing && !rejected.is_empty() {
            // Dropping the transaction rolls back what was written: the job says none was.
            job.progress.written.store(0, Ordering::Relaxed);
            return Err(DirectoryError::ImportRejected(ImportReport {
                imported: 0,
                rejected,
            }));
        }
        let report = ImportReport { imported, rejected };
        let value = serde_json::to_value(&report)
            .map_err(|e| sea_orm::DbErr::Custom(format!("import report: {e}")))?;
        let txn = match txn {
            Some(t) => t,
            None => begin_write(&self.db).await?,
        };
        if !job.complete(&txn, self.clock.now(), value).await? {
            return Err(sea_orm::DbErr::Custom("the import job is no longer held".into()).into());
        }
        txn.commit().await?;
        Ok(report)
    }

    /// Takes out of `chunk` the rows whose ID number is already on file, reporting each.
    async fn drop_existing(
        &self,
        chunk: &mut Vec<GoodRow>,
        rejected: &mut Vec<RejectedRow>,
    ) -> Result<()> {
        let existing: HashSet<String> = person::Entity::find()
            .select_only()
            .column(person::Column::NationalIdHash)
            .filter(person::Column::NationalIdHash.is_in(chunk.iter().map(|g| g.hash.clone())))
            .into_tuple::<String>()
            .all(&self.db)
            .await?
            .into_iter()
            .collect();
        if !existing.is_empty() {
            chunk.retain(|g| {
                let dup = existing.contains(&g.hash);
                if dup {
                    push_rejected(
                        rejected,
                        g.line,
                        "national_id",
                        Message::new(
                            "该身份证号的人员已存在",
                            "a person with this ID number exists",
                        ),
                    );
                    if let Some(r) = rejected.last_mut() {
                        r.name = Some(g.input.name.trim().to_owned());
                        r.national_id = Some(g.checked.national_id.masked());
                    }
                }
                !dup
            });
        }
        Ok(())
    }

    /// Inserts checked import rows with one multi-row INSERT each for the persons, their
    /// audit rows and their outbox events.
    async fn insert_people<C: ConnectionTrait>(
        &self,
        conn: &C,
        actor: &Actor,
        rows: &[GoodRow],
    ) -> Result<()> {
        let now = self.clock.now();
        let mut models = Vec::with_capacity(rows.len());
        let mut audits = Vec::with_capacity(rows.len());
        let mut events = Vec::with_capacity(rows.len());
        for g in rows {
            let id = Uuid::now_v7();
            let masked = g.checked.national_id.masked();
            let name = g.input.name.trim().to_owned();
            audits.push(AuditEntry {
                action: "person.create",
                object_type: "person",
                object_id: id.to_string(),
                organization_id: Some(g.input.employer_id),
                change: json!({"after": {"name": name, "national_id": masked, "employer_id": g.input.employer_id}}),
            });
            events
                .push(json!({"id": id, "employer_id": g.input.employer_id, "national_id": masked}));
            models.push(self.new_person_row(id, &g.input, &g.checked, now));
        }
        person::Entity::insert_many(models)
            .exec_without_returning(conn)
            .await
            .map_err(person_exists)?;
        audit::record_many(conn, actor, now, audits).await?;
        kernel::outbox::enqueue_many(conn, now, "person.created", events).await?;
        Ok(())
    }
}

/// Persons per multi-row INSERT (20 columns each: 10,000 bind variables, under SQLite's
/// 32,766 and PostgreSQL's 65,535).
const PERSONS_PER_INSERT: usize = 500;

/// An import row that passed every check.
struct GoodRow {
    line: u32,
    input: PersonIn,
    checked: Checked,
    hash: String,
}

/// Reads the file and checks every row: the good rows go to `chunks`, [`PERSONS_PER_INSERT`]
/// at a time, and what is refused is returned with its line, reason and person. Runs on a
/// blocking thread; needs nothing from the database but the employers the actor manages (by
/// upper-case credit code). Stops early only when the receiver has gone (the import failed).
fn check_rows(
    format: ImportFormat,
    file: impl std::io::Read,
    employers: &HashMap<String, Uuid>,
    cipher: &kernel::crypto::PiiCipher,
    progress: &jobs::Progress,
    refused: &AtomicBool,
    chunks: &tokio::sync::mpsc::Sender<Vec<GoodRow>>,
) -> Result<Vec<RejectedRow>> {
    let mut index: Option<HashMap<&'static str, usize>> = None;
    let mut rejected = Vec::new();
    let mut good: Vec<GoodRow> = Vec::with_capacity(PERSONS_PER_INSERT);
    let mut seen: HashMap<String, u32> = HashMap::new();
    let gone = || {
        DirectoryError::from(sea_orm::DbErr::Custom(
            "the import stopped writing".to_owned(),
        ))
    };
    for_each_row(format, file, |n, row| {
        let Some(index) = &index else {
            index = Some(header_index(row)?);
            return Ok(());
        };
        let line = n + 1;
        progress.add_checked(1);
        if row.iter().all(|c| c.trim().is_empty()) {
            return Ok(());
        }
        let before = rejected.len();
        match check_row(
            line,
            row,
            index,
            employers,
            cipher,
            &mut seen,
            &mut rejected,
        ) {
            Some(g) => good.push(g),
            None => {
                refused.store(true, Ordering::Relaxed);
                name_the_person(&mut rejected[before..], row, index);
            }
        }
        if good.len() == PERSONS_PER_INSERT {
            let full = std::mem::replace(&mut good, Vec::with_capacity(PERSONS_PER_INSERT));
            chunks.blocking_send(full).map_err(|_| gone())?;
        }
        Ok(())
    })?;
    if index.is_none() {
        return Err(DirectoryError::unsupported_file(
            "文件为空",
            "the file is empty",
        ));
    }
    if !good.is_empty() {
        chunks.blocking_send(good).map_err(|_| gone())?;
    }
    Ok(rejected)
}

/// Puts the row's person (name, ID number masked) on its refusals, so that a clerk reading
/// the report knows whom each line is about without opening the file.
fn name_the_person(
    refusals: &mut [RejectedRow],
    row: &[String],
    index: &HashMap<&'static str, usize>,
) {
    let cell = |k: &str| {
        index
            .get(k)
            .and_then(|i| row.get(*i))
            .map(|s| s.trim())
            .filter(|s| !s.is_empty() && kernel::text::forbidden_char(s).is_none())
    };
    let name: Option<String> = cell("name").map(|n| n.chars().take(50).collect());
    let id = cell("national_id").map(crate::model::mask_id_text);
    for r in refusals {
        r.name = name.clone();
        r.national_id = id.clone();
    }
}

/// Where each known column is, by its English name; refuses a header without the required
/// columns.
fn header_index(header: &[String]) -> Result<HashMap<&'static str, usize>> {
    let mut index: HashMap<&'static str, usize> = HashMap::new();
    for (i, h) in header.iter().enumerate() {
        let h = h.trim();
        if let Some((_, en)) = COLUMNS.iter().find(|(zh, en)| *zh == h || *en == h) {
            index.insert(en, i);
        }
    }
    let missing: Vec<&str> = [
        "name",
        "gender",
        "birth_date",
        "national_id",
        "employer_credit_code",
    ]
    .into_iter()
    .filter(|c| !index.contains_key(c))
    .collect();
    if !missing.is_empty() {
        let names: Vec<&str> = missing
            .iter()
            .filter_map(|m| COLUMNS.iter().find(|(_, en)| en == m).map(|(zh, _)| *zh))
            .collect();
        return Err(DirectoryError::unsupported_file(
            format!("缺少列:{}", names.join("、")),
            format!("missing columns: {}", names.join(", ")),
        ));
    }
    Ok(index)
}

/// Checks one data row; reports what is wrong with it in `rejected`, or returns it ready to
/// write. `seen` holds the blind indexes of earlier good rows (duplicates within the file).
fn check_row(
    line: u32,
    row: &[String],
    index: &HashMap<&'static str, usize>,
    employers: &HashMap<String, Uuid>,
    cipher: &kernel::crypto::PiiCipher,
    seen: &mut HashMap<String, u32>,
    rejected: &mut Vec<RejectedRow>,
) -> Option<GoodRow> {
    let cell = |k: &str| {
        index
            .get(k)
            .and_then(|i| row.get(*i))
            .map(|s| s.trim())
            .unwrap_or("")
    };
    let before = rejected.len();
    macro_rules! reject {
        ($field:expr, $zh:expr, $en:expr) => {
            push_rejected(rejected, line, $field, Message::new($zh, $en))
        };
    }
    // Control characters are never meant in a sheet, only pasted or forged (issue 13 §1):
    // each such cell is refused, in column order, and the row goes no further.
    for (_, en) in COLUMNS {
        if let Some(c) = index
            .get(en)
            .and_then(|i| row.get(*i))
            .and_then(|s| kernel::text::forbidden_char(s))
        {
            reject!(
                en,
                format!("不能含控制字符 {}", kernel::text::describe(c)),
                format!(
                    "must not contain the control character {}",
                    kernel::text::describe(c)
                )
            );
        }
    }
    if rejected.len() > before {
        return None;
    }
    let name = cell("name").to_owned();
    if name.is_empty() || name.chars().count() > 50 {
        reject!(
            "name",
            "姓名必填且不超过50字",
            "name is required, at most 50 characters"
        );
    }
    let gender = parse_label(gender_zh, cell("gender"));
    if gender.is_none() {
        reject!("gender", "应为 男 或 女", "must be 男 or 女");
    }
    let birth = parse_date(cell("birth_date"));
    if birth.is_none() {
        reject!(
            "birth_date",
            "日期格式应为 YYYY-MM-DD 且真实存在",
            "a real date as YYYY-MM-DD"
        );
    }
    let education = opt_label(education_zh, cell("education_level"));
    if education.is_err() {
        reject!(
            "education_level",
            "不是已知的学历",
            "unknown education level"
        );
    }
    let title_level = opt_label(title_zh, cell("title_level"));
    if title_level.is_err() {
        reject!(
            "title_level",
            "应为 无/初级/中级/副高级/正高级",
            "unknown title level"
        );
    }
    let insurance = opt_label(insurance_zh, cell("social_insurance"));
    if insurance.is_err() {
        reject!(
            "social_insurance",
            "应为 连续/中断/无",
            "unknown social-insurance status"
        );
    }
    let post_since = match cell("post_since") {
        "" => Some(None),
        s => parse_date(s).map(Some),
    };
    if post_since.is_none() {
        reject!(
            "post_since",
            "日期格式应为 YYYY-MM-DD",
            "a real date as YYYY-MM-DD"
        );
    }
    let code = cell("employer_credit_code").to_ascii_uppercase();
    let employer = CreditCode::parse(&code)
        .ok()
        .and_then(|c| employers.get(c.as_str()).copied());
    if employer.is_none() {
        reject!(
            "employer_credit_code",
            "单位不存在或不在您的管理范围",
            "no such organization in your scope"
        );
    }
    let (
        Some(gender),
        Some(birth),
        Some(employer),
        Ok(education),
        Ok(title_level),
        Ok(insurance),
        Some(post_since),
    ) = (
        gender,
        birth,
        employer,
        education,
        title_level,
        insurance,
        post_since,
    )
    else {
        return None;
    };
    let mut f = Fields::default();
    let checked = Directory::check_identity(&mut f, cell("national_id"), birth, gender, post_since);
    for e in f.0 {
        let field = e.pointer.trim_start_matches('/').to_owned();
        reject!(&field, e.message, e.message_en);
    }
    let checked = checked?;
    if rejected.len() > before {
        return None;
    }
    let hash = cipher.blind_index(checked.national_id.expose());
    if let Some(first) = seen.get(&hash) {
        reject!(
            "national_id",
            format!("与第{first}行重复"),
            format!("duplicates line {first}")
        );
        return None;
    }
    seen.insert(hash.clone(), line);
    let opt = |k: &str| Some(cell(k).to_owned()).filter(|s| !s.is_empty());
    let input = PersonIn {
        name,
        gender,
        birth_date: birth,
        national_id: checked.national_id.expose().to_owned(),
        education_level: education,
        school: opt("school"),
        education_certificate_no: opt("education_certificate_no"),
        title: opt("title"),
        title_level,
        employer_id: employer,
        post: opt("post"),
        post_since,
        social_insurance: insurance,
        user_id: None,
    };
    if let Err(errs) = input.validate() {
        for e in FieldError::from_validation(&errs) {
            reject!(e.pointer.trim_start_matches('/'), e.message, e.message_en);
        }
        return None;
    }
    Some(GoodRow {
        line,
        input,
        checked,
        hash,
    })
}

fn push_rejected(out: &mut Vec<RejectedRow>, line: u32, field: &str, reason: Message) {
    let zh = COLUMNS
        .iter()
        .find(|(_, en)| *en == field)
        .map(|(zh, _)| *zh)
        .unwrap_or(field);
    out.push(RejectedRow::new(line, zh, reason));
}

fn parse_date(s: &str) -> Option<Date> {
    let fmt = time::macros::format_description!("[year]-[month]-[day]");
    let s = s.trim().replace('/', "-");
    Date::parse(&s, &fmt).ok().or_else(|| {
        // Excel stores dates as day numbers since 1899-12-30.
        let serial: f64 = s.parse().ok()?;
        let base = Date::from_calendar_date(1899, time::Month::December, 30).ok()?;
        base.checked_add(time::Duration::days(serial as i64))
    })
}

/// Hands each row of the first sheet (XLSX) or of the file (CSV, UTF-8 with or without BOM)
/// to `visit` with its 0-based index, as it is read: XLSX cells are streamed from the sheet's
/// XML instead of loading the whole sheet, so a 100,000-row import holds one row at a time
/// beside the rows it keeps.
fn for_each_row(
    format: ImportFormat,
    file: impl std::io::Read,
    mut visit: impl FnMut(u32, &[String]) -> Result<()>,
) -> Result<()> {
    use std::io::BufRead;
    let unreadable_file = |e: std::io::Error| {
        DirectoryError::unsupported_file(
            format!("无法读取上传的文件:{e}"),
            format!("the uploaded file could not be read: {e}"),
        )
    };
    match format {
        ImportFormat::Csv => {
            // Read as a stream, part after part: the sheet is never whole in memory.
            let mut text = std::io::BufReader::with_capacity(64 * 1024, file);
            if text
                .fill_buf()
                .map_err(unreadable_file)?
                .starts_with(b"\xEF\xBB\xBF")
            {
                text.consume(3);
            }
            let mut rdr = csv::ReaderBuilder::new()
                .has_headers(false)
                .flexible(true)
                .from_reader(text);
            let mut rec = csv::StringRecord::new();
            let mut row: Vec<String> = Vec::new();
            let mut n = 0u32;
            loop {
                match rdr.read_record(&mut rec) {
                    Ok(false) => return Ok(()),
                    Ok(true) => {}
                    Err(e) => {
                        return Err(match e.kind() {
                            csv::ErrorKind::Utf8 { .. } => DirectoryError::unsupported_file(
                                "CSV 文件须为 UTF-8 编码",
                                "CSV must be UTF-8 encoded",
                            ),
                            _ => DirectoryError::unsupported_file(
                                format!("无法读取 CSV 文件:{e}"),
                                format!("CSV could not be read: {e}"),
                            ),
                        });
                    }
                }
                row.clear();
                row.extend(rec.iter().map(str::to_owned));
                visit(n, &row)?;
                n += 1;
            }
        }
        ImportFormat::Xlsx => {
            use calamine::{DataRef, Reader, Xlsx};
            let unreadable = || {
                DirectoryError::unsupported_file(
                    "无法读取第一个工作表",
                    "the first sheet could not be read",
                )
            };
            // A workbook is a zip, read by seeking: it is read whole (a 100,000-row sheet is
            // about 5 MB compressed).
            let mut bytes = Vec::new();
            let mut file = file;
            file.read_to_end(&mut bytes).map_err(unreadable_file)?;
            let mut wb: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes)).map_err(|_| {
                DirectoryError::unsupported_file(
                    "无法读取的 XLSX 工作簿",
                    "not a readable XLSX workbook",
                )
            })?;
            let first = wb.sheet_names().first().cloned().ok_or_else(|| {
                DirectoryError::unsupported_file("工作簿中没有工作表", "the workbook has no sheet")
            })?;
            let mut cells = wb
                .worksheet_cells_reader(&first)
                .map_err(|_| unreadable())?;
            // Cells come in row order; empty rows and cells may be missing altogether.
            let mut row: Vec<String> = Vec::new();
            let mut at: Option<u32> = None;
            while let Some(cell) = cells.next_cell().map_err(|_| unreadable())? {
                let (r, c) = cell.get_position();
                if at != Some(r) {
                    if let Some(prev) = at {
                        visit(prev, &row)?;
                    }
                    row.clear();
                    at = Some(r);
                }
                let c = usize::try_from(c).map_err(|_| unreadable())?;
                if row.len() <= c {
                    row.resize(c + 1, String::new());
                }
                row[c] = match cell.get_value() {
                    DataRef::DateTime(d) => format!("{}", d.as_f64() as i64),
                    DataRef::Float(f) if f.fract() == 0.0 => format!("{}", *f as i64),
                    DataRef::Empty => String::new(),
                    other => calamine::Data::from(other.clone()).to_string(),
                };
            }
            if let Some(prev) = at {
                visit(prev, &row)?;
            }
            Ok(())
        }
    }
}

/// An insert's unique-constraint violation (the ID number's blind index, the user account) is
/// the 409 a duplicate person gets; any other database error stays one.
fn person_exists(e: sea_orm::DbErr) -> DirectoryError {
    if is_unique_violation(&e) {
        DirectoryError::conflict(
            "person_exists",
            "该身份证号(或该用户账号)的人员已存在",
            "a person with this ID number (or this user account) already exists",
        )
    } else {
        e.into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sea_orm::sea_query::PostgresQueryBuilder;

    /// The template's first sheet is exactly the header the importer reads, with no data
    /// row, and its instructions describe every column.
    #[test]
    fn the_import_template_is_the_header_the_importer_reads() {
        use calamine::{Reader, Xlsx};
        let bytes = import_template().unwrap_or_else(|e| panic!("{e}"));
        let mut header: Option<Vec<String>> = None;
        let mut rows = 0;
        for_each_row(ImportFormat::Xlsx, bytes.as_slice(), |_, row| {
            rows += 1;
            header.get_or_insert_with(|| row.to_vec());
            Ok(())
        })
        .unwrap_or_else(|e| panic!("{e}"));
        let header = header.unwrap_or_default();
        assert_eq!(rows, 1, "a header and no example person");
        let expected: Vec<&str> = COLUMNS.iter().map(|(zh, _)| *zh).collect();
        assert_eq!(header, expected);
        assert!(header_index(&header).is_ok());
        let mut wb: Xlsx<_> =
            Xlsx::new(std::io::Cursor::new(bytes)).unwrap_or_else(|e| panic!("{e}"));
        let notes = wb
            .worksheet_range("填写说明")
            .unwrap_or_else(|e| panic!("{e}"));
        let described: Vec<String> = notes.rows().skip(1).map(|r| r[0].to_string()).collect();
        assert_eq!(described, expected);
    }

    /// The list's select list is rendered once with SQLite's builder and used for both
    /// databases: it has no values and both quote identifiers alike.
    #[test]
    fn the_select_list_reads_the_same_on_both_databases() {
        assert_eq!(
            render_select_list(SqliteQueryBuilder),
            render_select_list(PostgresQueryBuilder)
        );
        assert!(listed_select_list().starts_with("\"persons\".\"id\", \"persons\".\"name\""));
        assert!(listed_select_list().ends_with("\"persons\".\"employer_id\")"));
    }
}
