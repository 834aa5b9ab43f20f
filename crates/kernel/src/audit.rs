//! The audit log: one row per state change, appended in the change's own transaction, and a
//! keyed hash chain over the rows that a single sequencer extends a few seconds behind.
//!
//! Why the chain is not built by the writers (decision 70): a chain needs a tip, and a tip
//! updated inside every writing transaction is one row lock that every writer in the platform
//! queues on until commit. Writers therefore only append; [`chain_pending`] links the rows
//! that have committed since its last pass, in the order it finds them, under a lock that
//! only one process holds at a time. A row that commits late (PostgreSQL may commit a row
//! with a smaller id after a larger one) simply gets the next sequence number on the next
//! pass: the chain's order is the order rows became visible to the sequencer, and no row can
//! be skipped because the sequencer looks for every unchained row, not for ids above a mark.
//!
//! Why the chain is keyed (decision 71): someone who can write to the database can recompute
//! an unkeyed SHA-256 chain after editing a row. Each link here is HMAC-SHA256 under a key
//! that lives outside the database (like the data key), and the tip is signed now and then
//! with Ed25519 into checkpoints kept outside the database (a file beside the data and an
//! outbox event), so that even a leaked chain key cannot rewrite what a checkpoint covers.

use crate::actor::Actor;
use crate::db::begin_write;
use crate::entity::{audit_head, audit_log};
use ed25519_dalek::{Signer, SigningKey, Verifier, VerifyingKey};
use hmac::{Hmac, Mac};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DbBackend, DbErr,
    EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Statement,
};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use sha2::{Digest, Sha256};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;
use uuid::Uuid;

/// The hash before the first row.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// The PostgreSQL advisory lock the sequencer holds for one pass ("audit" in ASCII).
const SEQUENCER_LOCK: i64 = 0x0061_7564_6974;

/// What changed. `change` must already be free of secrets and full ID numbers.
///
/// Written where the change is made, in its transaction, as one chain:
///
/// ```text
/// AuditEntry::new("plan.add_class", "training_plan", plan.id)
///     .in_org(plan.association_id)
///     .change(json!({"class_id": class.id}))
///     .record(&txn, actor, now)
///     .await?;
/// ```
#[derive(Debug, Clone)]
pub struct AuditEntry<'a> {
    pub action: &'a str,
    pub object_type: &'a str,
    pub object_id: String,
    pub organization_id: Option<Uuid>,
    pub change: Value,
}

impl<'a> AuditEntry<'a> {
    /// `action` (`"plan.add_class"`) was done to the object `object_type` (`"training_plan"`)
    /// with this id; no organization and an empty change until [`in_org`](Self::in_org) and
    /// [`change`](Self::change) say otherwise.
    pub fn new(action: &'a str, object_type: &'a str, object_id: impl ToString) -> Self {
        AuditEntry {
            action,
            object_type,
            object_id: object_id.to_string(),
            organization_id: None,
            change: Value::Object(Default::default()),
        }
    }

    /// The organization the change belongs to: whose auditors may read the row. Takes a
    /// `Uuid` or an `Option<Uuid>`.
    pub fn in_org(mut self, organization_id: impl Into<Option<Uuid>>) -> Self {
        self.organization_id = organization_id.into();
        self
    }

    /// What changed (`{"before": …, "after": …}` or the fields set), free of secrets.
    pub fn change(mut self, change: Value) -> Self {
        self.change = change;
        self
    }

    /// Appends the row, as [`record`] does: inside the transaction that makes the change.
    pub async fn record<C: ConnectionTrait>(
        self,
        conn: &C,
        actor: &Actor,
        at: OffsetDateTime,
    ) -> Result<(), DbErr> {
        record(conn, actor, at, self).await
    }
}

/// Microsecond precision survives both databases' timestamp types unchanged.
fn stored_instant(at: OffsetDateTime) -> OffsetDateTime {
    at.replace_nanosecond(at.microsecond() * 1000).unwrap_or(at)
}

