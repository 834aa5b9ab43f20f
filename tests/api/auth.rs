//! Authentication: tokens, refresh rotation and reuse, throttled guessing, ended sessions, regulators'
//! client credentials.

use base64::Engine;
use serde_json::json;
use test_support::builders::ApiClientBuilder;
use test_support::{StatusCode, spawn_app};

#[tokio::test]
async fn login_gives_a_short_lived_pinned_token_and_me_describes_the_caller() {
    let app = spawn_app().await;
    let a = app
        .login("assoc.admin", directory::demo::DEMO_PASSWORD)
        .await;
    assert_eq!(a.status, StatusCode::OK);
    assert!(a.body["expires_in"].as_i64().unwrap() <= 900);
    let token = a.body["access_token"].as_str().unwrap();
    let me = app.get(token, "/api/v1/me").await;
    assert_eq!(me.body["user"]["login"], "assoc.admin");
    assert_eq!(me.body["memberships"][0]["roles"][0], "association_admin");
    assert!(me.body["user"].get("password_hash").is_none());

    // Tampered tokens: another key, `alg: none`, a missing audience — all refused.
    let parts: Vec<&str> = token.split('.').collect();
    let none_header =
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(r#"{"alg":"none","typ":"JWT"}"#);
    for forged in [
        format!("{none_header}.{}.", parts[1]),
        format!("{}.{}.AAAA", parts[0], parts[1]),
    ] {
        let r = app.get(&forged, "/api/v1/me").await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    }
    let claims = json!({"iss": "seforce", "sub": uuid::Uuid::now_v7().to_string(), "exp": 4_000_000_000i64, "nbf": 0, "kind": "user", "epoch": 0, "memberships": []});
    let no_aud = jsonwebtoken::encode(
        &jsonwebtoken::Header::default(),
        &claims,
        &jsonwebtoken::EncodingKey::from_secret(b"test-secret-test-secret-test-secret!"),
    )
    .unwrap();
    assert_eq!(
        app.get(&no_aud, "/api/v1/me").await.status,
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn wrong_password_is_401_and_guessing_is_throttled_not_locked() {
    // The throttle's own tests are in throttle.rs; here only the answer's shape.
    let app = spawn_app().await;
    for i in 0..3 {
        let a = app.login("inst.admin", "wrong-password!").await;
        assert_eq!(a.status, StatusCode::UNAUTHORIZED, "attempt {i}");
        assert!(a.header("www-authenticate").is_some());
    }
    let slowed = app
        .login("inst.admin", directory::demo::DEMO_PASSWORD)
        .await;
    assert_eq!(slowed.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(
        slowed.body["type"]
            .as_str()
            .map(|t| t.ends_with("too-many-attempts")),
        Some(true)
    );
    assert_eq!(slowed.header("retry-after"), Some("1"));
    app.clock.advance(time::Duration::seconds(1));
    assert_eq!(
        app.login("inst.admin", directory::demo::DEMO_PASSWORD)
            .await
            .status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn refresh_rotates_and_reuse_revokes_the_family() {
    let app = spawn_app().await;
    let first = app
        .login("ent.officer", directory::demo::DEMO_PASSWORD)
        .await;
    let r1 = first.body["refresh_token"].as_str().unwrap().to_owned();
    let second = app
        .post("", "/api/v1/auth/refresh", &json!({"refresh_token": r1}))
        .await;
    assert_eq!(second.status, StatusCode::OK);
    let r2 = second.body["refresh_token"].as_str().unwrap().to_owned();
    assert_ne!(r1, r2);
    // r1 is presented again: someone copied it. The whole family dies, r2 included.
    let reuse = app
        .post("", "/api/v1/auth/refresh", &json!({"refresh_token": r1}))
        .await;
    assert_eq!(reuse.status, StatusCode::UNAUTHORIZED);
    let after = app
        .post("", "/api/v1/auth/refresh", &json!({"refresh_token": r2}))
        .await;
    assert_eq!(after.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn logout_ends_the_refresh_family() {
    let app = spawn_app().await;
    let a = app
        .login("ent.manager", directory::demo::DEMO_PASSWORD)
        .await;
    let access = a.body["access_token"].as_str().unwrap();
    let refresh = a.body["refresh_token"].as_str().unwrap();
    let out = app
        .post(
            access,
            "/api/v1/auth/logout",
            &json!({"refresh_token": refresh}),
        )
        .await;
    assert_eq!(out.status, StatusCode::NO_CONTENT);
    assert_eq!(
        app.post(
            "",
            "/api/v1/auth/refresh",
            &json!({"refresh_token": refresh})
        )
        .await
        .status,
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn disabling_a_user_or_changing_the_password_ends_sessions() {
    let app = spawn_app().await;
    let admin = app.token("assoc.admin").await;
    let victim = app.token("inst.admin").await;
    let me = app.get(&victim, "/api/v1/me").await;
    let id = me.body["user"]["id"].as_str().unwrap().to_owned();
    assert_eq!(me.status, StatusCode::OK);
    let off = app
        .patch(
            &admin,
            &format!("/api/v1/users/{id}"),
            1,
            &json!({"status": "disabled"}),
        )
        .await;
    assert_eq!(off.status, StatusCode::OK, "{:?}", off.body);
    assert_eq!(
        app.get(&victim, "/api/v1/me").await.status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        app.login("inst.admin", directory::demo::DEMO_PASSWORD)
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );

    let t = app.token("ent.officer").await;
    let uid = app.get(&t, "/api/v1/me").await.body["user"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let weak = app
        .send(
            app.client
                .put(app.url(&format!("/api/v1/users/{uid}/password")))
                .bearer_auth(&t)
                .json(&json!({"password": "short"})),
        )
        .await;
    assert_eq!(weak.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(weak.body["errors"][0]["code"], "too_short");
    let common = app
        .send(
            app.client
                .put(app.url(&format!("/api/v1/users/{uid}/password")))
                .bearer_auth(&t)
                .json(&json!({"password": "password123"})),
        )
        .await;
    assert_eq!(common.body["errors"][0]["code"], "common");
    let set = app
        .send(
            app.client
                .put(app.url(&format!("/api/v1/users/{uid}/password")))
                .bearer_auth(&t)
                .json(&json!({"password": "Gas-Cylinder-2027"})),
        )
        .await;
    assert_eq!(set.status, StatusCode::NO_CONTENT);
    assert_eq!(
        app.get(&t, "/api/v1/me").await.status,
        StatusCode::UNAUTHORIZED,
        "the old token died with the password"
    );
    assert_eq!(
        app.login("ent.officer", "Gas-Cylinder-2027").await.status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn regulator_client_credentials_read_their_region_only() {
    let app = spawn_app().await;
    let admin = app.token("admin").await;
    for (n, employer) in [(1, app.orgs.institution), (2, app.foreign.institution)] {
        let p = app
            .post(
                &admin,
                "/api/v1/persons",
                &test_support::PersonBuilder::numbered(employer, n).build(),
            )
            .await;
        assert_eq!(p.status, StatusCode::CREATED);
    }
    let created = app
        .post(
            &admin,
            "/api/v1/api-clients",
            &ApiClientBuilder::new(
                app.orgs.regulator_province,
                &["persons:read", "organizations:read"],
            )
            .set("name", "湖南省局数据平台")
            .build(),
        )
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{:?}", created.body);
    let id = created.body["client_id"].as_str().unwrap();
    let secret = created.body["client_secret"].as_str().unwrap();
    let listed = app.get(&admin, "/api/v1/api-clients").await;
    assert!(
        listed.body["items"][0].get("client_secret").is_none(),
        "the secret is shown once"
    );

    let tok = app
        .send(app.client.post(app.url("/api/v1/auth/token")).form(&[
            ("grant_type", "client_credentials"),
            ("client_id", id),
            ("client_secret", secret),
        ]))
        .await;
    assert_eq!(tok.status, StatusCode::OK, "{:?}", tok.body);
    assert!(tok.body.get("refresh_token").is_none());
    let t = tok.body["access_token"].as_str().unwrap().to_owned();
    let basic = app
        .send(
            app.client
                .post(app.url("/api/v1/auth/token"))
                .basic_auth(id, Some(secret))
                .form(&[("grant_type", "client_credentials")]),
        )
        .await;
    assert_eq!(basic.status, StatusCode::OK);

    let persons = app.get(&t, "/api/v1/persons?limit=50").await;
    assert_eq!(persons.status, StatusCode::OK);
    let items = persons.body["items"].as_array().unwrap();
    assert_eq!(
        items.len(),
        1,
        "only the person employed in Hunan, not the one in Guangdong"
    );
    assert!(items.iter().all(|p| {
        p["national_id_masked"]
            .as_str()
            .unwrap()
            .contains("********")
    }));
    assert_eq!(
        app.get(
            &t,
            &format!("/api/v1/organizations/{}", app.foreign.institution)
        )
        .await
        .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.get(&t, "/api/v1/audit").await.status,
        StatusCode::FORBIDDEN,
        "no audit:read scope"
    );
    let write = app
        .post(
            &t,
            "/api/v1/persons",
            &test_support::PersonBuilder::new(app.orgs.institution).build(),
        )
        .await;
    assert_eq!(write.status, StatusCode::FORBIDDEN, "clients are read-only");

    let wrong = app
        .send(app.client.post(app.url("/api/v1/auth/token")).form(&[
            ("grant_type", "client_credentials"),
            ("client_id", id),
            ("client_secret", "nope"),
        ]))
        .await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    let client_uuid = created.body["id"].as_str().unwrap();
    assert_eq!(
        app.delete(&admin, &format!("/api/v1/api-clients/{client_uuid}"))
            .await
            .status,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        app.get(&t, "/api/v1/persons").await.status,
        StatusCode::UNAUTHORIZED,
        "a revoked client's token dies at once"
    );
}

/// GET /me names what the caller may do, from the grant tables the services check: the
/// regulator reads persons but may not manage them, and the server refuses the write the
/// missing grant stands for; the enterprise officer has both.
#[actix_web::test]
async fn me_lists_the_callers_grants_as_the_services_decide() {
    let app = spawn_app().await;
    let grants = |body: &serde_json::Value| -> Vec<String> {
        body["grants"]
            .as_array()
            .unwrap()
            .iter()
            .map(|g| g.as_str().unwrap().to_owned())
            .collect()
    };
    let regulator = app.token("regulator.city").await;
    let g = grants(&app.get(&regulator, "/api/v1/me").await.body);
    assert!(g.contains(&"read_persons".to_owned()), "{g:?}");
    assert!(!g.contains(&"manage_persons".to_owned()), "{g:?}");
    let officer = app.token("ent.officer").await;
    let og = grants(&app.get(&officer, "/api/v1/me").await.body);
    assert!(og.contains(&"manage_persons".to_owned()), "{og:?}");
    assert!(og.contains(&"enrol".to_owned()), "{og:?}");

    // The grant the regulator lacks is a refusal on the server too.
    let employer =
        app.get(&officer, "/api/v1/me").await.body["memberships"][0]["organization_id"].clone();
    let person = test_support::PersonBuilder::numbered(
        uuid::Uuid::parse_str(employer.as_str().unwrap()).unwrap(),
        901,
    )
    .build();
    let refused = app.post(&regulator, "/api/v1/persons", &person).await;
    assert!(
        matches!(
            refused.status,
            StatusCode::FORBIDDEN | StatusCode::NOT_FOUND
        ),
        "{:?}",
        refused.status
    );
}

/// Scopes come first (RFC 6750 §3.1): a read-only token that writes is told 403
/// `insufficient_scope`, not that its body is wrong; a token without a list's scope is 403,
/// not an empty list; an operation no client may call is 403 too. A client reads itself.
#[tokio::test]
async fn client_scopes_are_checked_before_anything_else() {
    let app = spawn_app().await;
    let (id, t) = app.client_token(&["organizations:read"]).await;
    let insufficient = |a: &test_support::Answer, scope: Option<&str>| {
        assert_eq!(a.status, StatusCode::FORBIDDEN, "{:?}", a.body);
        assert_eq!(a.body["type"], "urn:seforce:problem:insufficient-scope");
        let challenge = a.header("www-authenticate").unwrap_or_default();
        assert!(
            challenge.starts_with(r#"Bearer error="insufficient_scope""#),
            "{challenge}"
        );
        if let Some(s) = scope {
            assert!(
                challenge.contains(&format!(r#"scope="{s}""#)),
                "{challenge}"
            );
        }
    };
    // A body that is wrong in every way still gets the scope answer.
    let write = app.post(&t, "/api/v1/persons", &json!({"colour": 1})).await;
    insufficient(&write, None);
    let list = app.get(&t, "/api/v1/persons").await;
    insufficient(&list, Some("persons:read"));
    insufficient(&app.get(&t, "/api/v1/audit").await, Some("audit:read"));
    insufficient(&app.get(&t, "/api/v1/classes").await, None);
    insufficient(&app.get(&t, "/api/v1/me").await, None);
    // What the scope covers is answered.
    let orgs = app.get(&t, "/api/v1/organizations").await;
    assert_eq!(orgs.status, StatusCode::OK, "{:?}", orgs.body);
    assert!(!orgs.body["items"].as_array().unwrap().is_empty());
    // The client reads itself; a user is not an API client.
    let me = app.get(&t, "/api/v1/api-clients/me").await;
    assert_eq!(me.status, StatusCode::OK, "{:?}", me.body);
    assert_eq!(me.body["id"], id.to_string());
    assert_eq!(me.body["scopes"], json!(["organizations:read"]));
    assert_eq!(
        me.body["organization_id"],
        app.orgs.regulator_province.to_string()
    );
    assert!(me.body.get("client_secret").is_none());
    let admin = app.token("admin").await;
    assert_eq!(
        app.get(&admin, "/api/v1/api-clients/me").await.status,
        StatusCode::FORBIDDEN
    );
    // Users are not affected by scopes.
    assert_eq!(
        app.get(&admin, "/api/v1/persons").await.status,
        StatusCode::OK
    );
}
