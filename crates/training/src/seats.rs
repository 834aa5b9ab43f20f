//! Seats and the waiting list: taking a seat within capacity, releasing one, and moving the
//! waiting list up into freed seats, with the classes locked in a fixed order.

use crate::Training;
use crate::classes::closed;
use crate::entity::{class, enrolment};
use crate::error::Result;
use crate::model::EnrolmentStatus;
use kernel::Actor;
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use uuid::Uuid;

impl Training {
    /// Gives one seat of the class back and offers it to the waiting list, in the caller's
    /// transaction. Every step that frees a seat goes through here, so a free seat and a
    /// waiting enrolment never stay side by side.
    pub(crate) async fn release_seat<C: ConnectionTrait>(
        &self,
        conn: &C,
        actor: &Actor,
        class_id: Uuid,
    ) -> Result<Vec<enrolment::Model>> {
        class::Entity::update_many()
            .col_expr(
                class::Column::SeatsTaken,
                Expr::col(class::Column::SeatsTaken).sub(1),
            )
            .filter(class::Column::Id.eq(class_id))
            .filter(class::Column::SeatsTaken.gt(0))
            .exec(conn)
            .await?;
        self.fill_from_waitlist(conn, actor, class_id).await
    }

    /// TR-08, capacity: while the class has a free seat, the enrolment that joined its waiting
    /// list first (then the lower id) moves up to `confirmed` — waiting for finance's fee like
    /// any confirmed enrolment — through the same conditional seat update as a confirmation,
    /// so the class is never overfilled. Audited as `enrolment.promote` under the actor whose
    /// step freed the seat. A cancelled class or one that has begun takes nobody (TR-08).
    /// The class row is locked first: a confirmation or another release of the same class
    /// waits, so the list read here is the whole list.
    pub(crate) async fn fill_from_waitlist<C: ConnectionTrait>(
        &self,
        conn: &C,
        actor: &Actor,
        class_id: Uuid,
    ) -> Result<Vec<enrolment::Model>> {
        let mut promoted = Vec::new();
        let Some(c) = lock_classes(conn, &[class_id]).await?.pop() else {
            return Ok(promoted);
        };
        if closed(&c, self.dir.clock.now()).is_some() {
            return Ok(promoted);
        }
        loop {
            let Some(next) = enrolment::Entity::find()
                .filter(enrolment::Column::ClassId.eq(c.id))
                .filter(enrolment::Column::Status.eq(EnrolmentStatus::Waitlisted))
                .order_by_asc(enrolment::Column::WaitlistedAt)
                .order_by_asc(enrolment::Column::Id)
                .one(conn)
                .await?
            else {
                break;
            };
            if !take_seat(conn, c.id).await? {
                break;
            }
            let row = self
                .transition(conn, &next, EnrolmentStatus::Confirmed, None, actor, None)
                .await?;
            self.audit(conn, actor, "enrolment.promote", &row, c.association_id)
                .await?;
            promoted.push(row);
        }
        Ok(promoted)
    }
}

/// Takes one seat if the class has one left. The condition sits in the UPDATE itself, so
/// concurrent confirmations can never push a class over its capacity.
pub(crate) async fn take_seat<C: ConnectionTrait>(conn: &C, class_id: Uuid) -> Result<bool> {
    let res = class::Entity::update_many()
        .col_expr(
            class::Column::SeatsTaken,
            Expr::col(class::Column::SeatsTaken).add(1),
        )
        .filter(class::Column::Id.eq(class_id))
        .filter(Expr::col(class::Column::SeatsTaken).lt(Expr::col(class::Column::Capacity)))
        .exec(conn)
        .await?;
    Ok(res.rows_affected == 1)
}

/// Reads the classes locked for update (PostgreSQL `FOR UPDATE`, in id order so that two
/// transactions never wait for each other crosswise; SQLite's write transaction already holds
/// the whole database). Whoever changes a class's seats or waiting list locks it first.
pub(crate) async fn lock_classes<C: ConnectionTrait>(
    conn: &C,
    ids: &[Uuid],
) -> Result<Vec<class::Model>> {
    Ok(class::Entity::find()
        .filter(class::Column::Id.is_in(ids.to_vec()))
        .order_by_asc(class::Column::Id)
        .lock_exclusive()
        .all(conn)
        .await?)
}
