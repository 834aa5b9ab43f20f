//! Handing an attempt in: by the candidate, by any reader of an attempt past its deadline, and
//! by the server's loop (`close_overdue`), each a conditional update of the one attempt, so a
//! paper is handed in once however many ask. The objective questions are marked here.

use crate::Exams;
use crate::attempts::{Response, paper_of};
use crate::banks::{Key, key_of};
use crate::entity::{answer, attempt, sitting};
use crate::error::{ExamsError, Result, noun};
use crate::model::AttemptStatus;
use kernel::Actor;
use kernel::audit::AuditEntry;
use kernel::db::begin_write;
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use serde_json::json;
use std::collections::HashMap;
use time::OffsetDateTime;
use uuid::Uuid;

/// Whether a response earns the question's points (objective questions only; a short answer
/// is `None`, for the evaluators). A multiple choice earns them only when exactly right; a
/// fill-in only when every blank matches one of its accepted answers (spaces around ignored).
pub fn objectively_right(key: &Key, response: &Response) -> Option<bool> {
    Some(match (key, response) {
        (Key::SingleChoice { choice }, Response::SingleChoice { choice: c }) => choice == c,
        (Key::MultipleChoice { choices }, Response::MultipleChoice { choices: c }) => {
            let (mut a, mut b) = (choices.clone(), c.clone());
            a.sort_unstable();
            a.dedup();
            b.sort_unstable();
            b.dedup();
            a == b
        }
        (Key::TrueFalse { value }, Response::TrueFalse { value: v }) => value == v,
        (Key::FillBlank { blanks }, Response::FillBlank { blanks: given }) => {
            blanks.len() == given.len()
                && blanks
                    .iter()
                    .zip(given)
                    .all(|(accepted, g)| accepted.iter().any(|a| a.trim() == g.trim()))
        }
        (Key::ShortAnswer { .. }, _) => return None,
        _ => false,
    })
}

impl Exams {
    /// Submits an open attempt whose deadline has passed (the server's own hand-in).
    pub(crate) async fn close_if_overdue<C: ConnectionTrait>(
        &self,
        conn: &C,
        a: attempt::Model,
    ) -> Result<attempt::Model> {
        let now = self.dir().clock.now();
        if a.status.open() && now >= a.deadline {
            let at = a.deadline;
            self.hand_in(conn, None, a, AttemptStatus::AutoSubmitted, at)
                .await
        } else {
            Ok(a)
        }
    }

    /// Marks the objective questions and closes the attempt with `status`. Only an open
    /// attempt is changed (a conditional update), so two submissions give one result.
    pub(crate) async fn hand_in<C: ConnectionTrait>(
        &self,
        conn: &C,
        actor: Option<&Actor>,
        a: attempt::Model,
        status: AttemptStatus,
        at: OffsetDateTime,
    ) -> Result<attempt::Model> {
        let (points, saved) = self.objective_points(conn, a.id).await?;
        let res = attempt::Entity::update_many()
            .col_expr(attempt::Column::Status, Expr::value(status))
            .col_expr(attempt::Column::SubmittedAt, Expr::value(Some(at)))
            .col_expr(attempt::Column::ObjectivePoints, Expr::value(Some(points)))
            .col_expr(
                attempt::Column::Version,
                Expr::col(attempt::Column::Version).add(1),
            )
            .filter(attempt::Column::Id.eq(a.id))
            .filter(attempt::Column::Status.eq(AttemptStatus::Started))
            .exec(conn)
            .await?;
        let updated = attempt::Entity::find_by_id(a.id)
            .one(conn)
            .await?
            .ok_or(ExamsError::not_found(noun::ATTEMPT))?;
        if res.rows_affected == 1 {
            let action = if status == AttemptStatus::AutoSubmitted {
                "exam_attempt.auto_submit"
            } else {
                "exam_attempt.submit"
            };
            // The row belongs to the sitting's association, whose auditors read its exams.
            let association: Option<Uuid> = sitting::Entity::find_by_id(a.sitting_id)
                .select_only()
                .column(sitting::Column::AssociationId)
                .into_tuple()
                .one(conn)
                .await?;
            let system = system_actor();
            AuditEntry::new(action, "exam_attempt", a.id)
                .in_org(association)
                .change(json!({"objective_points": points, "answers_saved": saved}))
                .record(conn, actor.unwrap_or(&system), self.dir().clock.now())
                .await?;
        }
        Ok(updated)
    }

