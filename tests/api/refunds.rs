//! Refunds over HTTP: when money goes back (TR-12, TR-13, TR-15), the five steps in order by
//! their roles (TR-14), and the ledger under 50 concurrent payouts.

use serde_json::json;
use test_support::ids::RefundId;
use test_support::rule;
use test_support::training::{
    ask_refund as ask, cancelled, deferral_asked, new_class, paid, refund_approved as approved,
    refund_step as step, setup,
};
use test_support::{Answer, StatusCode, TestApp, spawn_app};
use time::format_description::well_known::Rfc3339;
use time::{Duration, OffsetDateTime};

async fn ledger(app: &TestApp, token: &str, enrolment: &str) -> (i64, i64) {
    let l = app
        .get(token, &format!("/api/v1/enrolments/{enrolment}/ledger"))
        .await;
    assert_eq!(l.status, StatusCode::OK, "{:?}", l.body);
    (
        l.body["paid_total"].as_i64().unwrap(),
        l.body["refunded_total"].as_i64().unwrap(),
    )
}

#[tokio::test]
async fn tr_12_a_cancelled_class_is_refunded_in_full_unless_a_same_course_class_runs_that_year() {
    let app = spawn_app().await;
    let s = setup(&app, 30).await;
    let id = paid(&app, &s, 21).await;
    // Not cancelled: no TR-12 refund.
    let early = ask(&app, &s.officer, &id, "class_cancelled").await;
    assert_eq!(
        (early.status, rule(&early)),
        (StatusCode::UNPROCESSABLE_ENTITY, "TR-12")
    );
    // Another class of the same course later in the same Shanghai year: defer, no refund.
    let same_year = new_class(
        &app,
        &s.staff,
        &s.course,
        s.starts_at + Duration::days(5),
        30,
    )
    .await;
    let cancel = cancelled(&app, &s.staff, &s.class).await;
    assert_eq!(cancel.body["status"], "cancelled", "{:?}", cancel.body);
    let refused = ask(&app, &s.officer, &id, "class_cancelled").await;
    assert_eq!(
        (refused.status, rule(&refused)),
        (StatusCode::UNPROCESSABLE_ENTITY, "TR-12")
    );
    // Once that one is cancelled too (a class next year does not count), the refund is full.
    let next_year = s.starts_at + Duration::days(60);
    assert_eq!(next_year.year(), s.starts_at.year() + 1);
    new_class(&app, &s.staff, &s.course, next_year, 30).await;
    cancelled(&app, &s.staff, &same_year).await;
    let full = ask(&app, &s.staff, &id, "class_cancelled").await;
    assert_eq!(full.status, StatusCode::CREATED, "{:?}", full.body);
    assert_eq!(
        (
            full.body["training_fee"].as_i64(),
            full.body["exam_fee"].as_i64()
        ),
        (Some(80000), Some(20000)),
        "everything paid goes back"
    );
    let refund = RefundId::of(&full);
    approved(&app, &refund).await;
    let paid_out = step(&app, &s.finance, &refund, "payout").await;
    assert_eq!(paid_out.body["status"], "paid", "{:?}", paid_out.body);
    assert_eq!(ledger(&app, &s.finance, &id).await, (100000, 100000));
}

#[tokio::test]
async fn tr_13_own_reasons_refund_the_training_fee_on_day_365_after_the_deferral_not_day_366() {
    let app = spawn_app().await;
    let s = setup(&app, 30).await;
    let id = paid(&app, &s, 22).await;
    // Before the class, without a deferral: file one first.
    let no_deferral = ask(&app, &s.officer, &id, "own_reason").await;
    assert_eq!(
        (no_deferral.status, rule(&no_deferral)),
        (StatusCode::UNPROCESSABLE_ENTITY, "TR-13")
    );
    let filed = app.now();
    deferral_asked(&app, &s, &id).await;

    app.clock.set(filed + Duration::days(366));
    let late = ask(&app, &app.token("ent.officer").await, &id, "own_reason").await;
    assert_eq!(
        (late.status, rule(&late)),
        (StatusCode::UNPROCESSABLE_ENTITY, "TR-13"),
        "day 366"
    );
    app.clock.set(filed + Duration::days(365));
    let in_time = ask(&app, &app.token("ent.officer").await, &id, "own_reason").await;
    assert_eq!(
        in_time.status,
        StatusCode::CREATED,
        "day 365: {:?}",
        in_time.body
    );
    assert_eq!(
        (
            in_time.body["training_fee"].as_i64(),
            in_time.body["exam_fee"].as_i64()
        ),
        (Some(80000), Some(0)),
        "the exam fee is not refunded"
    );
}

