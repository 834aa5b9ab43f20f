//! What the clerks around the enrolment chain need beyond the steps themselves: the manager's
//! reason for a return and the officer's resubmission (TR-07, TR-08), the head-teacher picker,
//! a class read back with its level, teachers and results, a draft plan's fee publicity
//! (SC-06), and the Excel exports of enrolments and of finance's fee ledger.

use serde_json::{Value, json};
use test_support::builders::{ApprovalBuilder, ClassTeacherBuilder, PlanBuilder, ResultBuilder};
use test_support::ids::RefundId;
use test_support::people::titled_person;
use test_support::rule;
use test_support::training::{
    active_teacher, ask_refund as ask, cancelled, council_term, paid, refund_approved as approved,
    refund_step as step, set_head_teacher, setup, submitted, with_sessions,
};
use test_support::{Answer, StatusCode, spawn_app};
use time::Duration;

fn inbox_kinds(inbox: &Answer, enrolment: &str) -> Vec<String> {
    inbox.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["enrolment_id"] == enrolment)
        .map(|i| i["kind"].as_str().unwrap().to_owned())
        .collect()
}

/// The data rows of an exported sheet: everything under the header row (found by its first
/// cell), cells as text.
fn sheet_rows(bytes: &[u8], first_header: &str) -> Vec<Vec<String>> {
    use calamine::Reader;
    assert!(bytes.starts_with(b"PK\x03\x04"), "an xlsx file");
    let mut book: calamine::Xlsx<_> = calamine::Xlsx::new(std::io::Cursor::new(bytes.to_vec()))
        .expect("the export opens as a workbook");
    let sheet = book.worksheet_range_at(0).unwrap().unwrap();
    let rows: Vec<Vec<String>> = sheet
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect();
    let header = rows
        .iter()
        .position(|r| r.first().is_some_and(|c| c == first_header))
        .expect("header row");
    rows[header + 1..].to_vec()
}

