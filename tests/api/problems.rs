//! The problem+json contract of every refusal (issue 12 §1): `type` in kebab-case and `code`
//! the same word in snake_case; the Chinese `detail` and the English `detail_en` apart, neither
//! holding "中文 / English", a rule id or an amount in fen; the rule id in `rule`, the figures in
//! `params`; field errors with `message` and `message_en`.

use serde_json::json;
use test_support::builders::{
    CourseBuilder, EnrolmentBuilder, OrganizationBuilder, PaymentBuilder,
};
use test_support::ids::RefundId;
use test_support::training::{
    ask_refund as ask, cancelled, confirmed, employee, paid, refund_approved as approved,
    refund_step as step, setup,
};
use test_support::{Answer, PersonBuilder, StatusCode, spawn_app};

/// What every problem holds, whatever refused: its `code`, the `type` spelled from it, both
/// messages, and no rule id or "zh / en" pair in either.
fn assert_problem(a: &Answer, status: StatusCode, code: &str) {
    assert_eq!(a.status, status, "{:?}", a.body);
    assert_eq!(a.body["code"], code, "{:?}", a.body);
    assert_eq!(
        a.body["type"],
        format!("urn:seforce:problem:{}", code.replace('_', "-")),
        "{:?}",
        a.body
    );
    for member in ["detail", "detail_en"] {
        let text = a.body[member].as_str().unwrap_or_default();
        assert!(!text.is_empty(), "{member} missing: {:?}", a.body);
        assert!(
            !text.contains(" / "),
            "{member} holds two languages: {text}"
        );
        assert!(!has_rule_id(text), "{member} holds a rule id: {text}");
    }
    assert!(
        has_cjk(a.body["detail"].as_str().unwrap_or_default()),
        "detail is Chinese: {:?}",
        a.body
    );
    assert!(
        !has_cjk(a.body["detail_en"].as_str().unwrap_or_default()),
        "detail_en is English: {:?}",
        a.body
    );
}

fn has_cjk(s: &str) -> bool {
    s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

/// `TR-10`, `DIR-03`, `CR-04`: capitals, a hyphen, digits.
fn has_rule_id(s: &str) -> bool {
    let b = s.as_bytes();
    (0..b.len()).any(|i| {
        b[i] == b'-'
            && i > 0
            && b[i - 1].is_ascii_uppercase()
            && b.get(i + 1).is_some_and(u8::is_ascii_digit)
    })
}

#[tokio::test]
async fn a_rule_refusal_has_its_rule_and_code_and_both_sentences_with_amounts_in_yuan() {
    let app = spawn_app().await;
    let s = setup(&app, 30).await;
    let id = confirmed(&app, &s, 1).await;
    let wrong = PaymentBuilder::new().set("training_fee", 70000).build();
    let paid = app
        .post(
            &s.finance,
            &format!("/api/v1/enrolments/{id}/payment"),
            &wrong,
        )
        .await;
    assert_problem(&paid, StatusCode::UNPROCESSABLE_ENTITY, "rule_violation");
    assert_eq!(paid.body["rule"], "TR-08");
    let (zh, en) = (
        paid.body["detail"].as_str().unwrap(),
        paid.body["detail_en"].as_str().unwrap(),
    );
    // The published fees read as yuan; the fen figures only in the parameters.
    for text in [zh, en] {
        assert!(
            text.contains("¥800.00") && text.contains("¥200.00"),
            "{text}"
        );
        assert!(!text.contains("80000") && !text.contains("fen") && !text.contains('分'));
    }
    assert_eq!(
        paid.body["params"],
        json!({"training_fee": 80000, "exam_fee": 20000})
    );
}

/// A payment names its method (银行转账, 现金 …) in 1–50 characters: blank or 51 characters is
/// a field error at `/method` and records nothing; 50 characters is recorded.
#[tokio::test]
async fn a_payment_names_its_method_in_at_most_fifty_characters() {
    let app = spawn_app().await;
    let s = setup(&app, 30).await;
    let id = confirmed(&app, &s, 1).await;
    let url = format!("/api/v1/enrolments/{id}/payment");
    for bad in ["  ".to_owned(), "转".repeat(51)] {
        let a = app
            .post(
                &s.finance,
                &url,
                &PaymentBuilder::new().set("method", &bad).build(),
            )
            .await;
        assert_problem(&a, StatusCode::UNPROCESSABLE_ENTITY, "validation");
        assert_eq!(a.body["errors"][0]["pointer"], "/method", "{:?}", a.body);
    }
    // One enrolment fee per enrolment: this payment is taken only if the refused ones left none.
    let ok = app
        .post(
            &s.finance,
            &url,
            &PaymentBuilder::new().set("method", "转".repeat(50)).build(),
        )
        .await;
    assert_eq!(ok.status, StatusCode::OK, "{:?}", ok.body);
}

#[tokio::test]
async fn a_refund_refused_for_nothing_left_names_the_amounts_in_yuan() {
    let app = spawn_app().await;
    let s = setup(&app, 30).await;
    let id = paid(&app, &s, 2).await;
    cancelled(&app, &s.staff, &s.class).await;
    let full = ask(&app, &s.officer, &id, "class_cancelled").await;
    assert_eq!(full.status, StatusCode::CREATED, "{:?}", full.body);
    let r = RefundId::of(&full);
    approved(&app, &r).await;
    assert_eq!(
        step(&app, &s.finance, &r, "payout").await.body["status"],
        "paid"
    );

    let again = ask(&app, &s.officer, &id, "class_cancelled").await;
    assert_problem(&again, StatusCode::UNPROCESSABLE_ENTITY, "rule_violation");
    assert_eq!(again.body["rule"], "TR-14");
    for member in ["detail", "detail_en"] {
        let text = again.body[member].as_str().unwrap();
        assert!(text.contains("¥1,000.00"), "{member}: {text}");
        assert!(!text.contains("100000"), "{member}: {text}");
    }
    assert_eq!(
        again.body["params"],
        json!({"paid": 100000, "refunded": 100000})
    );
}

#[tokio::test]
async fn a_field_error_has_its_message_in_chinese_and_in_english() {
    let app = spawn_app().await;
    let s = setup(&app, 30).await;
    let blank = app
        .post(
            &s.staff,
            "/api/v1/courses",
            &CourseBuilder::new(app.orgs.association)
                .set("name", "  ")
                .build(),
        )
        .await;
    assert_problem(&blank, StatusCode::UNPROCESSABLE_ENTITY, "validation");
    let e = &blank.body["errors"][0];
    assert_eq!(e["pointer"], "/name", "{:?}", blank.body);
    assert_eq!(e["code"], "required");
    assert_eq!(e["message"], "必填,不超过100字");
    assert_eq!(e["message_en"], "required, at most 100 characters");

    // A bound of the directory's (an organization's name, 2–100) is worded from the check.
    let admin = app.token("assoc.admin").await;
    let code = directory::demo::credit_code("430100", 556);
    let short = app
        .post(
            &admin,
            "/api/v1/organizations",
            &OrganizationBuilder::enterprise("甲", &code, "430100").build(),
        )
        .await;
    assert_problem(&short, StatusCode::UNPROCESSABLE_ENTITY, "validation");
    let name = short.body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["pointer"] == "/name")
        .unwrap_or_else(|| panic!("{:?}", short.body));
    assert_eq!(name["message"], "须为2–100字");
    assert_eq!(name["message_en"], "must be 2–100 characters");
    for e in short.body["errors"].as_array().unwrap() {
        let (zh, en) = (
            e["message"].as_str().unwrap(),
            e["message_en"].as_str().unwrap(),
        );
        assert!(!zh.is_empty() && !en.is_empty() && !zh.contains(" / ") && !en.contains(" / "));
    }
}

