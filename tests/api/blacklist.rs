//! CR-04: a listed person's registrations are refused for five years — on the day before the
//! fifth anniversary still, on the anniversary no more.

use serde_json::json;
use test_support::builders::BlacklistBuilder;
use test_support::builders::EnrolmentBuilder;
use test_support::ids::PersonId;
use test_support::people::blacklisted;
use test_support::rule;
use test_support::training::{employee, setup};
use test_support::{StatusCode, spawn_app};

#[tokio::test]
async fn cr_04_listed_five_years_ago_less_a_day_is_refused_five_years_ago_is_accepted() {
    let app = spawn_app().await;
    let s = setup(&app, 30).await;
    let (barred, free) = (employee(&app, 31).await, employee(&app, 32).await);
    let staff = app.token("assoc.staff").await;
    // The test clock's date in Asia/Shanghai is 2026-11-22.
    for (person, listed_on) in [(&barred, "2021-11-23"), (&free, "2021-11-22")] {
        let l = app
            .post(
                &staff,
                "/api/v1/blacklist",
                &BlacklistBuilder::new(app.orgs.association, person)
                    .listed_on(listed_on)
                    .build(),
            )
            .await;
        assert_eq!(l.status, StatusCode::CREATED, "{:?}", l.body);
    }
    let list = app.get(&staff, "/api/v1/blacklist").await;
    let active: Vec<bool> = list.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["active"].as_bool().unwrap())
        .collect();
    assert_eq!(active, vec![false, true], "newest first: {:?}", list.body);
    assert!(
        list.body["items"][0]["national_id_masked"]
            .as_str()
            .unwrap()
            .contains("********"),
        "masked"
    );

    let enrol = async |p: &PersonId| {
        app.post(
            &s.officer,
            "/api/v1/enrolments",
            &EnrolmentBuilder::new(&s.class, p).build(),
        )
        .await
    };
    let refused = enrol(&barred).await;
    assert_eq!(
        (refused.status, rule(&refused)),
        (StatusCode::UNPROCESSABLE_ENTITY, "CR-04"),
        "{:?}",
        refused.body
    );
    assert_eq!(enrol(&free).await.status, StatusCode::CREATED);
}

#[tokio::test]
async fn cr_04_only_the_association_keeps_its_list() {
    let app = spawn_app().await;
    let officer = app.token("ent.officer").await;
    let foreign = app.token("foreign.assoc.admin").await;
    let p = test_support::training::employee(&app, 33).await;
    for t in [&officer, &foreign] {
        let a = app
            .post(
                t,
                "/api/v1/blacklist",
                &BlacklistBuilder::new(app.orgs.association, &p).build(),
            )
            .await;
        assert_eq!(a.status, StatusCode::FORBIDDEN, "{:?}", a.body);
    }
    let seen = app.get(&foreign, "/api/v1/blacklist").await;
    assert_eq!(
        seen.body["items"],
        json!([]),
        "another tenant's list stays unseen"
    );
}

#[tokio::test]
async fn cr_04_a_lifted_entry_no_longer_bars_enrolment() {
    let app = spawn_app().await;
    let s = setup(&app, 30).await;
    let person = employee(&app, 34).await;
    let entry = blacklisted(&app, &app.token("assoc.staff").await, &person).await;
    let enrol = async || {
        app.post(
            &s.officer,
            "/api/v1/enrolments",
            &EnrolmentBuilder::new(&s.class, &person).build(),
        )
        .await
    };
    let refused = enrol().await;
    assert_eq!(
        (refused.status, rule(&refused)),
        (StatusCode::UNPROCESSABLE_ENTITY, "CR-04"),
        "{:?}",
        refused.body
    );

    let admin = app.token("assoc.admin").await;
    let lifted = app
        .post(
            &admin,
            &format!("/api/v1/blacklist/{entry}/lifting"),
            &json!({"reason": "  经复核学历证书属实,撤销列入  "}),
        )
        .await;
    assert_eq!(lifted.status, StatusCode::OK, "{:?}", lifted.body);
    assert_eq!(lifted.body["status"], "lifted");
    assert_eq!(lifted.body["active"], false);
    assert_eq!(lifted.body["lift_reason"], "经复核学历证书属实,撤销列入");
    assert!(lifted.body["lifted_at"].is_string(), "{:?}", lifted.body);

    let list = app
        .get(&app.token("assoc.staff").await, "/api/v1/blacklist")
        .await;
    assert_eq!(list.body["items"][0]["id"], entry.as_str());
    assert_eq!(list.body["items"][0]["status"], "lifted", "{:?}", list.body);
    assert_eq!(
        list.body["items"][0]["lift_reason"],
        "经复核学历证书属实,撤销列入"
    );
    assert_eq!(
        list.body["items"][0]["reason"], "学历证书造假",
        "the listing's reason stays"
    );

    let audit = app
        .get(
            &app.token("admin").await,
            &format!("/api/v1/audit?object_type=blacklist_entry&object_id={entry}"),
        )
        .await;
    let rows = audit.body["items"].as_array().unwrap();
    assert_eq!(
        rows.iter()
            .map(|r| r["action"].as_str().unwrap())
            .collect::<Vec<_>>(),
        vec!["blacklist.lift", "blacklist.add"],
        "{:?}",
        audit.body
    );
    assert!(
        rows[0].to_string().contains("经复核学历证书属实"),
        "the audit row keeps the reason: {:?}",
        rows[0]
    );

    let accepted = enrol().await;
    assert_eq!(accepted.status, StatusCode::CREATED, "{:?}", accepted.body);
}

