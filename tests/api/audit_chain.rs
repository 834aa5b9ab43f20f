//! The keyed audit chain (decisions 70, 71): writers only append; the sequencer chains every
//! row, late commits included; a chain rewritten by someone with database access but without
//! the key is found and named; signed checkpoints catch a removed tail and an edited
//! checkpoint file.

use futures_util::future::join_all;
use kernel::entity::{audit_head, audit_log};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, Set,
};
use sha2::{Digest, Sha256};
use test_support::{PersonBuilder, StatusCode, TestApp, spawn_app};

async fn create_persons(app: &TestApp, token: &str, from: u16, n: u16) {
    let bodies: Vec<_> = (from..from + n)
        .map(|i| PersonBuilder::numbered(app.orgs.institution, i).build())
        .collect();
    let answers = join_all(bodies.iter().map(|b| app.post(token, "/api/v1/persons", b))).await;
    for a in answers {
        assert_eq!(a.status, StatusCode::CREATED, "{:?}", a.body);
    }
}

async fn rows(app: &TestApp) -> u64 {
    audit_log::Entity::find().count(&app.dir.db).await.unwrap()
}

#[tokio::test]
async fn writers_touch_no_shared_row_and_every_row_gets_chained() {
    let app = spawn_app().await;
    let t = app.token("assoc.admin").await;
    app.chain_audit().await;
    let head = || audit_head::Entity::find_by_id(1).one(&app.dir.db);
    let before = head().await.unwrap().unwrap();
    // A row appended by a transaction that began early and commits late: its id is older
    // than rows the sequencer chains first.
    let early = uuid::Uuid::now_v7();
    create_persons(&app, &t, 1, 20).await;
    assert_eq!(
        head().await.unwrap().unwrap(),
        before,
        "twenty writers at once left the chain's tip alone"
    );
    let unchained = audit_log::Entity::find()
        .filter(audit_log::Column::Seq.is_null())
        .count(&app.dir.db)
        .await
        .unwrap();
    assert!(unchained >= 20, "appended, not chained: {unchained}");
    assert!(app.chain_audit().await >= 20);
    audit_log::ActiveModel::from(audit_log::Model {
        id: early,
        seq: None,
        at: kernel::Clock::now(&app.clock),
        actor_id: uuid::Uuid::nil(),
        action: "test.late_commit".into(),
        object_type: "test".into(),
        object_id: "late".into(),
        organization_id: None,
        change: serde_json::json!({}),
        digest: kernel::audit::digest_of(&serde_json::json!({})),
        prev_hash: None,
        hash: None,
    })
    .insert(&app.dir.db)
    .await
    .unwrap();
    assert_eq!(app.chain_audit().await, 1, "the late row is picked up");
    let late = audit_log::Entity::find_by_id(early)
        .one(&app.dir.db)
        .await
        .unwrap()
        .unwrap();
    let report = app.verify_audit(&[]).await;
    assert!(report.intact(), "{:?}", report.findings);
    assert_eq!(report.unchained, 0);
    assert_eq!(
        report.verified,
        rows(&app).await,
        "every row is on the chain"
    );
    assert_eq!(
        late.seq,
        Some(report.verified as i64),
        "chained last, after later ids"
    );
}

