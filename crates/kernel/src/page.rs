//! Cursor paging. Ids are UUIDv7 (time ordered), so "after this id" is a stable cursor that
//! needs no offset scan and survives inserts between pages.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sea_orm::sea_query::{Expr, Query, SelectStatement};
use sea_orm::{ConnectionTrait, DbErr};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

/// Upper bound on `limit`, so one request cannot ask for the whole table.
pub const MAX_LIMIT: u64 = 200;
pub const DEFAULT_LIMIT: u64 = 20;

/// A validated page request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageRequest {
    pub limit: u64,
    pub after: Option<Uuid>,
    /// Whether the caller asked for the whole list's count (`with_total=true`): a long list
    /// counts only when asked, since counting 100,000 persons costs more than their page.
    pub with_total: bool,
}

/// Why a page request was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PageError {
    #[error("limit must be between 1 and {MAX_LIMIT}")]
    Limit,
    #[error("cursor is not one this server issued")]
    Cursor,
}

impl PageRequest {
    pub fn parse(limit: Option<u64>, cursor: Option<&str>) -> Result<Self, PageError> {
        let limit = limit.unwrap_or(DEFAULT_LIMIT);
        if limit == 0 || limit > MAX_LIMIT {
            return Err(PageError::Limit);
        }
        let after = match cursor {
            None | Some("") => None,
            Some(c) => Some(decode_cursor(c).ok_or(PageError::Cursor)?),
        };
        Ok(PageRequest {
            limit,
            after,
            with_total: false,
        })
    }

    pub fn first(limit: u64) -> Self {
        PageRequest {
            limit,
            after: None,
            with_total: false,
        }
    }

    /// The same request, counting the whole list when `yes`.
    pub fn counting(self, yes: bool) -> Self {
        PageRequest {
            with_total: yes,
            ..self
        }
    }
}

/// One page of results; `next_cursor` is null on the last page.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Page<T> {
    pub items: Vec<T>,
    /// Pass as `cursor` to get the next page.
    pub next_cursor: Option<String>,
    /// How many rows the whole list holds, its filters applied: always given where the server
    /// reads the list whole, and on the long lists (persons, organizations, users, the audit
    /// log, courses, enrolments and their requests) when the request says `with_total=true`;
    /// null otherwise.
    pub total: Option<u64>,
}

impl<T> Page<T> {
    /// Builds a page from up to `limit + 1` rows fetched in id order: the extra row only
    /// tells that another page exists.
    pub fn from_rows(mut rows: Vec<T>, limit: u64, id_of: impl Fn(&T) -> Uuid) -> Self {
        let more = rows.len() as u64 > limit;
        rows.truncate(limit as usize);
        let next_cursor = if more {
            rows.last().map(|r| encode_cursor(id_of(r)))
        } else {
            None
        };
        Page {
            items: rows,
            next_cursor,
            total: None,
        }
    }

    /// The page with the whole list's count, where one was taken.
    pub fn with_total(self, total: Option<u64>) -> Self {
        Page { total, ..self }
    }

    /// Pages a list that its service reads whole and in its own order (soonest class first,
    /// newest notice first …): the lists of one association's classes, refunds, teachers and
    /// the like hold tens or hundreds of rows, not the hundreds of thousands of persons, so
    /// they keep their natural order rather than id order. The cursor is the id of the
    /// previous page's last row; one naming no row of the list (deleted meanwhile, or never
    /// issued for it) is refused.
    pub fn of_list(
        rows: Vec<T>,
        req: PageRequest,
        id_of: impl Fn(&T) -> Uuid,
    ) -> Result<Self, PageError> {
        let start = match req.after {
            None => 0,
            Some(after) => {
                rows.iter()
                    .position(|r| id_of(r) == after)
                    .ok_or(PageError::Cursor)?
                    + 1
            }
        };
        let total = rows.len() as u64;
        let rest: Vec<T> = rows.into_iter().skip(start).collect();
        Ok(Page::from_rows(rest, req.limit, id_of).with_total(Some(total)))
    }

    pub fn map<U>(self, f: impl FnMut(T) -> U) -> Page<U> {
        Page {
            items: self.items.into_iter().map(f).collect(),
            next_cursor: self.next_cursor,
            total: self.total,
        }
    }
}

