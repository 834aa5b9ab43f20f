//! Persons (practitioners): identity, education, title, employment. National ID numbers are
//! encrypted at rest, indexed by a keyed hash, and masked in responses unless the caller's
//! role needs the full number.

use super::{Fields, check_version, validation};
use crate::Directory;
use crate::access::{Purpose, Visibility};
use crate::entity::{organization, person, user};
use crate::error::{DirectoryError, Result, noun};
use crate::model::{EducationLevel, Gender, NationalId, SocialInsurance, TitleLevel};
use kernel::audit::{self, AuditEntry};
use kernel::db::{begin_write, is_unique_violation};
use kernel::{Actor, Refusal, Role};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};
use serde::{Deserialize, Serialize};
use serde_json::json;
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

/// Checked person fields, ready to store.
pub(super) struct Checked {
    pub(super) national_id: NationalId,
}

impl Directory {
    fn full_id_allowed(actor: &Actor, row: &person::Model) -> bool {
        FULL_ID_ROLES.iter().any(|r| actor.has_role(*r))
            || (actor.user_id().is_some() && row.user_id == actor.user_id())
    }

    /// Validates what only the service can: ID number, consistency with birth date and
    /// gender, dates in order.
    pub(super) fn check_identity(
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
    pub(super) fn new_person_row(
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
}

/// An insert's unique-constraint violation (the ID number's blind index, the user account) is
/// the 409 a duplicate person gets; any other database error stays one.
pub(super) fn person_exists(e: sea_orm::DbErr) -> DirectoryError {
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