#[tokio::test]
async fn every_imported_row_is_audited_and_chained() {
    let app = spawn_app().await;
    let t = app.token("assoc.admin").await;
    let org = app
        .get(
            &t,
            &format!("/api/v1/organizations/{}", app.orgs.institution),
        )
        .await;
    let code = org.body["credit_code"].as_str().unwrap().to_owned();
    let birth = time::macros::date!(1980 - 01 - 02);
    let mut file = String::from(
        "姓名,性别,出生日期,身份证号,学历,毕业院校,学历证书编号,职称,职称级别,工作单位统一社会信用代码,岗位,任职日期,社保状态\n",
    );
    for i in 0..150u16 {
        let id = directory::demo::national_id("430104", birth, 2 * i + 1);
        file.push_str(&format!(
            "导入{i},男,1980-01-02,{id},,,,,,{code},检验员,2010-01-01,\n"
        ));
    }
    let before = rows(&app).await;
    let r = app
        .send(
            app.client
                .post(app.url("/api/v1/persons/imports?mode=all_or_nothing"))
                .bearer_auth(&t)
                .header("content-type", "text/csv")
                .body(file),
        )
        .await;
    let r = app.finished_job(&t, r).await;
    assert_eq!(r.body["state"], "succeeded", "{:?}", r.body);
    let creates = audit_log::Entity::find()
        .filter(audit_log::Column::Action.eq("person.create"))
        .count(&app.dir.db)
        .await
        .unwrap();
    assert!(
        creates >= 150,
        "one audit row per imported person: {creates}"
    );
    assert!(rows(&app).await >= before + 150);
    app.chain_audit().await;
    let report = app.verify_audit(&[]).await;
    assert!(report.intact(), "{:?}", report.findings);
    assert_eq!(report.unchained, 0);
    assert_eq!(report.verified, rows(&app).await);
}

/// What an attacker without the key can do: recompute every later hash with plain SHA-256
/// (the old, unkeyed chain's formula) after editing a row, and move the tip.
async fn rewrite_from(app: &TestApp, seq: i64) {
    let all = audit_log::Entity::find()
        .filter(audit_log::Column::Seq.gte(seq - 1))
        .order_by_asc(audit_log::Column::Seq)
        .all(&app.dir.db)
        .await
        .unwrap();
    let mut prev = all[0].hash.clone().unwrap();
    let mut last = (0, String::new());
    for row in all.into_iter().skip(1) {
        let s = row.seq.unwrap();
        let mut h = Sha256::new();
        for part in [
            prev.as_str(),
            &s.to_string(),
            &row.actor_id.to_string(),
            &row.action,
            &row.object_type,
            &row.object_id,
            &row.digest,
        ] {
            h.update(part.as_bytes());
            h.update([0x1f]);
        }
        let hash = hex::encode(h.finalize());
        let mut edit: audit_log::ActiveModel = row.into();
        edit.prev_hash = Set(Some(prev.clone()));
        edit.hash = Set(Some(hash.clone()));
        edit.update(&app.dir.db).await.unwrap();
        prev = hash.clone();
        last = (s, hash);
    }
    let mut head: audit_head::ActiveModel = audit_head::Entity::find_by_id(1)
        .one(&app.dir.db)
        .await
        .unwrap()
        .unwrap()
        .into();
    head.seq = Set(last.0);
    head.last_hash = Set(last.1);
    head.update(&app.dir.db).await.unwrap();
}

#[tokio::test]
async fn a_rewritten_chain_is_detected_and_named() {
    let app = spawn_app().await;
    let t = app.token("assoc.admin").await;
    create_persons(&app, &t, 1, 5).await;
    app.chain_audit().await;
    let file = std::env::temp_dir().join(format!("cp-{}.jsonl", uuid::Uuid::new_v4().simple()));
    let cp = server::sequencer::checkpoint_now(&app.dir, &app.audit.signer, &file)
        .await
        .unwrap()
        .unwrap();
    let (cps, bad) = kernel::audit::read_checkpoints(&std::fs::read_to_string(&file).unwrap());
    assert_eq!((cps.len(), bad), (1, 0));
    assert_eq!(cps[0], cp);
    let clean = app.verify_audit(&cps).await;
    assert!(
        clean.intact() && clean.checkpoints_verified == 1,
        "{:?}",
        clean.findings
    );
    let total = clean.verified as i64;

    // Edit a person.create row's object and recompute every later hash and the tip.
    let victim = audit_log::Entity::find()
        .filter(audit_log::Column::Action.eq("person.create"))
        .order_by_asc(audit_log::Column::Seq)
        .one(&app.dir.db)
        .await
        .unwrap()
        .unwrap();
    let seq = victim.seq.unwrap();
    let mut edit: audit_log::ActiveModel = victim.into();
    edit.object_id = Set("someone-else".into());
    edit.update(&app.dir.db).await.unwrap();
    rewrite_from(&app, seq).await;

    let report = app.verify_audit(&cps).await;
    assert!(!report.intact());
    let rewritten: Vec<i64> = report
        .findings
        .iter()
        .filter(|f| f.reason.contains("rewritten"))
        .map(|f| f.seq)
        .collect();
    assert_eq!(
        rewritten,
        (seq..=total).collect::<Vec<_>>(),
        "every rewritten row is named, from the edited one on"
    );
    assert!(
        report
            .findings
            .iter()
            .any(|f| f.seq == total && f.reason.contains("checkpoint")),
        "the signed checkpoint no longer matches: {:?}",
        report.findings
    );
    assert_eq!(
        report.verified as i64,
        seq - 1,
        "rows before the edit still verify"
    );
    let _ = std::fs::remove_file(&file);
}