#[tokio::test]
async fn cr_04_lifting_is_refused_to_readers_foreigners_twice_and_without_a_reason() {
    let app = spawn_app().await;
    let person = employee(&app, 35).await;
    let entry = blacklisted(&app, &app.token("assoc.staff").await, &person).await;
    let path = format!("/api/v1/blacklist/{entry}/lifting");
    let why = json!({"reason": "列入有误"});

    // A sub-centre reads its association's list but does not keep it.
    let reader = app
        .post(&app.token("subcentre.admin").await, &path, &why)
        .await;
    assert_eq!(reader.status, StatusCode::FORBIDDEN, "{:?}", reader.body);
    // Another tenant's association, and a role that does not even read the list: not found.
    for login in ["foreign.assoc.admin", "ent.officer"] {
        let a = app.post(&app.token(login).await, &path, &why).await;
        assert_eq!(a.status, StatusCode::NOT_FOUND, "{login}: {:?}", a.body);
    }
    let staff = app.token("assoc.staff").await;
    let unknown = app
        .post(
            &staff,
            &format!("/api/v1/blacklist/{}/lifting", uuid::Uuid::now_v7()),
            &why,
        )
        .await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);

    for body in [
        json!({"reason": "   "}),
        json!({"reason": "长".repeat(501)}),
        json!({}),
    ] {
        let a = app.post(&staff, &path, &body).await;
        assert_eq!(
            a.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{body}: {:?}",
            a.body
        );
        assert_eq!(a.body["errors"][0]["pointer"], "/reason", "{:?}", a.body);
    }
    let extra = app
        .post(
            &staff,
            &path,
            &json!({"reason": "列入有误", "lifted_at": "2026-01-01"}),
        )
        .await;
    assert_eq!(
        extra.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{:?}",
        extra.body
    );
    assert_eq!(extra.body["errors"][0]["code"], "unknown_field");

    let list = app.get(&staff, "/api/v1/blacklist").await;
    assert_eq!(
        list.body["items"][0]["status"], "active",
        "nothing refused changed it"
    );

    let first = app.post(&staff, &path, &why).await;
    assert_eq!(first.status, StatusCode::OK, "{:?}", first.body);
    let again = app
        .post(
            &app.token("assoc.admin").await,
            &path,
            &json!({"reason": "再次解除"}),
        )
        .await;
    assert_eq!(again.status, StatusCode::CONFLICT, "{:?}", again.body);
    let list = app.get(&staff, "/api/v1/blacklist").await;
    assert_eq!(
        list.body["items"][0]["lift_reason"], "列入有误",
        "the first lifting stands"
    );
}