/// One unchained audit row (the sequencer fills `seq`, `prev_hash` and `hash`).
fn row(actor: &Actor, at: OffsetDateTime, entry: AuditEntry<'_>) -> audit_log::ActiveModel {
    audit_log::ActiveModel::from(audit_log::Model {
        id: Uuid::now_v7(),
        seq: None,
        at,
        actor_id: actor.id(),
        action: entry.action.to_owned(),
        object_type: entry.object_type.to_owned(),
        object_id: entry.object_id,
        organization_id: entry.organization_id,
        digest: digest_of(&entry.change),
        change: entry.change,
        prev_hash: None,
        hash: None,
    })
}

/// Appends one row, unchained. Call inside the transaction that makes the change; it touches
/// no row shared with other writers.
pub async fn record<C: ConnectionTrait>(
    conn: &C,
    actor: &Actor,
    at: OffsetDateTime,
    entry: AuditEntry<'_>,
) -> Result<(), DbErr> {
    row(actor, stored_instant(at), entry).insert(conn).await?;
    Ok(())
}

/// Appends one unchained row per entry in multi-row inserts, as [`record`] does one: a bulk
/// change (an import of 100,000 persons) writes its audit rows in a few statements, and the
/// sequencer chains them like any others. Call inside the transaction that makes the changes.
pub async fn record_many<C: ConnectionTrait>(
    conn: &C,
    actor: &Actor,
    at: OffsetDateTime,
    entries: Vec<AuditEntry<'_>>,
) -> Result<(), DbErr> {
    let at = stored_instant(at);
    // Built before the first await: a lazy `map` held across it would make the future `Send`
    // only for one lifetime of the entries, and a job's future must be `Send` for any.
    let rows: Vec<audit_log::ActiveModel> = entries
        .into_iter()
        .map(|entry| row(actor, at, entry))
        .collect();
    let mut rows = rows.into_iter().peekable();
    // 12 columns a row: well under both databases' bind-variable limits.
    while rows.peek().is_some() {
        let chunk: Vec<_> = rows.by_ref().take(AUDIT_ROWS_PER_INSERT).collect();
        audit_log::Entity::insert_many(chunk)
            .exec_without_returning(conn)
            .await?;
    }
    Ok(())
}

/// Rows per multi-row INSERT of [`record_many`].
const AUDIT_ROWS_PER_INSERT: usize = 1000;

/// SHA-256 of the change's canonical JSON (serde_json sorts object keys).
pub fn digest_of(change: &Value) -> String {
    hex::encode(Sha256::digest(change.to_string().as_bytes()))
}

/// The HMAC key of the chain: 32 bytes kept outside the database.
#[derive(Clone)]
pub struct ChainKey([u8; 32]);

impl std::fmt::Debug for ChainKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ChainKey(**redacted**)")
    }
}

impl ChainKey {
    pub fn new(key: [u8; 32]) -> Self {
        ChainKey(key)
    }

    /// A row's link: HMAC-SHA256 over the previous link, its sequence number and every field
    /// that says what happened.
    pub fn link(&self, prev_hash: &str, seq: i64, row: &audit_log::Model) -> String {
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(&self.0)
            .unwrap_or_else(|_| <Hmac<Sha256> as Mac>::new(&Default::default()));
        for part in [
            prev_hash,
            &seq.to_string(),
            &row.id.to_string(),
            &row.at.format(&Rfc3339).unwrap_or_default(),
            &row.actor_id.to_string(),
            &row.action,
            &row.object_type,
            &row.object_id,
            &row.organization_id
                .map(|o| o.to_string())
                .unwrap_or_default(),
            &row.digest,
        ] {
            mac.update(part.as_bytes());
            mac.update(&[0x1f]);
        }
        hex::encode(mac.finalize().into_bytes())
    }
}

