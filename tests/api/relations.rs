//! EX-07: declared relations between persons, the recusal's second half (an evaluator may not
//! assess a declared relation). A relation is symmetric: declared from one person, it reads
//! from both and `Directory::related` answers both ways; the same pair and kind is declared
//! once. Both persons must be visible to the caller; bad input changes nothing.

use serde_json::json;
use test_support::builders::RelationBuilder;
use test_support::ids::{PersonId, RelationId};
use test_support::training::{employee, evaluator};
use test_support::{Answer, PersonBuilder, StatusCode, TestApp, spawn_app};
use uuid::Uuid;

async fn declare(app: &TestApp, token: &str, from: &PersonId, body: RelationBuilder) -> Answer {
    app.post(
        token,
        &format!("/api/v1/persons/{from}/relations"),
        &body.build(),
    )
    .await
}

async fn relations(app: &TestApp, token: &str, of: &PersonId) -> Answer {
    app.get(token, &format!("/api/v1/persons/{of}/relations"))
        .await
}

async fn related(app: &TestApp, a: &PersonId, b: &PersonId) -> bool {
    app.dir
        .related(a.parse().unwrap(), b.parse().unwrap())
        .await
        .unwrap()
}

#[tokio::test]
async fn ex_07_a_declared_relation_reads_from_both_persons_and_related_answers_both_ways() {
    let app = spawn_app().await;
    let staff = app.token("assoc.staff").await;
    let judge = evaluator(&app, 81).await;
    let candidate = employee(&app, 82).await;
    let stranger = employee(&app, 83).await;
    assert!(!related(&app, &judge, &candidate).await);

    let kin = declare(
        &app,
        &staff,
        &judge,
        RelationBuilder::new(&candidate).kind("kin"),
    )
    .await;
    assert_eq!(kin.status, StatusCode::CREATED, "{:?}", kin.body);
    assert_eq!(
        (&kin.body["person_id"], &kin.body["related_person_id"]),
        (&json!(judge), &json!(candidate))
    );
    assert!(related(&app, &judge, &candidate).await);
    assert!(related(&app, &candidate, &judge).await);
    assert!(!related(&app, &judge, &stranger).await);
    assert!(
        !related(&app, &judge, &judge).await,
        "nobody is their own relation"
    );

    // Read from the other end, it points back.
    let theirs = relations(&app, &staff, &candidate).await;
    assert_eq!(theirs.status, StatusCode::OK, "{:?}", theirs.body);
    assert_eq!(theirs.body["items"][0]["person_id"], candidate);
    assert_eq!(theirs.body["items"][0]["related_person_id"], judge);
    assert_eq!(theirs.body["items"][0]["kind"], "kin");

    // The same pair and kind from the other end is the same relation; another kind is not.
    let twice = declare(
        &app,
        &staff,
        &candidate,
        RelationBuilder::new(&judge).kind("kin"),
    )
    .await;
    assert_eq!(
        (twice.status, twice.body["code"].as_str()),
        (StatusCode::CONFLICT, Some("relation_declared")),
        "{:?}",
        twice.body
    );
    let colleagues = declare(&app, &staff, &candidate, RelationBuilder::new(&judge)).await;
    assert_eq!(
        colleagues.status,
        StatusCode::CREATED,
        "{:?}",
        colleagues.body
    );

    // Removing one leaves the other; removing both, they are strangers again.
    for (relation, still) in [
        (RelationId::of(&kin), true),
        (RelationId::of(&colleagues), false),
    ] {
        let gone = app
            .delete(&staff, &format!("/api/v1/person-relations/{relation}"))
            .await;
        assert_eq!(gone.status, StatusCode::NO_CONTENT, "{:?}", gone.body);
        assert_eq!(related(&app, &judge, &candidate).await, still);
    }
    let again = app
        .delete(
            &staff,
            &format!("/api/v1/person-relations/{}", RelationId::of(&kin)),
        )
        .await;
    assert_eq!(again.status, StatusCode::NOT_FOUND);

    let audit = app
        .get(
            &app.token("admin").await,
            &format!(
                "/api/v1/audit?object_type=person_relation&object_id={}",
                RelationId::of(&kin)
            ),
        )
        .await;
    let actions: Vec<&str> = audit.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|r| r["action"].as_str())
        .collect();
    assert_eq!(
        actions,
        vec!["person_relation.remove", "person_relation.declare"]
    );
}

