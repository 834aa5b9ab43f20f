//! The catalogue over HTTP: subject kinds (TR-01), course materials and the accident-case
//! library (TR-03).

use serde_json::{Value, json};
use test_support::builders::{AccidentCaseBuilder, CourseBuilder};
use test_support::training::setup;
use test_support::{Answer, StatusCode, TestApp, spawn_app};

async fn upload(
    app: &TestApp,
    token: &str,
    course: &str,
    title: &str,
    ct: &str,
    body: Vec<u8>,
) -> Answer {
    let path = format!("/api/v1/courses/{course}/materials?title={title}");
    app.upload(reqwest::Method::POST, token, &path, ct, body)
        .await
}

#[tokio::test]
async fn tr_03_materials_are_checked_stored_and_served_with_their_type() {
    let app = spawn_app().await;
    let s = setup(&app, 30).await;
    let pdf = b"%PDF-1.7\n%lecture notes\n".to_vec();
    let m = upload(
        &app,
        &s.staff,
        &s.course,
        "讲义",
        "application/pdf",
        pdf.clone(),
    )
    .await;
    assert_eq!(m.status, StatusCode::CREATED, "{:?}", m.body);
    let id = m.body["id"].as_str().unwrap().to_owned();
    let mp4 = upload(
        &app,
        &s.staff,
        &s.course,
        "video",
        "video/mp4",
        b"\0\0\0\x18ftypmp42....".to_vec(),
    )
    .await;
    assert_eq!(mp4.status, StatusCode::CREATED, "{:?}", mp4.body);
    let officer = app.token("ent.officer").await;
    let list = app
        .get(&officer, &format!("/api/v1/courses/{}/materials", s.course))
        .await;
    assert_eq!(
        list.body["items"].as_array().unwrap().len(),
        2,
        "member organizations read the materials"
    );
    let file = app
        .get(&officer, &format!("/api/v1/materials/{id}/file"))
        .await;
    assert_eq!(file.status, StatusCode::OK);
    assert_eq!(file.content_type(), "application/pdf");
    assert_eq!(file.bytes, pdf);

    // Refusals: wrong type, bytes not of the type, no type, too big, empty title, wrong role,
    // another tenant.
    assert_eq!(
        upload(
            &app,
            &s.staff,
            &s.course,
            "x",
            "text/html",
            b"<html>".to_vec()
        )
        .await
        .status,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert_eq!(
        upload(
            &app,
            &s.staff,
            &s.course,
            "x",
            "application/pdf",
            b"MZ\x90\0".to_vec()
        )
        .await
        .status,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert_eq!(
        upload(&app, &s.staff, &s.course, "x", "", pdf.clone())
            .await
            .status,
        StatusCode::UNSUPPORTED_MEDIA_TYPE
    );
    let mut big = pdf.clone();
    big.resize(50 * 1024 * 1024 + 1, b' ');
    assert_eq!(
        upload(&app, &s.staff, &s.course, "x", "application/pdf", big)
            .await
            .status,
        StatusCode::PAYLOAD_TOO_LARGE
    );
    assert_eq!(
        upload(
            &app,
            &s.staff,
            &s.course,
            "%20",
            "application/pdf",
            pdf.clone()
        )
        .await
        .status,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert_eq!(
        upload(
            &app,
            &officer,
            &s.course,
            "x",
            "application/pdf",
            pdf.clone()
        )
        .await
        .status,
        StatusCode::FORBIDDEN
    );
    let far = app.token("foreign.assoc.staff").await;
    assert_eq!(
        upload(&app, &far, &s.course, "x", "application/pdf", pdf.clone())
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.get(&far, &format!("/api/v1/materials/{id}/file"))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.get(&far, &format!("/api/v1/courses/{}/materials", s.course))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.get(&s.staff, "/api/v1/courses/not-a-uuid/materials")
            .await
            .status
            .as_u16()
            / 100,
        4
    );
    assert_eq!(
        app.get(&s.staff, &format!("/api/v1/courses/{}/materials", s.course))
            .await
            .body["items"]
            .as_array()
            .unwrap()
            .len(),
        2,
        "nothing stored by the refusals"
    );
}

#[tokio::test]
async fn tr_03_accident_cases_are_linked_to_courses_of_their_association() {
    let app = spawn_app().await;
    let s = setup(&app, 30).await;
    let case = |date: &str, courses: serde_json::Value| {
        AccidentCaseBuilder::new(app.orgs.association, date)
            .courses(courses)
            .build()
    };
    let c = app
        .post(
            &s.staff,
            "/api/v1/accident-cases",
            &case("2023-06-21", json!([s.course])),
        )
        .await;
    assert_eq!(c.status, StatusCode::CREATED, "{:?}", c.body);
    let id = c.body["id"].as_str().unwrap().to_owned();
    let by_course = app
        .get(
            &app.token("practitioner").await,
            &format!("/api/v1/accident-cases?course_id={}", s.course),
        )
        .await;
    assert_eq!(by_course.status, StatusCode::OK);
    assert_eq!(by_course.body["items"][0]["id"], id.as_str());
    assert_eq!(
        by_course.body["items"][0]["course_ids"][0],
        s.course.as_str()
    );
    assert_eq!(
        app.get(&s.officer, &format!("/api/v1/accident-cases/{id}"))
            .await
            .status,
        StatusCode::OK
    );

    // The accident day: today is fine, tomorrow is not (clock 2026-11-22 18:00 Asia/Shanghai).
    assert_eq!(
        app.post(
            &s.staff,
            "/api/v1/accident-cases",
            &case("2026-11-22", json!([]))
        )
        .await
        .status,
        StatusCode::CREATED
    );
    assert_eq!(
        app.post(
            &s.staff,
            "/api/v1/accident-cases",
            &case("2026-11-23", json!([]))
        )
        .await
        .status,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert_eq!(
        app.post(
            &s.staff,
            "/api/v1/accident-cases",
            &case("2026-02-30", json!([]))
        )
        .await
        .status,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    let unknown = app
        .post(
            &s.staff,
            "/api/v1/accident-cases",
            &case("2023-06-21", json!([uuid::Uuid::now_v7()])),
        )
        .await;
    assert_eq!(unknown.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(unknown.body["errors"][0]["pointer"], "/course_ids/0");
    assert_eq!(
        app.post(
            &s.officer,
            "/api/v1/accident-cases",
            &case("2023-06-21", json!([]))
        )
        .await
        .status,
        StatusCode::FORBIDDEN
    );
    let far = app.token("foreign.practitioner").await;
    assert_eq!(
        app.get(&far, &format!("/api/v1/accident-cases/{id}"))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.get(&far, "/api/v1/accident-cases").await.body["items"]
            .as_array()
            .unwrap()
            .len(),
        0
    );
    assert_eq!(
        app.get(&app.token("regulator.city").await, "/api/v1/accident-cases")
            .await
            .body["items"]
            .as_array()
            .unwrap()
            .len(),
        0
    );
}

/// TR-01: the course's topic decides whether it is a public subject (laws and regulations, rules,
/// professional ethics, information technology) or a professional one (quality system, safety
/// technical specifications, standards, basic knowledge, basic theory, new techniques). Each
/// topic on either side of that line comes back with its kind, in the answer and in the list;
/// the kind cannot be typed in, so a course cannot be filed on the wrong side.
#[tokio::test]
async fn tr_01_the_topic_files_a_course_as_a_public_or_a_professional_subject() {
    let app = spawn_app().await;
    let staff = app.token("assoc.staff").await;
    let course = |topic: &str| {
        CourseBuilder::new(app.orgs.association)
            .set("name", format!("课程 {topic}"))
            .set("topic", topic)
            .set("equipment_categories", ["elevator"])
            .set("theory_hours", 8)
            .set("practical_hours", 0)
            .build()
    };
    let public = [
        "laws_and_regulations",
        "rules",
        "professional_ethics",
        "information_technology",
    ];
    let professional = [
        "quality_system",
        "safety_technical_specifications",
        "standards",
        "basic_knowledge",
        "basic_theory",
        "new_techniques",
    ];
    let mut expected = Vec::new();
    for (topics, kind) in [(&public[..], "public"), (&professional[..], "professional")] {
        for topic in topics {
            let c = app.post(&staff, "/api/v1/courses", &course(topic)).await;
            assert_eq!(c.status, StatusCode::CREATED, "{topic}: {:?}", c.body);
            assert_eq!(c.body["subject_kind"], kind, "{topic}");
            expected.push((c.body["id"].clone(), kind));
        }
    }
    let listed = app
        .get(
            &staff,
            &format!(
                "/api/v1/courses?association_id={}&limit=200",
                app.orgs.association
            ),
        )
        .await;
    let items = listed.body["items"].as_array().unwrap();
    for (id, kind) in &expected {
        let item = items.iter().find(|c| &c["id"] == id).unwrap();
        assert_eq!(item["subject_kind"], *kind, "{item:?}");
    }

    // A professional topic declared public is refused, and nothing is created.
    let mut wrong: Value = course("standards");
    wrong["subject_kind"] = "public".into();
    let refused = app.post(&staff, "/api/v1/courses", &wrong).await;
    assert_eq!(
        refused.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{:?}",
        refused.body
    );
    let after = app
        .get(
            &staff,
            &format!(
                "/api/v1/courses?association_id={}&limit=200",
                app.orgs.association
            ),
        )
        .await;
    assert_eq!(after.body["items"], listed.body["items"]);
}
