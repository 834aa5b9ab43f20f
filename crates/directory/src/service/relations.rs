//! Declared relations between persons (EX-07's recusal: an evaluator or proctor may not assess a
//! candidate who is a declared relation). A relation is symmetric — A kin of B is B kin of A —
//! so it is stored once per pair and kind, the smaller id first, and read from either end.
//! Both persons must be ones the caller reads (another tenant's person is not found); who
//! manages either person's organization, or its association, declares and removes it
//! ([`Purpose::DeclareRelations`]). Removal deletes the row; the audit log keeps it.

use crate::Directory;
use crate::access::{Purpose, Visibility};
use crate::entity::{person, person_relation};
use crate::error::{DirectoryError, Result, noun};
use crate::model::RelationKind;
use crate::service::validation;
use kernel::Actor;
use kernel::audit::AuditEntry;
use kernel::db::{begin_write, is_unique_violation};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, ModelTrait,
    QueryFilter, QueryOrder, QuerySelect, Set,
};
use serde::{Deserialize, Serialize};
use serde_json::json;
use std::collections::HashSet;
use time::OffsetDateTime;
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

/// A declared relation, read from the person asked about: `person_id` is that person,
/// `related_person_id` the other.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PersonRelation {
    pub id: Uuid,
    pub person_id: Uuid,
    pub related_person_id: Uuid,
    pub kind: RelationKind,
    pub note: Option<String>,
    pub declared_by: Uuid,
    #[serde(with = "kernel::utc")]
    #[schema(value_type = String, format = DateTime)]
    pub declared_at: OffsetDateTime,
}

/// A relation to declare, from the person in the path.
#[derive(Debug, Clone, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PersonRelationIn {
    /// The other person; one the caller reads, not the person themself.
    pub related_person_id: Uuid,
    pub kind: RelationKind,
    /// e.g. 表兄弟; at most 500 characters.
    #[serde(default)]
    #[validate(custom(function = "kernel::text::optional_text_500"))]
    pub note: Option<String>,
}

/// The pair in stored order: the smaller id first.
fn ordered(a: Uuid, b: Uuid) -> (Uuid, Uuid) {
    if a <= b { (a, b) } else { (b, a) }
}

/// The row read from `from`'s end.
fn seen_from(m: person_relation::Model, from: Uuid) -> PersonRelation {
    let other = if m.person_id == from {
        m.related_person_id
    } else {
        m.person_id
    };
    PersonRelation {
        id: m.id,
        person_id: from,
        related_person_id: other,
        kind: m.kind,
        note: m.note,
        declared_by: m.declared_by,
        declared_at: m.declared_at,
    }
}

impl Directory {
    /// The persons among `ids` the actor reads.
    async fn persons_read<C: ConnectionTrait>(
        conn: &C,
        actor: &Actor,
        ids: Vec<Uuid>,
    ) -> Result<HashSet<Uuid>> {
        let vis = Visibility::of(conn, actor, Purpose::ReadPersons).await?;
        Ok(person::Entity::find()
            .select_only()
            .column(person::Column::Id)
            .filter(person::Column::Id.is_in(ids))
            .filter(vis.person_condition())
            .into_tuple::<Uuid>()
            .all(conn)
            .await?
            .into_iter()
            .collect())
    }

    /// Whether [`Purpose::DeclareRelations`] reaches either person: 403 otherwise.
    async fn may_declare<C: ConnectionTrait>(
        conn: &C,
        actor: &Actor,
        a: &person::Model,
        b: &person::Model,
    ) -> Result<()> {
        if Self::reaches_person(conn, actor, a, Purpose::DeclareRelations).await?
            || Self::reaches_person(conn, actor, b, Purpose::DeclareRelations).await?
        {
            Ok(())
        } else {
            Err(DirectoryError::forbidden())
        }
    }

    /// The person's declared relations whose other person the actor reads too, newest first.
    /// A person the actor does not read is not found (404); one it reads without
    /// [`Purpose::ReadRelations`] there is forbidden (403).
    pub async fn list_relations(
        &self,
        actor: &Actor,
        person_id: Uuid,
    ) -> Result<Vec<PersonRelation>> {
        let p = self
            .person_for(&self.db, actor, person_id, Purpose::ReadRelations)
            .await?;
        let rows = person_relation::Entity::find()
            .filter(
                Condition::any()
                    .add(person_relation::Column::PersonId.eq(p.id))
                    .add(person_relation::Column::RelatedPersonId.eq(p.id)),
            )
            .order_by_desc(person_relation::Column::Id)
            .all(&self.db)
            .await?;
        let others = rows
            .iter()
            .map(|r| seen_from(r.clone(), p.id).related_person_id)
            .collect();
        let read = Self::persons_read(&self.db, actor, others).await?;
        Ok(rows
            .into_iter()
            .map(|r| seen_from(r, p.id))
            .filter(|r| read.contains(&r.related_person_id))
            .collect())
    }