#[tokio::test]
async fn checkpoints_catch_a_removed_tail_and_an_edited_checkpoint() {
    let app = spawn_app().await;
    let t = app.token("assoc.admin").await;
    create_persons(&app, &t, 1, 3).await;
    app.chain_audit().await;
    let file = std::env::temp_dir().join(format!("cp-{}.jsonl", uuid::Uuid::new_v4().simple()));
    let cp = server::sequencer::checkpoint_now(&app.dir, &app.audit.signer, &file)
        .await
        .unwrap()
        .unwrap();
    // The checkpoint also left as an outbox event a regulator can keep.
    let events = kernel::entity::outbox::Entity::find()
        .filter(kernel::entity::outbox::Column::Topic.eq("audit.checkpoint"))
        .all(&app.dir.db)
        .await
        .unwrap();
    assert_eq!(events.len(), 1);
    assert_eq!(events[0].payload["signature"], cp.signature.as_str());
    // Someone deletes the last two rows and moves the tip back to match.
    let tail = audit_log::Entity::find()
        .filter(audit_log::Column::Seq.gt(cp.seq - 2))
        .all(&app.dir.db)
        .await
        .unwrap();
    assert_eq!(tail.len(), 2);
    for r in tail {
        audit_log::Entity::delete_by_id(r.id)
            .exec(&app.dir.db)
            .await
            .unwrap();
    }
    let kept = audit_log::Entity::find()
        .filter(audit_log::Column::Seq.eq(cp.seq - 2))
        .one(&app.dir.db)
        .await
        .unwrap()
        .unwrap();
    let mut head: audit_head::ActiveModel = audit_head::Entity::find_by_id(1)
        .one(&app.dir.db)
        .await
        .unwrap()
        .unwrap()
        .into();
    head.seq = Set(cp.seq - 2);
    head.last_hash = Set(kept.hash.unwrap());
    head.update(&app.dir.db).await.unwrap();
    let without = app.verify_audit(&[]).await;
    assert!(
        without.intact(),
        "without a checkpoint a cut tail with a moved tip looks whole"
    );
    let with = app.verify_audit(std::slice::from_ref(&cp)).await;
    assert!(
        with.findings
            .iter()
            .any(|f| f.seq == cp.seq && f.reason.contains("missing from the end")),
        "{:?}",
        with.findings
    );
    // An edited checkpoint (moved back to the shorter tip) fails its signature.
    let forged = kernel::audit::Checkpoint {
        seq: cp.seq - 2,
        hash: kept_hash(&app, cp.seq - 2).await,
        ..cp.clone()
    };
    let report = app.verify_audit(&[forged]).await;
    assert!(
        report
            .findings
            .iter()
            .any(|f| f.reason.contains("signature")),
        "{:?}",
        report.findings
    );
    let _ = std::fs::remove_file(&file);
}

async fn kept_hash(app: &TestApp, seq: i64) -> String {
    audit_log::Entity::find()
        .filter(audit_log::Column::Seq.eq(seq))
        .one(&app.dir.db)
        .await
        .unwrap()
        .unwrap()
        .hash
        .unwrap()
}