    /// The objective questions' points of an attempt, from its saved answers, and how many
    /// answers were saved (for the hand-in's audit row).
    async fn objective_points<C: ConnectionTrait>(
        &self,
        conn: &C,
        attempt_id: Uuid,
    ) -> Result<(i32, usize)> {
        let (items, versions) = paper_of(conn, attempt_id).await?;
        let rows = answer::Entity::find()
            .filter(answer::Column::AttemptId.eq(attempt_id))
            .all(conn)
            .await?;
        let saved = rows.len();
        let answers: HashMap<i32, Response> = rows
            .into_iter()
            .filter_map(|r| Some((r.position, serde_json::from_value(r.response).ok()?)))
            .collect();
        let mut points = 0;
        for i in items {
            let (Some(v), Some(r)) = (
                versions.get(&i.question_version_id),
                answers.get(&i.position),
            ) else {
                continue;
            };
            if objectively_right(&key_of(v)?, r) == Some(true) {
                points += i.points;
            }
        }
        Ok((points, saved))
    }

    /// Submits every open attempt whose deadline has passed; what the server's background
    /// loop runs. Returns how many it closed.
    pub async fn close_overdue(&self) -> Result<u64> {
        let now = self.dir().clock.now();
        let due = attempt::Entity::find()
            .filter(attempt::Column::Status.eq(AttemptStatus::Started))
            .filter(attempt::Column::Deadline.lte(now))
            .order_by_asc(attempt::Column::Deadline)
            .all(&self.dir().db)
            .await?;
        let mut closed = 0;
        for a in due {
            let txn = begin_write(&self.dir().db).await?;
            if let Some(a) = attempt::Entity::find_by_id(a.id)
                .lock_exclusive()
                .one(&txn)
                .await?
            {
                let was_open = a.status.open();
                let a = self.close_if_overdue(&txn, a).await?;
                if was_open && !a.status.open() {
                    closed += 1;
                }
            }
            txn.commit().await?;
        }
        Ok(closed)
    }
}

/// The actor recorded for what the server does by itself (the hand-in at the deadline).
pub(crate) fn system_actor() -> Actor {
    Actor {
        subject: kernel::Subject::User(Uuid::nil()),
        memberships: vec![],
        scopes: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_multiple_choice_earns_its_points_only_when_exactly_right() {
        let key = Key::MultipleChoice {
            choices: vec![0, 2],
        };
        assert_eq!(
            objectively_right(
                &key,
                &Response::MultipleChoice {
                    choices: vec![2, 0]
                }
            ),
            Some(true)
        );
        assert_eq!(
            objectively_right(&key, &Response::MultipleChoice { choices: vec![0] }),
            Some(false)
        );
        assert_eq!(
            objectively_right(
                &key,
                &Response::MultipleChoice {
                    choices: vec![0, 1, 2]
                }
            ),
            Some(false)
        );
    }

    #[test]
    fn a_fill_in_accepts_any_listed_spelling_of_each_blank() {
        let key = Key::FillBlank {
            blanks: vec![vec!["1.25".into(), "1.25倍".into()]],
        };
        assert_eq!(
            objectively_right(
                &key,
                &Response::FillBlank {
                    blanks: vec![" 1.25倍 ".into()]
                }
            ),
            Some(true)
        );
        assert_eq!(
            objectively_right(
                &key,
                &Response::FillBlank {
                    blanks: vec!["1.5".into()]
                }
            ),
            Some(false)
        );
    }

    #[test]
    fn a_short_answer_waits_for_the_evaluators() {
        let key = Key::ShortAnswer {
            reference: "…".into(),
        };
        assert_eq!(
            objectively_right(&key, &Response::ShortAnswer { text: "x".into() }),
            None
        );
    }
}