#[tokio::test]
async fn a_conflict_has_a_kebab_type_and_the_same_code_in_snake_case() {
    let app = spawn_app().await;
    let s = setup(&app, 30).await;
    let person = employee(&app, 3).await;
    let body = EnrolmentBuilder::new(&s.class, &person).build();
    let first = app.post(&s.officer, "/api/v1/enrolments", &body).await;
    assert_eq!(first.status, StatusCode::CREATED, "{:?}", first.body);
    let twice = app.post(&s.officer, "/api/v1/enrolments", &body).await;
    assert_problem(&twice, StatusCode::CONFLICT, "already_enrolled");
    assert_eq!(twice.body["type"], "urn:seforce:problem:already-enrolled");
}

#[tokio::test]
async fn not_found_names_the_noun_and_stale_gives_the_current_version() {
    let app = spawn_app().await;
    let s = setup(&app, 30).await;
    let missing = app
        .get(
            &s.staff,
            &format!("/api/v1/classes/{}", uuid::Uuid::now_v7()),
        )
        .await;
    assert_problem(&missing, StatusCode::NOT_FOUND, "not_found");
    assert_eq!(missing.body["params"]["what"], "class");
    assert_eq!(missing.body["detail"], "培训班不存在");
    assert_eq!(missing.body["detail_en"], "class not found");

    let admin = app.token("assoc.admin").await;
    let p = app
        .post(
            &admin,
            "/api/v1/persons",
            &PersonBuilder::numbered(app.orgs.enterprise, 4).build(),
        )
        .await;
    assert_eq!(p.status, StatusCode::CREATED, "{:?}", p.body);
    let path = format!("/api/v1/persons/{}", p.body["id"].as_str().unwrap());
    let changed = app.patch(&admin, &path, 1, &json!({"post": "班长"})).await;
    assert_eq!(changed.status, StatusCode::OK, "{:?}", changed.body);
    let stale = app.patch(&admin, &path, 1, &json!({"post": "组长"})).await;
    assert_problem(
        &stale,
        StatusCode::PRECONDITION_FAILED,
        "precondition_failed",
    );
    assert_eq!(stale.body["params"], json!({"current": 2}));
}

#[tokio::test]
async fn problems_of_the_http_layer_keep_the_languages_apart_too() {
    let app = spawn_app().await;
    let t = app.token("assoc.admin").await;
    let unknown = app.get(&t, "/api/v1/persons?colour=red").await;
    assert_problem(&unknown, StatusCode::BAD_REQUEST, "bad_request");
    let no_route = app.get(&t, "/api/v1/no-such-thing").await;
    assert_problem(&no_route, StatusCode::NOT_FOUND, "not_found");
    let bad_id = app.get(&t, "/api/v1/persons/not-a-uuid").await;
    assert_problem(&bad_id, StatusCode::NOT_FOUND, "not_found");
    assert_eq!(bad_id.body["params"]["what"], "resource");
}