#[tokio::test]
async fn ex_07_both_persons_must_be_visible_and_bad_input_changes_nothing() {
    let app = spawn_app().await;
    let staff = app.token("assoc.staff").await;
    let judge = evaluator(&app, 84).await;
    let candidate = employee(&app, 85).await;
    let other = employee(&app, 86).await;
    let declared = declare(&app, &staff, &judge, RelationBuilder::new(&candidate)).await;
    assert_eq!(declared.status, StatusCode::CREATED, "{:?}", declared.body);
    let before = relations(&app, &staff, &judge).await.body["items"].clone();

    // Another tenant's person, at either end: not found.
    let theirs = app
        .post(
            &app.token("admin").await,
            "/api/v1/persons",
            &PersonBuilder::numbered(app.foreign.enterprise, 87).build(),
        )
        .await;
    let theirs = PersonId::of(&theirs);
    for (from, to) in [(&judge, &theirs), (&theirs, &judge)] {
        let a = declare(&app, &staff, from, RelationBuilder::new(to)).await;
        assert_eq!(
            a.status,
            StatusCode::NOT_FOUND,
            "{from} → {to}: {:?}",
            a.body
        );
    }
    // The sub-centre's administrator sees its evaluator but not the enterprise's candidate.
    let sub = app.token("subcentre.admin").await;
    let unseen = declare(&app, &sub, &judge, RelationBuilder::new(&other)).await;
    assert_eq!(unseen.status, StatusCode::NOT_FOUND, "{:?}", unseen.body);
    // The enterprise's officer sees both its employees but keeps no relations: forbidden.
    let officer = app.token("ent.officer").await;
    let not_theirs = declare(&app, &officer, &candidate, RelationBuilder::new(&other)).await;
    assert_eq!(
        not_theirs.status,
        StatusCode::FORBIDDEN,
        "{:?}",
        not_theirs.body
    );
    // Another tenant does not find our relation to remove it.
    let far = app
        .delete(
            &app.token("foreign.assoc.admin").await,
            &format!("/api/v1/person-relations/{}", RelationId::of(&declared)),
        )
        .await;
    assert_eq!(far.status, StatusCode::NOT_FOUND, "{:?}", far.body);

    let myself = declare(&app, &staff, &judge, RelationBuilder::new(&judge)).await;
    assert_eq!(
        (myself.status, myself.body["errors"][0]["pointer"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("/related_person_id")),
        "{:?}",
        myself.body
    );
    let long = "亲".repeat(501);
    let bad = [
        (
            "unknown kind",
            RelationBuilder::new(&other).kind("neighbour"),
        ),
        (
            "unknown field",
            RelationBuilder::new(&other).set("declared_by", Uuid::now_v7()),
        ),
        ("NUL", RelationBuilder::new(&other).set("note", "表\u{0}兄")),
        (
            "501 characters",
            RelationBuilder::new(&other).set("note", &long),
        ),
        ("not an id", RelationBuilder::new("何明")),
        (
            "no one",
            RelationBuilder::new(&other).without("related_person_id"),
        ),
        ("a person nobody is", RelationBuilder::new(Uuid::now_v7())),
    ];
    for (what, body) in bad {
        let a = declare(&app, &staff, &judge, body).await;
        assert!(
            a.status.is_client_error() && a.content_type().starts_with("application/problem+json"),
            "{what}: {} {:?}",
            a.status,
            a.body
        );
    }
    assert_eq!(
        relations(&app, &staff, &judge).await.body["items"],
        before,
        "nothing refused changed anything"
    );
    assert!(!related(&app, &judge, &other).await);
}