#[tokio::test]
async fn tr_15_absent_without_deferral_gets_no_refund_with_a_deferral_the_refund_is_open() {
    let app = spawn_app().await;
    let s = setup(&app, 30).await;
    let absent = paid(&app, &s, 23).await;
    let deferred = paid(&app, &s, 24).await;
    deferral_asked(&app, &s, &deferred).await;
    app.clock.set(s.starts_at + Duration::hours(1));
    let officer = app.token("ent.officer").await;
    let none = ask(&app, &officer, &absent, "own_reason").await;
    assert_eq!(
        (none.status, rule(&none)),
        (StatusCode::UNPROCESSABLE_ENTITY, "TR-15")
    );
    let some = ask(&app, &officer, &deferred, "own_reason").await;
    assert_eq!(some.status, StatusCode::CREATED, "{:?}", some.body);
}

#[tokio::test]
async fn tr_14_five_steps_in_order_each_by_its_role_none_skipped_or_repeated() {
    let app = spawn_app().await;
    let s = setup(&app, 30).await;
    let id = paid(&app, &s, 25).await;
    deferral_asked(&app, &s, &id).await;
    let asked = ask(&app, &s.officer, &id, "own_reason").await;
    assert_eq!(asked.status, StatusCode::CREATED, "{:?}", asked.body);
    let r = RefundId::of(&asked);
    let again = ask(&app, &s.officer, &id, "own_reason").await;
    assert_eq!(rule(&again), "TR-14", "one open refund per enrolment");

    let leader = app.token("assoc.admin").await;
    // Skipping the department is refused; so is the wrong role.
    let skipped = step(&app, &s.finance, &r, "finance-confirmation").await;
    assert_eq!(
        (skipped.status, rule(&skipped)),
        (StatusCode::UNPROCESSABLE_ENTITY, "TR-14")
    );
    let wrong_role = step(&app, &s.officer, &r, "department-confirmation").await;
    assert_eq!(wrong_role.status, StatusCode::FORBIDDEN);
    assert_eq!(
        step(&app, &s.staff, &r, "department-confirmation")
            .await
            .body["status"],
        "department_confirmed"
    );
    let repeated = step(&app, &s.staff, &r, "department-confirmation").await;
    assert_eq!(rule(&repeated), "TR-14", "not repeated");
    let early_leader = step(&app, &leader, &r, "leader-approval").await;
    assert_eq!(rule(&early_leader), "TR-14");
    assert_eq!(
        step(&app, &s.finance, &r, "finance-confirmation")
            .await
            .body["status"],
        "finance_confirmed"
    );
    let early_pay = step(&app, &s.finance, &r, "payout").await;
    assert_eq!(
        rule(&early_pay),
        "TR-14",
        "not paid before the leader approves"
    );
    assert_eq!(
        step(&app, &leader, &r, "leader-approval").await.body["status"],
        "leader_approved"
    );
    let open = app.get(&s.finance, "/api/v1/refunds?open=true").await;
    assert_eq!(open.body["items"].as_array().map(Vec::len), Some(1));
    let done = step(&app, &s.finance, &r, "payout").await;
    assert_eq!(done.body["status"], "paid", "{:?}", done.body);
    assert_eq!(ledger(&app, &s.officer, &id).await, (100000, 80000));
    let twice = step(&app, &s.finance, &r, "payout").await;
    assert_eq!(rule(&twice), "TR-14", "paid once");
    assert_eq!(
        app.get(&s.finance, "/api/v1/refunds?open=true").await.body,
        json!({"items": [], "next_cursor": null, "total": 0}),
        "nothing open"
    );
    // The paid refund is still listed: by its state, as closed, and in the whole list.
    for query in ["status=paid", "open=false", "status=paid&open=false", ""] {
        let listed = app
            .get(&s.finance, &format!("/api/v1/refunds?{query}"))
            .await;
        assert_eq!(listed.status, StatusCode::OK, "{query}: {:?}", listed.body);
        assert_eq!(listed.body["items"][0]["id"], r.as_str(), "{query}");
        assert_eq!(listed.body["items"][0]["status"], "paid", "{query}");
    }
    for query in [
        "status=requested",
        "status=rejected",
        "status=paid&open=true",
    ] {
        let none = app
            .get(&s.finance, &format!("/api/v1/refunds?{query}"))
            .await;
        assert_eq!(none.body["items"], json!([]), "{query}");
    }
    assert_eq!(
        app.get(&s.finance, "/api/v1/refunds?status=refunded")
            .await
            .status,
        StatusCode::BAD_REQUEST,
        "an unknown state is a bad query"
    );
    let audit = app
        .get(&leader, "/api/v1/audit?object_type=refund&limit=50")
        .await;
    let actions: Vec<&str> = audit.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|a| a["action"].as_str())
        .collect();
    for a in [
        "refund.request",
        "refund.department_confirm",
        "refund.finance_confirm",
        "refund.leader_approve",
        "refund.pay",
    ] {
        assert!(actions.contains(&a), "{a} audited: {actions:?}");
    }
}