/// Links up to `batch` unchained rows onto the chain, oldest id first, in one transaction
/// under the sequencer lock. Returns how many were chained; 0 when there was nothing to do or
/// another process holds the lock (it is doing the same work).
pub async fn chain_pending(
    db: &DatabaseConnection,
    key: &ChainKey,
    batch: u64,
) -> Result<u64, DbErr> {
    let txn = begin_write(db).await?;
    // SQLite: BEGIN IMMEDIATE already made this the only writer. PostgreSQL: a transaction
    // advisory lock, released at commit, so a process that dies mid-pass frees it at once.
    if txn.get_database_backend() == DbBackend::Postgres {
        let got = txn
            .query_one_raw(Statement::from_sql_and_values(
                DbBackend::Postgres,
                "SELECT pg_try_advisory_xact_lock($1) AS got",
                [SEQUENCER_LOCK.into()],
            ))
            .await?
            .map(|r| r.try_get::<bool>("", "got"))
            .transpose()?
            .unwrap_or(false);
        if !got {
            txn.rollback().await?;
            return Ok(0);
        }
    }
    let head = audit_head::Entity::find_by_id(1)
        .one(&txn)
        .await?
        .ok_or_else(|| DbErr::RecordNotFound("audit_head row 1 (run migrations)".into()))?;
    let rows = audit_log::Entity::find()
        .filter(audit_log::Column::Seq.is_null())
        .order_by_asc(audit_log::Column::Id)
        .limit(batch)
        .all(&txn)
        .await?;
    let (mut seq, mut last) = (head.seq, head.last_hash);
    let mut links = Vec::with_capacity(rows.len());
    for row in &rows {
        seq += 1;
        let hash = key.link(&last, seq, row);
        links.push((
            row.id,
            seq,
            std::mem::replace(&mut last, hash.clone()),
            hash,
        ));
    }
    if txn.get_database_backend() == DbBackend::Postgres {
        // One statement per pass instead of one per row: a 100k import is chained in 100
        // statements, not 100 000 round trips.
        let (mut ids, mut seqs, mut prevs, mut hashes) = (vec![], vec![], vec![], vec![]);
        for (id, s, p, h) in links {
            ids.push(id);
            seqs.push(s);
            prevs.push(p);
            hashes.push(h);
        }
        if !ids.is_empty() {
            txn.execute_raw(Statement::from_sql_and_values(
                DbBackend::Postgres,
                "UPDATE audit_log AS a SET seq = v.seq, prev_hash = v.prev, hash = v.hash \
                 FROM unnest($1::uuid[], $2::int8[], $3::text[], $4::text[]) AS v(id, seq, prev, hash) \
                 WHERE a.id = v.id",
                [ids.into(), seqs.into(), prevs.into(), hashes.into()],
            ))
            .await?;
        }
    } else {
        // SQLite runs in the process: a statement per row costs no round trip.
        for (id, s, p, h) in links {
            audit_log::Entity::update_many()
                .col_expr(audit_log::Column::Seq, Expr::value(s))
                .col_expr(audit_log::Column::PrevHash, Expr::value(p))
                .col_expr(audit_log::Column::Hash, Expr::value(h))
                .filter(audit_log::Column::Id.eq(id))
                .exec(&txn)
                .await?;
        }
    }
    if !rows.is_empty() {
        audit_head::Entity::update_many()
            .col_expr(audit_head::Column::Seq, Expr::value(seq))
            .col_expr(audit_head::Column::LastHash, Expr::value(last))
            .filter(audit_head::Column::Id.eq(1))
            .exec(&txn)
            .await?;
    }
    txn.commit().await?;
    Ok(rows.len() as u64)
}

/// Chains until nothing is left (tests, `seforce audit chain`, and the sequencer's catch-up).
pub async fn chain_all(db: &DatabaseConnection, key: &ChainKey) -> Result<u64, DbErr> {
    let mut total = 0;
    loop {
        let n = chain_pending(db, key, 1000).await?;
        total += n;
        if n == 0 {
            return Ok(total);
        }
    }
}

/// A signed statement "the chain had this tip at this time", kept outside the database.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Checkpoint {
    pub seq: i64,
    pub hash: String,
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
    /// Hex Ed25519 public key of the signer.
    pub public_key: String,
    /// Hex Ed25519 signature over [`Checkpoint::message`].
    pub signature: String,
}

impl Checkpoint {
    fn message(seq: i64, hash: &str, at: OffsetDateTime) -> String {
        format!(
            "seforce-audit-checkpoint\x1f{seq}\x1f{hash}\x1f{}",
            at.format(&Rfc3339).unwrap_or_default()
        )
    }

