//! The persons list: the page a clerk's list asks for all day, read on the fast path and
//! written to JSON straight from the rows (`list_persons_json`), and the same page as structs
//! for the export (`list_persons`). Both run one statement, built by `persons_query`.

use super::persons::{Person, PersonFilter};
use crate::Directory;
use crate::access::{Purpose, Visibility};
use crate::entity::{organization, person};
use crate::error::{DirectoryError, Result, noun};
use crate::model::{EducationLevel, Gender, SocialInsurance, TitleLevel};
use fastpath::JsonOut;
use fastpath::Row;
use kernel::Actor;
use kernel::page::{Page, PageRequest, total_of};
use kernel::state::State;
use sea_orm::sea_query::{Expr, ExprTrait, Order, Query, SqliteQueryBuilder};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use uuid::Uuid;

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

impl Directory {
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
}

#[cfg(test)]
mod tests {
    use super::*;
    use sea_orm::sea_query::PostgresQueryBuilder;

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