#[tokio::test]
async fn tr_14_the_leader_is_not_the_person_who_confirmed_for_the_department() {
    let app = spawn_app().await;
    let s = setup(&app, 30).await;
    let id = paid(&app, &s, 26).await;
    deferral_asked(&app, &s, &id).await;
    let r = RefundId::of(&ask(&app, &s.officer, &id, "own_reason").await);
    let admin = app.token("assoc.admin").await;
    step(&app, &admin, &r, "department-confirmation").await;
    step(&app, &s.finance, &r, "finance-confirmation").await;
    let same = step(&app, &admin, &r, "leader-approval").await;
    assert_eq!(
        (same.status, rule(&same)),
        (StatusCode::UNPROCESSABLE_ENTITY, "TR-14")
    );
}

#[tokio::test]
async fn fifty_concurrent_payouts_pay_once_and_never_more_than_was_paid_in() {
    let app = spawn_app().await;
    let s = setup(&app, 30).await;
    let id = paid(&app, &s, 27).await;
    cancelled(&app, &s.staff, &s.class).await;
    let r = RefundId::of(&ask(&app, &s.officer, &id, "class_cancelled").await);
    approved(&app, &r).await;
    let payouts = (0..50).map(|_| step(&app, &s.finance, &r, "payout"));
    let answers = futures_util::future::join_all(payouts).await;
    let ok = answers
        .iter()
        .filter(|a| a.status == StatusCode::OK)
        .count();
    let refused = answers
        .iter()
        .filter(|a| a.status == StatusCode::UNPROCESSABLE_ENTITY && rule(a) == "TR-14")
        .count();
    assert_eq!(
        (ok, refused),
        (1, 49),
        "{:?}",
        answers.iter().map(|a| a.status).collect::<Vec<_>>()
    );
    let (paid_in, paid_out) = ledger(&app, &s.finance, &id).await;
    assert_eq!((paid_in, paid_out), (100000, 100000));
    assert!(paid_out <= paid_in);
}

