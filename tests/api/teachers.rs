//! The teacher pool over HTTP: terms that end with the council's term (TR-05), the public
//! notice of a dismissal for breaking the law, and the title floor of level classes (TR-20).

use serde_json::json;
use test_support::builders::{ClassTeacherBuilder, DismissalBuilder, TeacherBuilder};
use test_support::ids::{ClassId, TeacherId};
use test_support::people::titled_person;
use test_support::training::{active_teacher, council_term, new_class, setup};
use test_support::{StatusCode, spawn_app};
use time::macros::datetime;

#[tokio::test]
async fn tr_05_the_term_ends_with_the_council_term() {
    let app = spawn_app().await;
    let s = setup(&app, 30).await;
    let person = titled_person(&app, 501, "senior").await;
    // Without a council term there is no appointment.
    let t = app
        .post(
            &s.staff,
            "/api/v1/teachers",
            &TeacherBuilder::new(app.orgs.association, &person).build(),
        )
        .await;
    let id = TeacherId::of(&t);
    app.post(
        &s.staff,
        &format!("/api/v1/teachers/{id}/selection"),
        &json!(null),
    )
    .await;
    let refused = app
        .post(
            &s.staff,
            &format!("/api/v1/teachers/{id}/appointment"),
            &json!(null),
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(refused.body["rule"], "TR-05");

    council_term(&app, &s.staff, "2024-01-01").await;
    let a = app
        .post(
            &s.staff,
            &format!("/api/v1/teachers/{id}/appointment"),
            &json!(null),
        )
        .await;
    assert_eq!(a.body["term_starts_on"], "2026-11-22", "{:?}", a.body);
    assert_eq!(
        a.body["term_ends_on"], "2027-12-31",
        "four years with the council from 2024-01-01"
    );

    // The last day of the term (Shanghai): still active and assignable.
    let late_class = new_class(
        &app,
        &s.staff,
        &s.course,
        datetime!(2028-03-01 09:00 +8),
        30,
    )
    .await;
    let other_class = new_class(
        &app,
        &s.staff,
        &s.course,
        datetime!(2028-04-01 09:00 +8),
        30,
    )
    .await;
    app.clock.set(datetime!(2027-12-31 23:59 +8));
    let staff = app.token("assoc.staff").await;
    assert_eq!(
        app.get(&staff, &format!("/api/v1/teachers/{id}"))
            .await
            .body["status"],
        "active"
    );
    let ok = app
        .post(
            &staff,
            &format!("/api/v1/classes/{late_class}/teachers"),
            &ClassTeacherBuilder::new(&id).build(),
        )
        .await;
    assert_eq!(ok.status, StatusCode::CREATED, "{:?}", ok.body);
    // A minute later the term has ended: not assignable, re-appointment needs a new council term.
    app.clock.set(datetime!(2028-01-01 00:00 +8));
    let staff = app.token("assoc.staff").await;
    assert_eq!(
        app.get(&staff, &format!("/api/v1/teachers/{id}"))
            .await
            .body["status"],
        "term_ended"
    );
    let no = app
        .post(
            &staff,
            &format!("/api/v1/classes/{other_class}/teachers"),
            &ClassTeacherBuilder::new(&id).build(),
        )
        .await;
    assert_eq!(
        (no.status, no.body["rule"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("TR-05"))
    );
    let again = app
        .post(
            &staff,
            &format!("/api/v1/teachers/{id}/appointment"),
            &json!(null),
        )
        .await;
    assert_eq!(again.body["rule"], "TR-05", "{:?}", again.body);
    council_term(&app, &staff, "2028-01-01").await;
    let again = app
        .post(
            &staff,
            &format!("/api/v1/teachers/{id}/appointment"),
            &json!(null),
        )
        .await;
    assert_eq!(again.body["term_ends_on"], "2031-12-31", "{:?}", again.body);
}

#[tokio::test]
async fn tr_05_only_a_dismissal_for_breaking_the_law_is_published() {
    let app = spawn_app().await;
    let s = setup(&app, 30).await;
    council_term(&app, &s.staff, "2024-01-01").await;
    let lawful = active_teacher(&app, &s.staff, &titled_person(&app, 511, "senior").await).await;
    let unlawful = active_teacher(&app, &s.staff, &titled_person(&app, 512, "senior").await).await;
    let d = app
        .post(
            &s.staff,
            &format!("/api/v1/teachers/{lawful}/dismissal"),
            &DismissalBuilder::new("本人申请解聘", false).build(),
        )
        .await;
    assert_eq!(d.body["status"], "dismissed", "{:?}", d.body);
    let notices = format!(
        "/api/v1/public/teacher-notices?association_id={}",
        app.orgs.association
    );
    let none = app.send(app.client.get(app.url(&notices))).await;
    assert_eq!(
        none.body["items"].as_array().map(Vec::len),
        Some(0),
        "{:?}",
        none.body
    );
    let d = app
        .post(
            &s.staff,
            &format!("/api/v1/teachers/{unlawful}/dismissal"),
            &DismissalBuilder::new("因违法被行政处罚", true).build(),
        )
        .await;
    assert_eq!(d.body["status"], "dismissed", "{:?}", d.body);
    let one = app.send(app.client.get(app.url(&notices))).await;
    assert_eq!(one.status, StatusCode::OK);
    assert_eq!(
        one.body["items"].as_array().map(Vec::len),
        Some(1),
        "{:?}",
        one.body
    );
    assert_eq!(one.body["items"][0]["teacher_id"], unlawful.as_str());
    // Dismissed once.
    let twice = app
        .post(
            &s.staff,
            &format!("/api/v1/teachers/{unlawful}/dismissal"),
            &DismissalBuilder::new("重复", true).build(),
        )
        .await;
    assert_eq!(twice.status, StatusCode::CONFLICT);
}

#[tokio::test]
async fn tr_20_level_classes_need_an_intermediate_title() {
    let app = spawn_app().await;
    let s = setup(&app, 30).await;
    council_term(&app, &s.staff, "2024-01-01").await;
    let junior = active_teacher(&app, &s.staff, &titled_person(&app, 521, "junior").await).await;
    let intermediate = active_teacher(
        &app,
        &s.staff,
        &titled_person(&app, 522, "intermediate").await,
    )
    .await;
    let assign = |class: ClassId, teacher: TeacherId| {
        let staff = s.staff.clone();
        let app = &app;
        async move {
            app.post(
                &staff,
                &format!("/api/v1/classes/{class}/teachers"),
                &ClassTeacherBuilder::new(&teacher).build(),
            )
            .await
        }
    };
    // No level: a junior title is enough.
    let plain = assign(s.class.clone(), junior.clone()).await;
    assert_eq!(plain.status, StatusCode::CREATED, "{:?}", plain.body);
    // A junior-level class: junior title refused, intermediate accepted.
    let level_class = new_class(&app, &s.staff, &s.course, s.starts_at, 30).await;
    let set = app
        .send(
            app.client
                .put(app.url(&format!("/api/v1/classes/{level_class}/level")))
                .bearer_auth(&s.staff)
                .json(&json!({"level": "junior"})),
        )
        .await;
    assert_eq!(set.status, StatusCode::OK, "{:?}", set.body);
    let refused = assign(level_class.clone(), junior).await;
    assert_eq!(
        (refused.status, refused.body["rule"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("TR-20"))
    );
    let ok = assign(level_class.clone(), intermediate.clone()).await;
    assert_eq!(ok.status, StatusCode::CREATED, "{:?}", ok.body);
    assert_eq!(ok.body["level"], "junior");
    assert_eq!(
        assign(level_class, intermediate).await.status,
        StatusCode::CONFLICT
    );
    // A foreign tenant's staff does not see the class.
    let foreign = app.token("foreign.assoc.staff").await;
    let far = app
        .post(
            &foreign,
            &format!("/api/v1/classes/{}/teachers", s.class),
            &ClassTeacherBuilder::new(uuid::Uuid::nil()).build(),
        )
        .await;
    assert_eq!(far.status, StatusCode::NOT_FOUND);
}

/// TR-20 the other way round: a class with teachers gets its level afterwards. A junior-titled
/// teacher already on the class keeps the class from becoming a junior-level class (and the
/// level stays unset); a class whose teacher holds an intermediate title takes the level, and
/// removing the level again is always possible.
#[tokio::test]
async fn tr_20_setting_a_level_rechecks_the_teachers_already_assigned() {
    let app = spawn_app().await;
    let s = setup(&app, 30).await;
    council_term(&app, &s.staff, "2024-01-01").await;
    let junior = active_teacher(&app, &s.staff, &titled_person(&app, 531, "junior").await).await;
    let intermediate = active_teacher(
        &app,
        &s.staff,
        &titled_person(&app, 532, "intermediate").await,
    )
    .await;
    let set_level = |class: ClassId, level: &'static str| {
        let staff = s.staff.clone();
        let app = &app;
        async move {
            app.send(
                app.client
                    .put(app.url(&format!("/api/v1/classes/{class}/level")))
                    .bearer_auth(&staff)
                    .json(&json!({"level": level})),
            )
            .await
        }
    };
    let assign = |class: ClassId, teacher: TeacherId| {
        let staff = s.staff.clone();
        let app = &app;
        async move {
            let a = app
                .post(
                    &staff,
                    &format!("/api/v1/classes/{class}/teachers"),
                    &ClassTeacherBuilder::new(&teacher).build(),
                )
                .await;
            assert_eq!(a.status, StatusCode::CREATED, "{:?}", a.body);
        }
    };
    // Junior title assigned while the class had no level: the level is refused.
    assign(s.class.clone(), junior).await;
    let refused = set_level(s.class.clone(), "junior").await;
    assert_eq!(
        (refused.status, refused.body["rule"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("TR-20")),
        "{:?}",
        refused.body
    );
    let detail = app
        .get(&s.staff, &format!("/api/v1/classes/{}", s.class))
        .await;
    assert_eq!(detail.body["level"], "none", "the refused level is not set");
    let none = set_level(s.class.clone(), "none").await;
    assert_eq!(none.status, StatusCode::OK, "{:?}", none.body);

    // Intermediate title assigned first: the level is accepted.
    let other = new_class(&app, &s.staff, &s.course, s.starts_at, 30).await;
    assign(other.clone(), intermediate).await;
    let ok = set_level(other.clone(), "senior").await;
    assert_eq!(ok.status, StatusCode::OK, "{:?}", ok.body);
    assert_eq!(
        app.get(&s.staff, &format!("/api/v1/classes/{other}"))
            .await
            .body["level"],
        "senior"
    );
}

/// TR-04: a teacher comes into the pool as a candidate, is selected, then appointed — no step
/// skipped (a candidate cannot be appointed) and none repeated (a selected teacher cannot be
/// selected again); only an active teacher is in the pool's active list.
#[tokio::test]
async fn tr_04_candidates_are_selected_before_they_are_appointed() {
    let app = spawn_app().await;
    let s = setup(&app, 30).await;
    council_term(&app, &s.staff, "2024-01-01").await;
    let person = titled_person(&app, 502, "intermediate").await;
    let t = app
        .post(
            &s.staff,
            "/api/v1/teachers",
            &TeacherBuilder::new(app.orgs.association, &person).build(),
        )
        .await;
    assert_eq!(t.status, StatusCode::CREATED, "{:?}", t.body);
    assert_eq!(t.body["status"], "candidate");
    let id = TeacherId::of(&t);
    let step = |what: &'static str| {
        let (app, staff, id) = (&app, s.staff.clone(), id.clone());
        async move {
            app.post(
                &staff,
                &format!("/api/v1/teachers/{id}/{what}"),
                &json!(null),
            )
            .await
        }
    };

    let skipped = step("appointment").await;
    assert_eq!(skipped.status, StatusCode::CONFLICT, "{:?}", skipped.body);
    let selected = step("selection").await;
    assert_eq!(selected.status, StatusCode::OK, "{:?}", selected.body);
    assert_eq!(selected.body["status"], "selected");
    let repeated = step("selection").await;
    assert_eq!(repeated.status, StatusCode::CONFLICT, "{:?}", repeated.body);
    let appointed = step("appointment").await;
    assert_eq!(appointed.status, StatusCode::OK, "{:?}", appointed.body);
    assert_eq!(appointed.body["status"], "active");
}
