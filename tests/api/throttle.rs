//! The login throttle (decision 72): guesses sent at once are counted before they are checked,
//! the rightful owner coming from an address with no failures is slowed but never shut out,
//! an address has a budget across accounts, and refused logins are audited in aggregate.
//! The test clock moves time; nothing sleeps.

use directory::demo::DEMO_PASSWORD;
use futures_util::future::join_all;
use sea_orm::{EntityTrait, PaginatorTrait};
use test_support::{StatusCode, TestApp, spawn_app};
use time::Duration;

/// Sends `n` logins at once from each client; returns (checked, refused): a check answers 401
/// (or 200 for the right password), a refusal 429.
async fn burst(
    app: &TestApp,
    clients: &[reqwest::Client],
    n: usize,
    password: &str,
) -> (usize, usize) {
    let answers = join_all(
        clients
            .iter()
            .flat_map(|c| (0..n).map(move |_| c))
            .map(|c| app.login_with(c, "inst.admin", password)),
    )
    .await;
    let checked = answers
        .iter()
        .filter(|a| matches!(a.status, StatusCode::UNAUTHORIZED | StatusCode::OK))
        .count();
    let refused = answers
        .iter()
        .filter(|a| a.status == StatusCode::TOO_MANY_REQUESTS)
        .count();
    assert_eq!(checked + refused, answers.len(), "only 401, 200 or 429");
    assert!(
        answers
            .iter()
            .filter(|a| a.status == StatusCode::TOO_MANY_REQUESTS)
            .all(|a| a
                .header("retry-after")
                .is_some_and(|s| s.parse::<i64>().unwrap() >= 1)),
        "every refusal says when to retry"
    );
    (checked, refused)
}

#[tokio::test]
async fn parallel_guesses_are_counted_before_they_are_checked() {
    let app = spawn_app().await;
    // 100 guesses at once from one address: the pair's 3 free checks, then its delay.
    let one = [app.client_from([127, 0, 0, 2])];
    let (checked, refused) = burst(&app, &one, 100, "wrong-password!").await;
    assert_eq!(
        checked, 3,
        "the pair's free checks, however many arrive at once"
    );
    assert_eq!(refused, 97);
    // 100 more at once from ten fresh addresses: the account's ceiling (9) and at most one
    // check through the owner's lane — at most 10 checks in the window, whatever the spread.
    let ten: Vec<_> = (10..20).map(|i| app.client_from([127, 0, 0, i])).collect();
    let (more, _) = burst(&app, &ten, 10, "wrong-password!").await;
    assert!(checked + more <= 10, "{} checks", checked + more);
    assert!(
        checked + more >= 9,
        "the ceiling's checks were used: {}",
        checked + more
    );
    // Even the right password from an address that has failed waits now.
    let right = app.login_with(&one[0], "inst.admin", DEMO_PASSWORD).await;
    assert_eq!(right.status, StatusCode::TOO_MANY_REQUESTS);
}