    /// True when the signature is valid for `public`.
    pub fn signed_by(&self, public: &VerifyingKey) -> bool {
        let Ok(bytes) = hex::decode(&self.signature) else {
            return false;
        };
        let Ok(sig) = ed25519_dalek::Signature::from_slice(&bytes) else {
            return false;
        };
        public
            .verify(
                Self::message(self.seq, &self.hash, self.at).as_bytes(),
                &sig,
            )
            .is_ok()
    }
}

/// Signs the current tip, if the chain has any row.
pub async fn checkpoint<C: ConnectionTrait>(
    conn: &C,
    signer: &SigningKey,
    at: OffsetDateTime,
) -> Result<Option<Checkpoint>, DbErr> {
    let Some(head) = audit_head::Entity::find_by_id(1).one(conn).await? else {
        return Ok(None);
    };
    if head.seq == 0 {
        return Ok(None);
    }
    let at = at.replace_nanosecond(0).unwrap_or(at);
    let sig = signer.sign(Checkpoint::message(head.seq, &head.last_hash, at).as_bytes());
    Ok(Some(Checkpoint {
        seq: head.seq,
        hash: head.last_hash,
        at,
        public_key: hex::encode(signer.verifying_key().as_bytes()),
        signature: hex::encode(sig.to_bytes()),
    }))
}

/// One finding of [`verify`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tampered {
    /// The chain position concerned.
    pub seq: i64,
    /// The row's id, when the row exists.
    pub id: Option<Uuid>,
    pub reason: &'static str,
}

/// What [`verify`] found.
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// Chained rows whose link checked out.
    pub verified: u64,
    /// Rows not yet chained (the sequencer runs a few seconds behind), and the oldest's time.
    pub unchained: u64,
    pub oldest_unchained: Option<OffsetDateTime>,
    /// Checkpoints whose signature and tip matched the chain.
    pub checkpoints_verified: u64,
    /// Every problem, in chain order (at most [`MAX_FINDINGS`]; `findings_total` counts all).
    pub findings: Vec<Tampered>,
    pub findings_total: u64,
}

impl Report {
    pub fn intact(&self) -> bool {
        self.findings_total == 0
    }
}

/// Findings kept in full; beyond this only counted.
pub const MAX_FINDINGS: usize = 100;

/// Walks the chain in order, in batches, checking every row's digest, link and keyed hash,
/// and every checkpoint's signature and tip; counts what is not yet chained.
pub async fn verify<C: ConnectionTrait>(
    conn: &C,
    key: &ChainKey,
    checkpoints: &[Checkpoint],
    public: &VerifyingKey,
) -> Result<Report, DbErr> {
    let mut report = Report::default();
    let note = |report: &mut Report, t: Tampered| {
        report.findings_total += 1;
        if report.findings.len() < MAX_FINDINGS {
            report.findings.push(t);
        }
    };
    let mut cps: Vec<&Checkpoint> = Vec::new();
    for cp in checkpoints {
        if cp.signed_by(public) {
            cps.push(cp);
        } else {
            note(
                &mut report,
                Tampered {
                    seq: cp.seq,
                    id: None,
                    reason: "a checkpoint's signature is not valid (the checkpoint file was edited or signed with another key)",
                },
            );
        }
    }
    cps.sort_by_key(|c| c.seq);
    let mut next_cp = cps.iter().peekable();
    let mut prev = GENESIS.to_owned();
    let mut expected = 1i64;
    let mut pages = audit_log::Entity::find()
        .filter(audit_log::Column::Seq.is_not_null())
        .order_by_asc(audit_log::Column::Seq)
        .paginate(conn, 1000);
    while let Some(rows) = pages.fetch_and_next().await? {
        for row in rows {
            let seq = row.seq.unwrap_or_default();
            while expected < seq {
                note(
                    &mut report,
                    Tampered {
                        seq: expected,
                        id: None,
                        reason: "the row at this position was deleted",
                    },
                );
                expected += 1;
            }
            let stored = row.hash.clone().unwrap_or_default();
            let broken = if row.prev_hash.as_deref() != Some(prev.as_str()) {
                Some("the link to the previous row was changed")
            } else if digest_of(&row.change) != row.digest {
                Some("the recorded change was edited")
            } else if key.link(&prev, seq, &row) != stored {
                Some("the row or its hash was rewritten (the keyed hash does not match)")
            } else {
                None
            };
            match broken {
                Some(reason) => note(
                    &mut report,
                    Tampered {
                        seq,
                        id: Some(row.id),
                        reason,
                    },
                ),
                None => report.verified += 1,
            }
            while let Some(cp) = next_cp.next_if(|c| c.seq <= seq) {
                if cp.seq == seq && cp.hash == stored {
                    report.checkpoints_verified += 1;
                } else {
                    note(
                        &mut report,
                        Tampered {
                            seq: cp.seq,
                            id: Some(row.id),
                            reason: "the chain no longer has the tip a signed checkpoint recorded",
                        },
                    );
                }
            }
            // The stored hash carries on, so one edited row is reported once, not with every
            // row after it; a recomputed tail is reported row by row.
            prev = stored;
            expected = seq + 1;
        }
    }
    for cp in next_cp {
        note(
            &mut report,
            Tampered {
                seq: cp.seq,
                id: None,
                reason: "rows a signed checkpoint covered are missing from the end of the chain",
            },
        );
    }
    if let Some(head) = audit_head::Entity::find_by_id(1).one(conn).await?
        && (head.seq > expected - 1
            || (head.seq == expected - 1 && head.seq > 0 && head.last_hash != prev))
    {
        note(
            &mut report,
            Tampered {
                seq: expected,
                id: None,
                reason: "rows at the end of the chain were removed",
            },
        );
    }
    let unchained = audit_log::Entity::find()
        .filter(audit_log::Column::Seq.is_null())
        .order_by_asc(audit_log::Column::Id)
        .paginate(conn, 1);
    report.unchained = unchained.num_items().await?;
    report.oldest_unchained = audit_log::Entity::find()
        .filter(audit_log::Column::Seq.is_null())
        .order_by_asc(audit_log::Column::At)
        .one(conn)
        .await?
        .map(|r| r.at);
    Ok(report)
}

