//! The waiting list moves (TR-08, capacity): a seat freed by a deferral goes, in the same
//! transaction, to the enrolment that joined the list first, through the conditional seat
//! update that keeps the class within capacity; the promoted enrolment waits for finance's
//! fee like any confirmed one. Under concurrent releases the list is served in order and the
//! class is never overfilled.

use test_support::builders::DeferralBuilder;
use test_support::training::{
    Setup, approved, confirm, deferral_asked, deferred, enrolment_audit, new_class, paid, setup,
};
use test_support::{StatusCode, TestApp, spawn_app};
use time::Duration;

/// (capacity, seats taken) of a class, as its staff read it.
async fn seats(app: &TestApp, s: &Setup, class: &str) -> (i64, i64) {
    let c = app.get(&s.staff, &format!("/api/v1/classes/{class}")).await;
    assert_eq!(c.status, StatusCode::OK, "{:?}", c.body);
    (
        c.body["class"]["capacity"].as_i64().unwrap(),
        c.body["class"]["seats_taken"].as_i64().unwrap(),
    )
}

async fn status(app: &TestApp, s: &Setup, enrolment: &str) -> String {
    let e = app
        .get(&s.staff, &format!("/api/v1/enrolments/{enrolment}"))
        .await;
    e.body["status"].as_str().unwrap_or_default().to_owned()
}

#[tokio::test]
async fn tr_08_a_freed_seat_goes_to_the_first_on_the_waiting_list_not_the_second() {
    let app = spawn_app().await;
    let s = setup(&app, 1).await;
    let holder = paid(&app, &s, 61).await;
    // Entered in one order, confirmed onto the list in the other: the list follows the
    // confirmations.
    let second = approved(&app, &s, 62).await;
    let first = approved(&app, &s, 63).await;
    assert_eq!(confirm(&app, &s, &first).await, "waitlisted");
    app.clock.advance(Duration::minutes(1));
    assert_eq!(confirm(&app, &s, &second).await, "waitlisted");
    assert_eq!(seats(&app, &s, &s.class).await, (1, 1));

    let later = new_class(
        &app,
        &s.staff,
        &s.course,
        s.starts_at + Duration::days(5),
        30,
    )
    .await;
    deferred(&app, &s, &holder, &later).await;
    assert_eq!(status(&app, &s, &first).await, "confirmed");
    assert_eq!(
        status(&app, &s, &second).await,
        "waitlisted",
        "the second waits on"
    );
    assert_eq!(
        seats(&app, &s, &s.class).await,
        (1, 1),
        "the seat went straight to the list"
    );
    assert_eq!(seats(&app, &s, &later).await, (30, 1));
    assert!(
        enrolment_audit(&app, &first)
            .await
            .contains(&"enrolment.promote".to_owned())
    );
    // It now waits for the fee like any confirmed enrolment.
    let inbox = app.get(&s.finance, "/api/v1/inbox").await;
    let payment: Vec<&str> = inbox.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["kind"] == "enrolment_payment")
        .filter_map(|i| i["enrolment_id"].as_str())
        .collect();
    assert_eq!(payment, vec![first.as_str()], "{:?}", inbox.body);

    // The promoted one defers in turn: the second gets the seat.
    deferred(&app, &s, &first, &later).await;
    assert_eq!(status(&app, &s, &second).await, "confirmed");
    assert_eq!(seats(&app, &s, &s.class).await, (1, 1));
    assert_eq!(seats(&app, &s, &later).await, (30, 2));
}

#[tokio::test]
async fn tr_08_a_waitlisted_enrolment_deferred_gets_a_seat_only_where_there_is_room() {
    let app = spawn_app().await;
    let s = setup(&app, 1).await;
    paid(&app, &s, 64).await;
    let a = approved(&app, &s, 65).await;
    let st_a = confirm(&app, &s, &a).await;
    let b = approved(&app, &s, 66).await;
    let st_b = confirm(&app, &s, &b).await;
    assert_eq!((st_a.as_str(), st_b.as_str()), ("waitlisted", "waitlisted"));
    let class_of = async |id: &str| {
        let e = app.get(&s.staff, &format!("/api/v1/enrolments/{id}")).await;
        (
            e.body["status"].as_str().unwrap().to_owned(),
            e.body["class_id"].as_str().unwrap().to_owned(),
        )
    };

    // A full target: it joins that class's list.
    let full = new_class(
        &app,
        &s.staff,
        &s.course,
        s.starts_at + Duration::days(4),
        1,
    )
    .await;
    let in_full = Setup {
        staff: s.staff.clone(),
        officer: s.officer.clone(),
        manager: s.manager.clone(),
        finance: s.finance.clone(),
        class: full.clone(),
        course: s.course.clone(),
        starts_at: s.starts_at,
    };
    paid(&app, &in_full, 67).await;
    deferred(&app, &s, &a, &full).await;
    assert_eq!(
        class_of(&a).await,
        ("waitlisted".to_owned(), full.to_string())
    );
    assert_eq!(seats(&app, &s, &full).await, (1, 1));

    // A target with room: the seat is taken at once.
    let roomy = new_class(
        &app,
        &s.staff,
        &s.course,
        s.starts_at + Duration::days(5),
        2,
    )
    .await;
    deferred(&app, &s, &b, &roomy).await;
    assert_eq!(
        class_of(&b).await,
        ("confirmed".to_owned(), roomy.to_string())
    );
    assert_eq!(seats(&app, &s, &roomy).await, (2, 1));
    assert_eq!(
        seats(&app, &s, &s.class).await,
        (1, 1),
        "no seat was held in the old class"
    );
}

#[tokio::test]
async fn tr_08_seats_freed_at_once_go_to_the_list_in_order_and_never_overfill() {
    let app = spawn_app().await;
    let s = setup(&app, 4).await;
    let mut holders = Vec::new();
    for n in 0..4u16 {
        holders.push(paid(&app, &s, 70 + n).await);
    }
    let mut waiting = Vec::new();
    for n in 0..8u16 {
        let id = approved(&app, &s, 80 + n).await;
        let st = confirm(&app, &s, &id).await;
        assert_eq!(st, "waitlisted");
        waiting.push(id);
    }
    let later = new_class(
        &app,
        &s.staff,
        &s.course,
        s.starts_at + Duration::days(5),
        30,
    )
    .await;
    let mut requests = Vec::new();
    for h in &holders {
        requests.push(deferral_asked(&app, &s, h).await);
    }
    let head = app.token("assoc.admin").await;
    let approvals = requests.iter().map(|r| {
        let (app, head, later) = (&app, &head, &later);
        async move {
            app.post(
                head,
                &format!("/api/v1/enrolment-requests/{r}/approval"),
                &DeferralBuilder::into_class(later),
            )
            .await
        }
    });
    let answers = futures_util::future::join_all(approvals).await;
    for a in &answers {
        assert_eq!(a.status, StatusCode::OK, "{:?}", a.body);
    }
    let mut statuses = Vec::new();
    for w in &waiting {
        statuses.push(status(&app, &s, w).await);
    }
    assert_eq!(
        statuses,
        [
            "confirmed",
            "confirmed",
            "confirmed",
            "confirmed",
            "waitlisted",
            "waitlisted",
            "waitlisted",
            "waitlisted"
        ],
        "first come, first served"
    );
    assert_eq!(seats(&app, &s, &s.class).await, (4, 4));
    assert_eq!(seats(&app, &s, &later).await, (30, 4));
}