#[tokio::test]
async fn tr_08_a_returned_enrolment_carries_the_reason_and_the_officer_resubmits_it() {
    let app = spawn_app().await;
    let s = setup(&app, 30).await;
    let id = submitted(&app, &s, 1).await;
    let approval = format!("/api/v1/enrolments/{id}/approval");
    let resubmission = format!("/api/v1/enrolments/{id}/resubmission");

    // A return needs a reason of 1–500 characters: 501 refused, 500 accepted.
    for body in [
        json!({"decision": "return"}),
        json!({"decision": "return", "reason": "   "}),
        json!({"decision": "return", "reason": "错".repeat(501)}),
    ] {
        let refused = app.post(&s.manager, &approval, &body).await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(refused.body["errors"][0]["pointer"], "/reason");
    }
    // An approval carries no reason.
    let with_reason = app
        .post(
            &s.manager,
            &approval,
            &json!({"decision": "approve", "reason": "好"}),
        )
        .await;
    assert_eq!(with_reason.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(with_reason.body["errors"][0]["code"], "not_allowed");
    let unchanged = app
        .get(&s.officer, &format!("/api/v1/enrolments/{id}"))
        .await;
    assert_eq!(
        unchanged.body["status"], "submitted",
        "refusals change nothing"
    );

    let reason = format!("身份证号与姓名不符{}", "。".repeat(491));
    assert_eq!(reason.chars().count(), 500);
    let returned = app
        .post(
            &s.manager,
            &approval,
            &ApprovalBuilder::send_back(&reason).build(),
        )
        .await;
    assert_eq!(returned.status, StatusCode::OK, "{:?}", returned.body);
    assert_eq!(returned.body["status"], "returned");
    assert_eq!(returned.body["return_reason"], reason.as_str());

    // The officer sees it waiting, with the reason, in the inbox and the list.
    let inbox = app.get(&s.officer, "/api/v1/inbox").await;
    assert_eq!(inbox_kinds(&inbox, &id), ["enrolment_resubmission"]);
    let item = inbox.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["enrolment_id"] == id.as_str())
        .unwrap();
    assert_eq!(item["reason"], reason.as_str());
    assert_eq!(item["action"]["path"], resubmission.as_str());
    assert!(inbox_kinds(&app.get(&s.manager, "/api/v1/inbox").await, &id).is_empty());
    let listed = app
        .get(&s.officer, "/api/v1/enrolments?status=returned")
        .await;
    assert_eq!(listed.body["items"][0]["return_reason"], reason.as_str());

    // Only the enterprise's training officer resubmits; another tenant does not see it.
    for (token, status) in [
        (s.manager.clone(), StatusCode::FORBIDDEN),
        (s.staff.clone(), StatusCode::FORBIDDEN),
        (
            app.token("foreign.ent.officer").await,
            StatusCode::NOT_FOUND,
        ),
    ] {
        let a = app.post(&token, &resubmission, &json!(null)).await;
        assert_eq!(a.status, status, "{:?}", a.body);
        assert!(a.content_type().starts_with("application/problem+json"));
    }
    let again = app.post(&s.officer, &resubmission, &json!(null)).await;
    assert_eq!(again.status, StatusCode::OK, "{:?}", again.body);
    assert_eq!(again.body["status"], "submitted");
    assert_eq!(again.body["return_reason"], Value::Null, "cleared");
    // Resubmitted once: a second resubmission is a step out of order.
    let twice = app.post(&s.officer, &resubmission, &json!(null)).await;
    assert_eq!(
        (twice.status, rule(&twice)),
        (StatusCode::UNPROCESSABLE_ENTITY, "TR-08")
    );
    // Back with the manager, who approves it now.
    assert_eq!(
        inbox_kinds(&app.get(&s.manager, "/api/v1/inbox").await, &id),
        ["enrolment_approval"]
    );
    let ok = app
        .post(&s.manager, &approval, &ApprovalBuilder::approve().build())
        .await;
    assert_eq!(ok.body["status"], "approved", "{:?}", ok.body);
}