/// Reads a checkpoint file (one JSON object per line); lines that do not parse are reported
/// as findings by the caller through their count.
pub fn read_checkpoints(text: &str) -> (Vec<Checkpoint>, usize) {
    let mut ok = Vec::new();
    let mut bad = 0;
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        match serde_json::from_str::<Checkpoint>(line) {
            Ok(c) => ok.push(c),
            Err(_) => bad += 1,
        }
    }
    (ok, bad)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row() -> audit_log::Model {
        audit_log::Model {
            id: Uuid::nil(),
            seq: None,
            at: OffsetDateTime::UNIX_EPOCH,
            actor_id: Uuid::nil(),
            action: "person.create".into(),
            object_type: "person".into(),
            object_id: "x".into(),
            organization_id: None,
            change: serde_json::json!({}),
            digest: digest_of(&serde_json::json!({})),
            prev_hash: None,
            hash: None,
        }
    }

    #[test]
    fn links_depend_on_the_key_and_checkpoints_on_the_signer() {
        let (a, b) = (ChainKey::new([1; 32]), ChainKey::new([2; 32]));
        assert_eq!(a.link(GENESIS, 1, &row()), a.link(GENESIS, 1, &row()));
        assert_ne!(a.link(GENESIS, 1, &row()), b.link(GENESIS, 1, &row()));
        assert_ne!(a.link(GENESIS, 1, &row()), a.link(GENESIS, 2, &row()));
        let signer = SigningKey::from_bytes(&[7; 32]);
        let at = OffsetDateTime::UNIX_EPOCH;
        let sig = signer.sign(Checkpoint::message(3, "h", at).as_bytes());
        let cp = Checkpoint {
            seq: 3,
            hash: "h".into(),
            at,
            public_key: hex::encode(signer.verifying_key().as_bytes()),
            signature: hex::encode(sig.to_bytes()),
        };
        assert!(cp.signed_by(&signer.verifying_key()));
        let other = SigningKey::from_bytes(&[8; 32]).verifying_key();
        assert!(!cp.signed_by(&other));
        let moved = Checkpoint {
            seq: 4,
            ..cp.clone()
        };
        assert!(!moved.signed_by(&signer.verifying_key()));
    }
}