#[tokio::test]
async fn tr_14_a_refused_refund_closes_once_and_shows_the_requester_why() {
    let app = spawn_app().await;
    let s = setup(&app, 30).await;
    let id = paid(&app, &s, 27).await;
    deferral_asked(&app, &s, &id).await;
    let r = RefundId::of(&ask(&app, &s.officer, &id, "own_reason").await);
    let reject = async |token: &str, reason: &str| {
        app.post(
            token,
            &format!("/api/v1/refunds/{r}/rejection"),
            // The reason is what this test is about: blank, or given.
            &json!({"reason": reason}),
        )
        .await
    };
    // The requester's side does not refuse its own request; a refusal needs a reason.
    assert_eq!(
        reject(&s.officer, "撤回").await.status,
        StatusCode::FORBIDDEN
    );
    let blank = reject(&s.staff, "  ").await;
    assert_eq!(blank.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(blank.body["errors"][0]["pointer"], "/reason");
    let refused = reject(&s.staff, "退费材料不全,请补交离职证明").await;
    assert_eq!(refused.status, StatusCode::OK, "{:?}", refused.body);
    assert_eq!(refused.body["status"], "rejected");
    assert_eq!(
        refused.body["rejection_reason"],
        "退费材料不全,请补交离职证明"
    );
    // The enterprise sees the refusal and its reason in the ledger; nothing went back.
    let l = app
        .get(&s.officer, &format!("/api/v1/enrolments/{id}/ledger"))
        .await;
    assert_eq!(l.body["refunded_total"], 0, "{:?}", l.body);
    assert_eq!(
        l.body["refunds"][0]["rejection_reason"],
        "退费材料不全,请补交离职证明"
    );
    // Closed: neither refused again nor carried on.
    let again = reject(&s.finance, "重复").await;
    assert_eq!(
        (again.status, rule(&again)),
        (StatusCode::UNPROCESSABLE_ENTITY, "TR-14")
    );
    assert_eq!(
        step(&app, &s.staff, &r, "department-confirmation")
            .await
            .status
            .as_u16()
            / 100,
        4
    );
}

#[tokio::test]
async fn tr_14_a_second_refund_asks_only_for_what_is_left_and_none_when_nothing_is() {
    let app = spawn_app().await;
    let s = setup(&app, 30).await;
    let id = paid(&app, &s, 28).await;
    deferral_asked(&app, &s, &id).await;
    // Own reasons first: the training fee goes back.
    let first = ask(&app, &s.officer, &id, "own_reason").await;
    assert_eq!(first.status, StatusCode::CREATED, "{:?}", first.body);
    let r = RefundId::of(&first);
    approved(&app, &r).await;
    assert_eq!(
        step(&app, &s.finance, &r, "payout").await.body["status"],
        "paid"
    );
    assert_eq!(ledger(&app, &s.finance, &id).await, (100000, 80000));
    // Own reasons again: only the exam fee is left, and own reasons do not return it.
    let again = ask(&app, &s.officer, &id, "own_reason").await;
    assert_eq!(
        (again.status, rule(&again)),
        (StatusCode::UNPROCESSABLE_ENTITY, "TR-13"),
        "{:?}",
        again.body
    );

    // The association then cancels the class (no other class of the course this year): the
    // full refund is whatever is left — the exam fee.
    cancelled(&app, &s.staff, &s.class).await;
    let rest = ask(&app, &s.officer, &id, "class_cancelled").await;
    assert_eq!(rest.status, StatusCode::CREATED, "{:?}", rest.body);
    assert_eq!(
        (
            rest.body["training_fee"].as_i64(),
            rest.body["exam_fee"].as_i64()
        ),
        (Some(0), Some(20000)),
        "only the remainder"
    );
    let r2 = RefundId::of(&rest);
    approved(&app, &r2).await;
    assert_eq!(
        step(&app, &s.finance, &r2, "payout").await.body["status"],
        "paid"
    );
    assert_eq!(ledger(&app, &s.finance, &id).await, (100000, 100000));

    // Nothing is left: a further refund would repeat one.
    let none = ask(&app, &s.officer, &id, "class_cancelled").await;
    assert_eq!(
        (none.status, rule(&none)),
        (StatusCode::UNPROCESSABLE_ENTITY, "TR-14"),
        "{:?}",
        none.body
    );
}

#[tokio::test]
async fn tr_14_twenty_concurrent_refund_requests_open_exactly_one() {
    let app = spawn_app().await;
    let s = setup(&app, 30).await;
    let id = paid(&app, &s, 29).await;
    deferral_asked(&app, &s, &id).await;
    let requests = (0..20).map(|_| ask(&app, &s.officer, &id, "own_reason"));
    let answers = futures_util::future::join_all(requests).await;
    let created = answers
        .iter()
        .filter(|a| a.status == StatusCode::CREATED)
        .count();
    let refused: Vec<&Answer> = answers
        .iter()
        .filter(|a| a.status != StatusCode::CREATED)
        .collect();
    assert_eq!(
        (created, refused.len()),
        (1, 19),
        "{:?}",
        answers.iter().map(|a| a.status).collect::<Vec<_>>()
    );
    for a in &refused {
        assert!(a.status.is_client_error(), "{:?}", a.body);
        assert!(
            a.content_type().starts_with("application/problem+json"),
            "{}",
            a.content_type()
        );
        assert_eq!(
            (a.status, rule(a)),
            (StatusCode::UNPROCESSABLE_ENTITY, "TR-14"),
            "{:?}",
            a.body
        );
    }
    // One refund, one audit row for it; nothing paid back.
    let l = app
        .get(&s.finance, &format!("/api/v1/enrolments/{id}/ledger"))
        .await;
    assert_eq!(l.body["refunds"].as_array().map(Vec::len), Some(1));
    assert_eq!(l.body["refunded_total"], 0);
    let open = app.get(&s.finance, "/api/v1/refunds?open=true").await;
    assert_eq!(open.body["items"].as_array().map(Vec::len), Some(1));
    let audit = app
        .get(
            &app.token("assoc.admin").await,
            "/api/v1/audit?object_type=refund&limit=200",
        )
        .await;
    let asked = audit.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["action"] == "refund.request")
        .count();
    assert_eq!(asked, 1);
}