#[tokio::test]
async fn the_head_teacher_picker_offers_the_association_s_head_teachers_only() {
    let app = spawn_app().await;
    let s = setup(&app, 30).await;
    let user_id = async |login: &str| {
        app.get(&app.token(login).await, "/api/v1/me").await.body["user"]["id"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    let head = user_id("head.teacher").await;
    let foreign_head = user_id("foreign.head.teacher").await;
    let teacher = user_id("teacher").await;
    let path = format!("/api/v1/classes/{}/head-teacher-candidates", s.class);
    let list = app.get(&s.staff, &path).await;
    assert_eq!(list.status, StatusCode::OK, "{:?}", list.body);
    let ids: Vec<&str> = list.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["user_id"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        [head.as_str()],
        "one head teacher at home, none abroad"
    );
    assert_eq!(list.body["items"][0]["display_name"], "班主任 吴霞");
    assert_eq!(
        list.body["items"][0]["organization_name"],
        "湖南特种设备培训中心"
    );
    for token in [
        s.officer.clone(),
        app.token("head.teacher").await,
        app.token("foreign.assoc.staff").await,
    ] {
        assert_eq!(app.get(&token, &path).await.status, StatusCode::NOT_FOUND);
    }

    // The same list decides who may be set: a plain teacher or another association's head
    // teacher is refused.
    let put = async |user: &str| set_head_teacher(&app, &s.staff, &s.class, user).await;
    for other in [&teacher, &foreign_head] {
        let refused = put(other).await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(refused.body["errors"][0]["pointer"], "/user_id");
    }
    assert_eq!(
        app.get(&s.staff, &format!("/api/v1/classes/{}", s.class))
            .await
            .body["head_teacher_id"],
        Value::Null,
        "refusals change nothing"
    );
    assert_eq!(put(&head).await.status, StatusCode::NO_CONTENT);
    let class = app
        .get(&s.staff, &format!("/api/v1/classes/{}", s.class))
        .await;
    assert_eq!(class.body["head_teacher_id"], head.as_str());
    assert_eq!(class.body["head_teacher_name"], "班主任 吴霞");
}

#[tokio::test]
async fn a_class_reads_back_its_level_teachers_and_results() {
    let app = spawn_app().await;
    let (mut s, enrolment, _sessions, _head) = with_sessions(&app, 1).await;
    let class_path = format!("/api/v1/classes/{}", s.class);
    let before = app.get(&s.staff, &class_path).await;
    assert_eq!(before.body["level"], "none");
    assert_eq!(before.body["teachers"], json!([]));
    assert_eq!(before.body["results"], json!([]));

    council_term(&app, &s.staff, "2024-01-01").await;
    let teacher = active_teacher(
        &app,
        &s.staff,
        &titled_person(&app, 2, "intermediate").await,
    )
    .await;
    let level = app
        .send(
            app.client
                .put(app.url(&format!("/api/v1/classes/{}/level", s.class)))
                .bearer_auth(&s.staff)
                .json(&json!({"level": "junior"})),
        )
        .await;
    assert_eq!(level.status, StatusCode::OK, "{:?}", level.body);
    let assigned = app
        .post(
            &s.staff,
            &format!("/api/v1/classes/{}/teachers", s.class),
            &ClassTeacherBuilder::new(&teacher).build(),
        )
        .await;
    assert_eq!(assigned.status, StatusCode::CREATED, "{:?}", assigned.body);
    s.travel(&app, s.ends_at()).await;
    let result = app
        .post(
            &s.staff,
            &format!("/api/v1/classes/{}/results", s.class),
            &ResultBuilder::passed(&enrolment, 86).build(),
        )
        .await;
    assert_eq!(result.status, StatusCode::CREATED, "{:?}", result.body);
    let person_name = result.body["person_name"].as_str().unwrap().to_owned();
    assert!(!person_name.is_empty());

    // Another device, another login: the class as recorded.
    let after = app.get(&app.token("assoc.admin").await, &class_path).await;
    assert_eq!(after.body["level"], "junior");
    assert_eq!(after.body["teachers"][0]["teacher_id"], teacher.as_str());
    assert_eq!(after.body["teachers"][0]["status"], "active");
    assert!(
        after.body["teachers"][0]["name"]
            .as_str()
            .is_some_and(|n| !n.is_empty())
    );
    assert_eq!(
        after.body["results"],
        json!([{"enrolment_id": enrolment, "person_id": result.body["person_id"], "person_name": person_name, "score": 86, "passed": true}])
    );
}

#[tokio::test]
async fn sc_06_a_draft_plan_s_fee_publicity_is_mended_until_it_is_published() {
    let app = spawn_app().await;
    let staff = app.token("assoc.staff").await;
    let drafted = app
        .post(
            &staff,
            "/api/v1/plans",
            &PlanBuilder::new(app.orgs.association, 2027).build(),
        )
        .await;
    assert_eq!(drafted.status, StatusCode::CREATED, "{:?}", drafted.body);
    let id = drafted.body["id"].as_str().unwrap().to_owned();
    let plan_path = format!("/api/v1/plans/{id}");
    let read = app.get(&staff, &plan_path).await;
    assert_eq!(read.header("etag"), Some("\"1\""));
    let put = async |token: &str, if_match: Option<&str>, body: &Value| {
        let mut req = app
            .client
            .put(app.url(&format!("/api/v1/plans/{id}/fee-publicity")))
            .bearer_auth(token)
            .json(body);
        if let Some(v) = if_match {
            req = req.header("if-match", v);
        }
        app.send(req).await
    };
    let mended = json!({
        "fees": [
            {"item": "培训费", "amount": 75000, "basis": "湘特协〔2026〕15号", "scope": "参培人员,每人每期"},
            {"item": "考试费", "amount": 20000, "basis": "湘特协〔2026〕15号", "scope": "参加考试人员,每人每次"},
            {"item": "教材费", "amount": 5000, "basis": "湘特协〔2026〕15号", "scope": "自愿购买"}
        ],
        "complaint_phone": "0731-84444444"
    });
    assert_eq!(
        put(&staff, None, &mended).await.status,
        StatusCode::PRECONDITION_REQUIRED
    );
    assert_eq!(
        put(&staff, Some("\"0\""), &mended).await.status,
        StatusCode::PRECONDITION_FAILED
    );
    let mut bad = mended.clone();
    bad["fees"][0]["amount"] = json!(-1);
    let invalid = put(&staff, Some("\"1\""), &bad).await;
    assert_eq!(invalid.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(invalid.body["errors"][0]["pointer"], "/fees/0/amount");
    assert_eq!(
        put(&app.token("finance").await, Some("\"1\""), &mended)
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        put(
            &app.token("foreign.assoc.staff").await,
            Some("\"1\""),
            &mended
        )
        .await
        .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.get(&staff, &plan_path).await.body["fees"][0]["amount"],
        80000,
        "refusals change nothing"
    );

    let ok = put(&staff, Some("\"1\""), &mended).await;
    assert_eq!(ok.status, StatusCode::OK, "{:?}", ok.body);
    assert_eq!(ok.header("etag"), Some("\"2\""));
    assert_eq!(ok.body["fees"], mended["fees"]);
    assert_eq!(ok.body["complaint_phone"], "0731-84444444");

    let published = app
        .post(&staff, &format!("{plan_path}/publication"), &json!(null))
        .await;
    assert_eq!(published.status, StatusCode::OK, "{:?}", published.body);
    let late = put(
        &staff,
        Some("\"3\""),
        &json!({"fees": [], "complaint_phone": ""}),
    )
    .await;
    assert_eq!(late.status, StatusCode::CONFLICT);
    assert_eq!(late.body["type"], "urn:seforce:problem:plan-published");
    let public = app
        .send(
            app.client
                .get(app.url(&format!("/api/v1/public/plans/{id}"))),
        )
        .await;
    assert_eq!(
        public.body["fees"], mended["fees"],
        "the public read the mended fees"
    );
}

#[tokio::test]
async fn the_enrolment_export_holds_the_filtered_rows_the_caller_may_list() {
    let app = spawn_app().await;
    let s = setup(&app, 30).await;
    submitted(&app, &s, 1).await;
    paid(&app, &s, 2).await;
    let back = submitted(&app, &s, 3).await;
    let r = app
        .post(
            &s.manager,
            &format!("/api/v1/enrolments/{back}/approval"),
            &ApprovalBuilder::send_back("缺少学历证书").build(),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    let export = async |token: &str, query: &str| {
        let a = app
            .get(token, &format!("/api/v1/enrolments/export{query}"))
            .await;
        assert_eq!(a.status, StatusCode::OK, "{query}: {:?}", a.body);
        assert!(a.content_type().contains("spreadsheetml"));
        sheet_rows(&a.bytes, "培训班")
    };
    let all = export(&s.staff, "").await;
    assert_eq!(all.len(), 3, "{all:?}");
    let listed = app.get(&s.staff, "/api/v1/enrolments").await;
    assert_eq!(listed.body["items"].as_array().unwrap().len(), 3);
    let paid_row = all.iter().find(|r| r[4] == "已缴费").expect("the paid one");
    assert_eq!(paid_row[6], "1000", "fen written as yuan, a number");
    assert_eq!(paid_row[3], "长沙新奥燃气有限公司");

    let returned = export(&s.officer, "?status=returned").await;
    assert_eq!(returned.len(), 1);
    assert_eq!(
        (returned[0][4].as_str(), returned[0][5].as_str()),
        ("已退回", "缺少学历证书")
    );
    assert_eq!(
        export(&s.officer, &format!("?class_id={}", s.class))
            .await
            .len(),
        3
    );
    // Another association's staff and an unrelated role see none of them.
    assert!(
        export(&app.token("foreign.assoc.staff").await, "")
            .await
            .is_empty()
    );
    assert!(export(&app.token("evaluator").await, "").await.is_empty());
    let bad = app
        .get(&s.staff, "/api/v1/enrolments/export?status=lost")
        .await;
    assert!(bad.status.is_client_error());
    assert!(bad.content_type().starts_with("application/problem+json"));
}

#[tokio::test]
async fn the_fee_ledger_export_lists_fees_in_and_refunds_out_by_beijing_day() {
    let app = spawn_app().await;
    let s = setup(&app, 30).await;
    // Paid on 2026-11-22 (18:00 Beijing time).
    let id = paid(&app, &s, 1).await;
    // The class is cancelled and nothing of the course runs again that year: a full refund,
    // paid out two days later.
    cancelled(&app, &s.staff, &s.class).await;
    let refund = ask(&app, &s.officer, &id, "class_cancelled").await;
    assert_eq!(refund.status, StatusCode::CREATED, "{:?}", refund.body);
    let refund = RefundId::of(&refund);
    approved(&app, &refund).await;
    app.clock.advance(Duration::days(2));
    let finance = app.token("finance").await;
    let out = step(&app, &finance, &refund, "payout").await;
    assert_eq!(out.body["status"], "paid", "{:?}", out.body);

    let export = async |token: &str, query: &str| {
        let a = app
            .get(token, &format!("/api/v1/fee-ledger/export{query}"))
            .await;
        assert_eq!(a.status, StatusCode::OK, "{query}: {:?}", a.body);
        sheet_rows(&a.bytes, "日期")
    };
    // Rows, then the net total line.
    let day_one = export(&finance, "?from=2026-11-22&to=2026-11-22").await;
    assert_eq!(day_one.len(), 2, "{day_one:?}");
    assert_eq!(day_one[0][1], "收费");
    assert_eq!(day_one[0][7], "HN2026-0001");
    assert_eq!(
        (
            day_one[0][8].as_str(),
            day_one[0][9].as_str(),
            day_one[0][10].as_str()
        ),
        ("800", "200", "1000")
    );
    assert_eq!(day_one[1][10], "1000");
    // The day before holds nothing; the refund's day holds the refund alone.
    assert_eq!(export(&finance, "?to=2026-11-21").await.len(), 1);
    let refund_days = export(&finance, "?from=2026-11-23&to=2026-11-24").await;
    assert_eq!(refund_days.len(), 2, "{refund_days:?}");
    assert_eq!(refund_days[0][1], "退费");
    assert_eq!(refund_days[0][10], "-1000");
    // Everything: in and out net to zero.
    let staff = app.token("assoc.staff").await;
    let staff_view = export(&staff, &format!("?class_id={}", s.class)).await;
    assert_eq!(staff_view.len(), 3);
    assert_eq!(staff_view[2][10], "0");
    // Another association's finance sees none of it; enterprise roles are refused.
    assert_eq!(
        export(&app.token("foreign.finance").await, "").await.len(),
        1
    );
    for (token, query, status, pointer) in [
        (
            app.token("ent.officer").await,
            "",
            StatusCode::FORBIDDEN,
            None,
        ),
        (
            finance.clone(),
            "?from=2026-11-24&to=2026-11-23",
            StatusCode::UNPROCESSABLE_ENTITY,
            Some("/to"),
        ),
        (
            finance.clone(),
            "?from=2026-02-30",
            StatusCode::UNPROCESSABLE_ENTITY,
            Some("/from"),
        ),
    ] {
        let a = app
            .get(&token, &format!("/api/v1/fee-ledger/export{query}"))
            .await;
        assert_eq!(a.status, status, "{query}: {:?}", a.body);
        if let Some(p) = pointer {
            assert_eq!(a.body["errors"][0]["pointer"], p);
        }
    }
}
