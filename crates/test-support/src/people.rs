//! Directory journeys: users, persons with a given title, blacklist entries — each posted by
//! the demo tenant's administrators and asserted created.

use crate::builders::{BlacklistBuilder, PersonBuilder, UserBuilder};
use crate::ids::{PersonId, UserId};
use crate::{StatusCode, TestApp};

/// A user created by the platform admin (`POST /users`): active, able to log in with the
/// builder's password.
pub async fn user(app: &TestApp, body: UserBuilder) -> UserId {
    let admin = app.token("admin").await;
    let u = app.post(&admin, "/api/v1/users", &body.build()).await;
    assert_eq!(u.status, StatusCode::CREATED, "{:?}", u.body);
    UserId::of(&u)
}

/// Employee `n` of the demo enterprise holding a professional title of `title_level`
/// (`junior`, `intermediate`, `senior`), created by the association's admin.
pub async fn titled_person(app: &TestApp, n: u16, title_level: &str) -> PersonId {
    let admin = app.token("assoc.admin").await;
    let p = app
        .post(
            &admin,
            "/api/v1/persons",
            &PersonBuilder::numbered(app.orgs.enterprise, n)
                .set("title_level", title_level)
                .build(),
        )
        .await;
    assert_eq!(p.status, StatusCode::CREATED, "{:?}", p.body);
    PersonId::of(&p)
}

/// `person` put on the demo association's blacklist today (学历证书造假) by `staff`: barred
/// from enrolling and from taking a place (CR-04). The entry's id.
pub async fn blacklisted(app: &TestApp, staff: &str, person: &PersonId) -> String {
    let l = app
        .post(
            staff,
            "/api/v1/blacklist",
            &BlacklistBuilder::new(app.orgs.association, person).build(),
        )
        .await;
    assert_eq!(l.status, StatusCode::CREATED, "{:?}", l.body);
    l.body["id"].as_str().unwrap_or_default().to_owned()
}

/// A user of the demo enterprise holding both the training officer's and the training
/// manager's role (login `ent.both`, display name 身兼两职), logged in: the access token. The
/// one who submits an enrolment may not approve it (TR-07).
pub async fn officer_and_manager(app: &TestApp) -> String {
    user(
        app,
        UserBuilder::new(
            "ent.both",
            app.orgs.enterprise,
            &["enterprise_officer", "enterprise_manager"],
        )
        .display_name("身兼两职")
        .password("Both-Roles-2026"),
    )
    .await;
    app.token_with("ent.both", "Both-Roles-2026").await
}

/// The user id of the demo user `login` (logs in, reads `GET /me`).
pub async fn user_id(app: &TestApp, login: &str) -> UserId {
    let t = app.token(login).await;
    UserId::from_value(&app.get(&t, "/api/v1/me").await.body["user"]["id"])
}

/// A practitioner account at the demo enterprise linked to a new employee (`n` makes the ID
/// number unique): the account's token and the person.
pub async fn trainee(app: &TestApp, n: u16) -> (String, PersonId) {
    let admin = app.token("admin").await;
    let login = format!("trainee{n}");
    let u = user(
        app,
        UserBuilder::new(&login, app.orgs.enterprise, &["practitioner"])
            .display_name("学员")
            .password("Trainee-Pass-2026"),
    )
    .await;
    let p = app
        .post(
            &admin,
            "/api/v1/persons",
            &PersonBuilder::numbered(app.orgs.enterprise, n)
                .set("user_id", &u)
                .build(),
        )
        .await;
    assert_eq!(p.status, StatusCode::CREATED, "{:?}", p.body);
    let token = app.login(&login, "Trainee-Pass-2026").await.body["access_token"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    (token, PersonId::of(&p))
}

/// A person record for an existing demo account (`login`), employed by `employer`: what a
/// proctor or an evaluator needs to be assigned to a sitting.
pub async fn person_for(app: &TestApp, login: &str, employer: uuid::Uuid, n: u16) -> PersonId {
    let admin = app.token("admin").await;
    let u = user_id(app, login).await;
    let p = app
        .post(
            &admin,
            "/api/v1/persons",
            &PersonBuilder::numbered(employer, n)
                .set("user_id", &u)
                .build(),
        )
        .await;
    assert_eq!(p.status, StatusCode::CREATED, "{:?}", p.body);
    PersonId::of(&p)
}