/// The trail of a refund: (status reached, taker's display name, when), from its API answer.
fn trail(refund: &serde_json::Value) -> Vec<(String, String, Option<OffsetDateTime>)> {
    refund["trail"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["status"].as_str().unwrap().to_owned(),
                s["by_name"].as_str().unwrap_or("").to_owned(),
                s["at"]
                    .as_str()
                    .map(|at| OffsetDateTime::parse(at, &Rfc3339).unwrap()),
            )
        })
        .collect()
}

/// `token` refuses the refund, saying why.
async fn reject(app: &TestApp, token: &str, refund: &RefundId, reason: &str) -> Answer {
    app.post(
        token,
        &format!("/api/v1/refunds/{refund}/rejection"),
        &json!({ "reason": reason }),
    )
    .await
}

/// The display name a login's account carries.
async fn display_name(app: &TestApp, login: &str) -> String {
    let me = app.get(&app.token(login).await, "/api/v1/me").await;
    me.body["user"]["display_name"].as_str().unwrap().to_owned()
}

/// A refund shows its TR-14 trail: each step taken, by whom and when (an hour apart here), in
/// step order; a refusal ends the trail with its refuser.
#[tokio::test]
async fn tr_14_a_refund_shows_who_took_each_step_and_when() {
    let app = spawn_app().await;
    let s = setup(&app, 30).await;
    let id = paid(&app, &s, 25).await;
    let other = paid(&app, &s, 26).await;
    cancelled(&app, &s.staff, &s.class).await;
    let t0 = app.now();
    let asked = ask(&app, &s.officer, &id, "class_cancelled").await;
    assert_eq!(asked.status, StatusCode::CREATED, "{:?}", asked.body);
    let r = RefundId::of(&asked);
    let mut last = asked;
    for (login, name) in [
        ("assoc.staff", "department-confirmation"),
        ("finance", "finance-confirmation"),
        ("assoc.admin", "leader-approval"),
        ("finance", "payout"),
    ] {
        // An hour on, the morning's token has expired: each step logs in anew.
        app.clock.advance(Duration::hours(1));
        last = step(&app, &app.token(login).await, &r, name).await;
        assert_eq!(last.status, StatusCode::OK, "{name}: {:?}", last.body);
    }
    let at = |h: i64| Some(t0 + Duration::hours(h));
    let names = (
        display_name(&app, "ent.officer").await,
        display_name(&app, "assoc.staff").await,
        display_name(&app, "finance").await,
        display_name(&app, "assoc.admin").await,
    );
    let expected = vec![
        ("requested".to_owned(), names.0.clone(), at(0)),
        ("department_confirmed".to_owned(), names.1.clone(), at(1)),
        ("finance_confirmed".to_owned(), names.2.clone(), at(2)),
        ("leader_approved".to_owned(), names.3.clone(), at(3)),
        ("paid".to_owned(), names.2.clone(), at(4)),
    ];
    assert_eq!(trail(&last.body), expected);
    // The ledger and the list show the same trail as the step's answer.
    let (officer, staff) = (
        app.token("ent.officer").await,
        app.token("assoc.staff").await,
    );
    let l = app
        .get(&officer, &format!("/api/v1/enrolments/{id}/ledger"))
        .await;
    assert_eq!(trail(&l.body["refunds"][0]), expected);
    let listed = app.get(&staff, "/api/v1/refunds?status=paid").await;
    assert_eq!(trail(&listed.body["items"][0]), expected);

    // A refused refund's trail ends with the refusal.
    let r2 = RefundId::of(&ask(&app, &officer, &other, "class_cancelled").await);
    app.clock.advance(Duration::minutes(5));
    let refused = reject(&app, &staff, &r2, "已安排同课程班级").await;
    assert_eq!(refused.status, StatusCode::OK, "{:?}", refused.body);
    let steps = trail(&refused.body);
    assert_eq!(
        steps.iter().map(|s| s.0.as_str()).collect::<Vec<_>>(),
        ["requested", "rejected"]
    );
    assert_eq!(
        (steps[1].1.as_str(), steps[1].2),
        (names.1.as_str(), Some(t0 + Duration::minutes(245)))
    );
}