/// m0058: the blacklist rows written before the move are sanctions of kind `blacklist` under
/// the same ids, a listing by ID number alone still bars the person it names, a lifted one
/// still bars nothing, the exam bans already on record carry their person's identity, and
/// `blacklist_entries` is gone — on whichever database the suite runs.
#[tokio::test]
async fn cr_04_m0058_moves_the_blacklist_into_the_registry_under_the_same_ids() {
    use ::directory::Directory;
    use ::directory::entity::{organization, person, sanction};
    use ::directory::model::{OrgKind, SanctionKind, SanctionRule};
    use sea_orm::sea_query::{Alias, Query};
    use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
    use time::macros::{date, datetime};
    use uuid::Uuid;

    let staged = test_support::staged_before("m0058_blacklist_into_sanctions").await;
    let db = &staged.dir.db;
    let association = organization::Entity::find()
        .filter(organization::Column::Kind.eq(OrgKind::Association))
        .one(db)
        .await
        .unwrap()
        .unwrap()
        .id;
    let people = person::Entity::find()
        .order_by_asc(person::Column::Id)
        .all(db)
        .await
        .unwrap();
    let [listed, by_number, lifted, banned, ..] = people.as_slice() else {
        panic!("the demo has five practitioners: {people:?}");
    };
    let clerk = Uuid::now_v7();
    let at = datetime!(2026-01-05 02:00 UTC);
    let run = async |stmt: &sea_orm::sea_query::InsertStatement| {
        db.execute_raw(db.get_database_backend().build(stmt))
            .await
            .unwrap();
    };
    let mut ids = Vec::new();
    for (p, person_id, lift) in [
        (listed, Some(listed.id), None),
        (by_number, None, None),
        (lifted, Some(lifted.id), Some("经复核学历证书属实")),
    ] {
        let id = Uuid::now_v7();
        ids.push(id);
        run(Query::insert()
            .into_table(Alias::new("blacklist_entries"))
            .columns(
                [
                    "id",
                    "association_id",
                    "person_id",
                    "name",
                    "national_id_hash",
                    "national_id_masked",
                    "reason",
                    "listed_on",
                    "expires_on",
                    "lifted_at",
                    "created_by",
                    "created_at",
                    "lift_reason",
                    "lifted_by",
                ]
                .map(Alias::new),
            )
            .values_panic([
                id.into(),
                association.into(),
                person_id.into(),
                p.name.clone().into(),
                p.national_id_hash.clone().into(),
                p.national_id_masked.clone().into(),
                "学历证书造假".into(),
                date!(2024 - 01 - 10).into(),
                date!(2029 - 01 - 10).into(),
                lift.map(|_| at).into(),
                clerk.into(),
                at.into(),
                lift.into(),
                lift.map(|_| clerk).into(),
            ]))
        .await;
    }
    let ban = Uuid::now_v7();
    run(Query::insert()
        .into_table(Alias::new("sanctions"))
        .columns(
            [
                "id",
                "person_id",
                "association_id",
                "kind",
                "course_id",
                "starts_on",
                "ends_on",
                "rule",
                "reason",
                "recorded_by",
                "recorded_at",
                "lifted_at",
                "lifted_by",
                "lift_reason",
                "version",
            ]
            .map(Alias::new),
        )
        .values_panic([
            ban.into(),
            banned.id.into(),
            association.into(),
            "association_ban".into(),
            Option::<Uuid>::None.into(),
            date!(2026 - 01 - 05).into(),
            date!(2029 - 01 - 05).into(),
            "EX-05".into(),
            "殴打监考人员".into(),
            clerk.into(),
            at.into(),
            Option::<time::OffsetDateTime>::None.into(),
            Option::<Uuid>::None.into(),
            Option::<String>::None.into(),
            1.into(),
        ]))
    .await;

    staged.migrate().await;

    let row = async |id: Uuid| {
        sanction::Entity::find_by_id(id)
            .one(db)
            .await
            .unwrap()
            .unwrap()
    };
    for (id, p) in ids.iter().zip([listed, by_number, lifted]) {
        let r = row(*id).await;
        assert_eq!(
            (r.kind, r.rule, r.association_id, r.starts_on, r.ends_on),
            (
                SanctionKind::Blacklist,
                SanctionRule::Cr04,
                association,
                date!(2024 - 01 - 10),
                date!(2029 - 01 - 10)
            )
        );
        assert_eq!(
            (&r.name, &r.national_id_hash, r.recorded_by),
            (&p.name, &p.national_id_hash, clerk)
        );
    }
    assert_eq!(row(ids[1]).await.person_id, None, "listed by number alone");
    let was_lifted = row(ids[2]).await;
    assert_eq!(
        (
            was_lifted.lift_reason.as_deref(),
            was_lifted.version,
            was_lifted.lifted_by
        ),
        (Some("经复核学历证书属实"), 2, Some(clerk))
    );
    let b = row(ban).await;
    assert_eq!(
        (b.kind, b.person_id, &b.name, &b.national_id_masked),
        (
            SanctionKind::AssociationBan,
            Some(banned.id),
            &banned.name,
            &banned.national_id_masked
        )
    );

    // The one question: the listings bar on the registration day by the ID number, the
    // lifted one does not, the ban still bars.
    let today = date!(2026 - 11 - 22);
    let asked = async |p: &person::Model| {
        Directory::refuse_if_sanctioned(db, p.id, association, None, today)
            .await
            .err()
            .and_then(|e| match e {
                ::directory::DirectoryError::Refused(kernel::Refusal::Rule(v)) => Some(v.rule),
                _ => None,
            })
    };
    assert_eq!(asked(listed).await, Some("CR-04"));
    assert_eq!(asked(by_number).await, Some("CR-04"));
    assert_eq!(asked(lifted).await, None);
    assert_eq!(asked(banned).await, Some("EX-05"));

    let gone = db
        .query_one_raw(sea_orm::Statement::from_string(
            db.get_database_backend(),
            "SELECT COUNT(*) AS n FROM blacklist_entries",
        ))
        .await;
    assert!(gone.is_err(), "blacklist_entries was dropped");
    let shown = staged
        .dir
        .list_blacklist(&kernel::Actor::system())
        .await
        .unwrap();
    assert_eq!(
        shown.iter().map(|e| (e.id, e.active)).collect::<Vec<_>>(),
        vec![(ids[2], false), (ids[1], true), (ids[0], true)],
        "the CR-04 view: the listings only, newest first"
    );
}