/// The count of the rows `select` finds, when the request asked for it (see
/// [`PageRequest::with_total`]); `select` is the list's statement with its filters, before the
/// cursor and the limit are added (sea-orm's `Select::as_query` gives it).
pub async fn total_of<C: ConnectionTrait>(
    select: &SelectStatement,
    req: PageRequest,
    conn: &C,
) -> Result<Option<u64>, DbErr> {
    if !req.with_total {
        return Ok(None);
    }
    // Counted over the rows, not the columns: the select list (a sub-select for a name, say)
    // need not be computed. Right for lists without DISTINCT or GROUP BY, which none has.
    let inner = select
        .clone()
        .clear_order_by()
        .clear_selects()
        .expr(Expr::cust("1"))
        .to_owned();
    let count = Query::select()
        .expr_as(Expr::cust("COUNT(*)"), "n")
        .from_subquery(inner, "listed")
        .to_owned();
    let n = match conn.query_one(&count).await? {
        Some(row) => row.try_get::<i64>("", "n")?,
        None => 0,
    };
    Ok(Some(u64::try_from(n).unwrap_or(0)))
}

pub fn encode_cursor(id: Uuid) -> String {
    URL_SAFE_NO_PAD.encode(id.as_bytes())
}

pub fn decode_cursor(c: &str) -> Option<Uuid> {
    let bytes = URL_SAFE_NO_PAD.decode(c).ok()?;
    Uuid::from_slice(&bytes).ok()
}

/// The cursor of a list read in parts, one after the other, each in id order (the inbox: one
/// part per kind of work): the part of the last row and its id, so the next page resumes in
/// that part after that id — also when the row itself has left the list meanwhile.
pub fn encode_part_cursor(part: u8, id: Uuid) -> String {
    let mut bytes = [0u8; 17];
    bytes[0] = part;
    bytes[1..].copy_from_slice(id.as_bytes());
    URL_SAFE_NO_PAD.encode(bytes)
}

pub fn decode_part_cursor(c: &str) -> Option<(u8, Uuid)> {
    let bytes = URL_SAFE_NO_PAD.decode(c).ok()?;
    let (part, id) = bytes.split_first()?;
    Some((*part, Uuid::from_slice(id).ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limit_is_capped_and_cursor_round_trips() {
        assert_eq!(PageRequest::parse(Some(0), None), Err(PageError::Limit));
        assert_eq!(
            PageRequest::parse(Some(MAX_LIMIT + 1), None),
            Err(PageError::Limit)
        );
        assert_eq!(
            PageRequest::parse(Some(MAX_LIMIT), None).map(|p| p.limit),
            Ok(MAX_LIMIT)
        );
        let id = Uuid::now_v7();
        assert_eq!(
            PageRequest::parse(None, Some(&encode_cursor(id))).map(|p| p.after),
            Ok(Some(id))
        );
        assert_eq!(
            PageRequest::parse(None, Some("not a cursor!")),
            Err(PageError::Cursor)
        );
    }

    #[test]
    fn a_whole_list_pages_in_its_own_order_and_refuses_a_stranger_cursor() {
        let ids: Vec<Uuid> = (0..5).map(|_| Uuid::now_v7()).collect();
        let newest_first: Vec<Uuid> = ids.iter().rev().copied().collect();
        let first = Page::of_list(newest_first.clone(), PageRequest::first(2), |u| *u);
        let first = first.unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(first.items, newest_first[..2]);
        let next = PageRequest::parse(Some(2), first.next_cursor.as_deref())
            .unwrap_or_else(|e| panic!("{e}"));
        let second = Page::of_list(newest_first.clone(), next, |u| *u);
        let second = second.unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(second.items, newest_first[2..4]);
        let next = PageRequest::parse(Some(2), second.next_cursor.as_deref())
            .unwrap_or_else(|e| panic!("{e}"));
        let last = Page::of_list(newest_first.clone(), next, |u| *u);
        let last = last.unwrap_or_else(|e| panic!("{e}"));
        assert_eq!((last.items.len(), last.next_cursor), (1, None));
        let stranger = PageRequest {
            limit: 2,
            after: Some(Uuid::now_v7()),
            with_total: false,
        };
        assert_eq!(
            Page::of_list(newest_first, stranger, |u| *u).map(|p| p.items),
            Err(PageError::Cursor)
        );
    }

    #[test]
    fn a_part_cursor_round_trips_and_is_not_a_plain_one() {
        let id = Uuid::now_v7();
        let c = encode_part_cursor(7, id);
        assert_eq!(decode_part_cursor(&c), Some((7, id)));
        assert_eq!(decode_cursor(&c), None);
        assert_eq!(decode_part_cursor(&encode_cursor(id)), None);
    }

    #[test]
    fn extra_row_signals_next_page() {
        let ids: Vec<Uuid> = (0..3).map(|_| Uuid::now_v7()).collect();
        let p = Page::from_rows(ids.clone(), 2, |u| *u);
        assert_eq!(p.items.len(), 2);
        assert_eq!(p.next_cursor, Some(encode_cursor(ids[1])));
        let last = Page::from_rows(ids, 3, |u| *u);
        assert_eq!(last.next_cursor, None);
    }
}