/// Refunds written before m0062 had no step times: the step takes them, and the refuser, from
/// the audit rows the steps wrote. The newest steps are undone back to before m0062 (dropping
/// the columns) and run again; the trail reads as it did.
#[tokio::test]
async fn m0062_takes_the_step_times_of_older_refunds_from_their_audit_rows() {
    use migration::MigratorTrait;
    let app = spawn_app().await;
    let s = setup(&app, 30).await;
    let (a, b) = (paid(&app, &s, 25).await, paid(&app, &s, 26).await);
    cancelled(&app, &s.staff, &s.class).await;
    let paid_out = RefundId::of(&ask(&app, &s.officer, &a, "class_cancelled").await);
    let refused = RefundId::of(&ask(&app, &s.officer, &b, "class_cancelled").await);
    app.clock.advance(Duration::hours(1));
    approved(&app, &paid_out).await;
    app.clock.advance(Duration::hours(1));
    // Two hours on, the morning's tokens have expired.
    let finance = app.token("finance").await;
    step(&app, &finance, &paid_out, "payout").await;
    let rejected = reject(&app, &finance, &refused, "材料不全").await;
    assert_eq!(rejected.status, StatusCode::OK, "{:?}", rejected.body);
    let read = async || {
        let l = app.get(&finance, "/api/v1/refunds").await;
        l.body["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(trail)
            .collect::<Vec<_>>()
    };
    let before = read().await;
    assert_eq!(before.iter().map(Vec::len).collect::<Vec<_>>(), [5, 2]);

    let steps = migration::Migrator::migrations();
    let from = steps
        .iter()
        .position(|m| m.name() == "m0062_refund_step_times")
        .unwrap();
    let undo = u32::try_from(steps.len() - from).unwrap();
    migration::Migrator::down(&app.dir.db, Some(undo))
        .await
        .unwrap();
    migration::Migrator::up(&app.dir.db, None).await.unwrap();
    assert_eq!(read().await, before);
}