#[tokio::test]
async fn the_owner_from_a_clean_address_still_gets_in_after_the_ceiling() {
    let app = spawn_app().await;
    let attacker = app.client_from([127, 0, 0, 3]);
    // Nine failures from one address, waiting out each delay on the test clock.
    let mut failures = 0;
    while failures < 9 {
        let a = app
            .login_with(&attacker, "inst.admin", "wrong-password!")
            .await;
        match a.status {
            StatusCode::UNAUTHORIZED => failures += 1,
            StatusCode::TOO_MANY_REQUESTS => {
                let wait: i64 = a.header("retry-after").unwrap().parse().unwrap();
                app.clock.advance(Duration::seconds(wait));
            }
            s => panic!("unexpected {s}"),
        }
    }
    let after_delay = app.login_with(&attacker, "inst.admin", DEMO_PASSWORD).await;
    assert_eq!(after_delay.status, StatusCode::TOO_MANY_REQUESTS);
    app.clock.advance(Duration::minutes(2));
    assert_eq!(
        app.login_with(&attacker, "inst.admin", DEMO_PASSWORD)
            .await
            .status,
        StatusCode::TOO_MANY_REQUESTS,
        "past the ceiling, an address with failures is not checked, right password or not"
    );
    // The owner, from an address with no failures: in at once.
    let owner = app.client_from([127, 0, 0, 4]);
    let a = app.login_with(&owner, "inst.admin", DEMO_PASSWORD).await;
    assert_eq!(a.status, StatusCode::OK, "{:?}", a.body);
    // The owner's lane is one check per 5 minutes: another clean address waits for it…
    let other = app.client_from([127, 0, 0, 5]);
    let b = app
        .login_with(&other, "inst.admin", "wrong-password!")
        .await;
    assert_eq!(b.status, StatusCode::TOO_MANY_REQUESTS);
    let wait: i64 = b.header("retry-after").unwrap().parse().unwrap();
    assert!(wait <= 300, "slowed, not locked: {wait} s");
    // …and gets its check when the lane opens.
    app.clock.advance(Duration::seconds(wait));
    assert_eq!(
        app.login_with(&other, "inst.admin", DEMO_PASSWORD)
            .await
            .status,
        StatusCode::OK
    );
    // After the window the account's counts are gone.
    app.clock.advance(Duration::minutes(15));
    assert_eq!(
        app.login_with(&attacker, "inst.admin", DEMO_PASSWORD)
            .await
            .status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn a_success_clears_the_pairs_delay_and_eight_failures_do_not_slow_the_owner() {
    let app = spawn_app().await;
    let c = app.client_from([127, 0, 0, 6]);
    for _ in 0..2 {
        assert_eq!(
            app.login_with(&c, "inst.admin", "wrong-password!")
                .await
                .status,
            StatusCode::UNAUTHORIZED
        );
    }
    assert_eq!(
        app.login_with(&c, "inst.admin", DEMO_PASSWORD).await.status,
        StatusCode::OK,
        "the third check is free"
    );
    // The success gave the pair its free checks back.
    for _ in 0..2 {
        assert_eq!(
            app.login_with(&c, "inst.admin", "wrong-password!")
                .await
                .status,
            StatusCode::UNAUTHORIZED
        );
    }
    assert_eq!(
        app.login_with(&c, "inst.admin", DEMO_PASSWORD).await.status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn an_address_has_a_budget_across_accounts() {
    let app = spawn_app().await;
    let sprayer = app.client_from([127, 0, 0, 7]);
    // 10 logins × 3 free checks = the address's 30.
    for i in 0..10 {
        for _ in 0..3 {
            let a = app
                .login_with(&sprayer, &format!("nobody{i}"), "Spring2026!")
                .await;
            assert_eq!(a.status, StatusCode::UNAUTHORIZED);
        }
    }
    let next = app.login_with(&sprayer, "inst.admin", DEMO_PASSWORD).await;
    assert_eq!(
        next.status,
        StatusCode::TOO_MANY_REQUESTS,
        "the 31st check from the address waits, whatever the account"
    );
    // Another address is not affected.
    let elsewhere = app.client_from([127, 0, 0, 8]);
    assert_eq!(
        app.login_with(&elsewhere, "inst.admin", DEMO_PASSWORD)
            .await
            .status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn refused_logins_are_audited_in_aggregate() {
    let app = spawn_app().await;
    let admin = app.token("admin").await;
    let rows = || kernel::entity::audit_log::Entity::find().count(&app.dir.db);
    let before = rows().await.unwrap();
    let c = app.client_from([127, 0, 0, 9]);
    let (checked, refused) = burst(&app, std::slice::from_ref(&c), 50, "wrong-password!").await;
    assert_eq!((checked, refused), (3, 47));
    assert_eq!(rows().await.unwrap(), before, "no audit row per guess");
    // When the window ends the sweep writes one row for the pair, with the counts.
    app.clock.advance(Duration::minutes(15));
    assert!(app.dir.sweep_login_throttle().await.unwrap() >= 1);
    let rows = app
        .get(&admin, "/api/v1/audit?action=auth.login_failed&limit=50")
        .await;
    let items = rows.body["items"].as_array().unwrap();
    assert_eq!(items.len(), 1, "{items:?}");
    assert_eq!(items[0]["object_id"], "inst.admin");
    assert_eq!(items[0]["change"]["failed"], 3);
    assert_eq!(items[0]["change"]["refused"], 47);
    assert_eq!(items[0]["change"]["client_addr"], "127.0.0.9");
    // A second sweep finds nothing: each window is audited once.
    assert_eq!(app.dir.sweep_login_throttle().await.unwrap(), 0);
}