    /// Declares a relation between the person and `related_person_id` (audited). Either person
    /// not read by the actor is not found (404); without [`Purpose::DeclareRelations`] over one
    /// of them, forbidden (403); a person related to themself is a 422 on
    /// `/related_person_id`; the same pair and kind declared again is a conflict (409,
    /// `relation_declared`).
    pub async fn declare_relation(
        &self,
        actor: &Actor,
        person_id: Uuid,
        input: PersonRelationIn,
    ) -> Result<PersonRelation> {
        let txn = begin_write(&self.db).await?;
        let p = self.visible_person(&txn, actor, person_id).await?;
        let other = self
            .visible_person(&txn, actor, input.related_person_id)
            .await?;
        Self::may_declare(&txn, actor, &p, &other).await?;
        input.validate().map_err(validation)?;
        if p.id == other.id {
            return Err(DirectoryError::field(
                "/related_person_id",
                "same_person",
                "不能声明与本人的关系",
                "a person is not declared related to themself",
            ));
        }
        let (low, high) = ordered(p.id, other.id);
        let now = self.clock.now();
        let row = person_relation::ActiveModel {
            id: Set(Uuid::now_v7()),
            person_id: Set(low),
            related_person_id: Set(high),
            kind: Set(input.kind),
            note: Set(input
                .note
                .as_deref()
                .map(str::trim)
                .filter(|n| !n.is_empty())
                .map(str::to_owned)),
            declared_by: Set(actor.id()),
            declared_at: Set(now),
        }
        .insert(&txn)
        .await
        .map_err(|e| {
            if is_unique_violation(&e) {
                DirectoryError::conflict(
                    "relation_declared",
                    "两人之间已声明此关系",
                    "this relation between the two persons is already declared",
                )
            } else {
                e.into()
            }
        })?;
        AuditEntry::new("person_relation.declare", "person_relation", row.id)
            .in_org(p.employer_id)
            .change(json!({
                "person_id": p.id, "related_person_id": other.id, "kind": row.kind.as_str(),
                "note": row.note,
            }))
            .record(&txn, actor, now)
            .await?;
        txn.commit().await?;
        Ok(seen_from(row, p.id))
    }

    /// Removes a declared relation (audited, the row kept in the audit log). A relation one of
    /// whose persons the actor does not read is not found (404); without
    /// [`Purpose::DeclareRelations`] over one of them, forbidden (403).
    pub async fn remove_relation(&self, actor: &Actor, id: Uuid) -> Result<()> {
        let txn = begin_write(&self.db).await?;
        let not_found = || DirectoryError::not_found(noun::PERSON_RELATION);
        let r = person_relation::Entity::find_by_id(id)
            .one(&txn)
            .await?
            .ok_or_else(not_found)?;
        let a = self
            .visible_person(&txn, actor, r.person_id)
            .await
            .map_err(|_| not_found())?;
        let b = self
            .visible_person(&txn, actor, r.related_person_id)
            .await
            .map_err(|_| not_found())?;
        Self::may_declare(&txn, actor, &a, &b).await?;
        let now = self.clock.now();
        AuditEntry::new("person_relation.remove", "person_relation", r.id)
            .in_org(a.employer_id)
            .change(json!({"before": {
                "person_id": r.person_id, "related_person_id": r.related_person_id,
                "kind": r.kind.as_str(), "note": r.note, "declared_by": r.declared_by,
            }}))
            .record(&txn, actor, now)
            .await?;
        r.delete(&txn).await?;
        txn.commit().await?;
        Ok(())
    }

    /// EX-07's question: true when a relation of any kind is declared between `a` and `b`, in
    /// either direction. A person is not related to themself (false).
    pub async fn related(&self, a: Uuid, b: Uuid) -> Result<bool, DirectoryError> {
        if a == b {
            return Ok(false);
        }
        let (low, high) = ordered(a, b);
        Ok(person_relation::Entity::find()
            .filter(person_relation::Column::PersonId.eq(low))
            .filter(person_relation::Column::RelatedPersonId.eq(high))
            .one(&self.db)
            .await?
            .is_some())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pair_is_stored_in_one_order_whichever_end_declares_it() {
        let (a, b) = (Uuid::now_v7(), Uuid::now_v7());
        assert_eq!(ordered(a, b), ordered(b, a));
        assert!(ordered(a, b).0 < ordered(a, b).1);
    }
}
