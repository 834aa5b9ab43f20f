//! Domain events leave through the outbox: delivered at least once to the configured webhook
//! (here a real local HTTP server), retried when it fails.

use actix_web::{App, HttpResponse, HttpServer, web};
use kernel::entity::outbox;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use std::sync::{Arc, Mutex};
use test_support::{PersonBuilder, StatusCode, spawn_app};

/// A stub webhook receiver that records topics and answers with `status`.
async fn stub(status: u16) -> (String, Arc<Mutex<Vec<String>>>) {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let s = seen.clone();
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let server = HttpServer::new(move || {
        let s = s.clone();
        App::new().route(
            "/events",
            web::post().to(move |body: web::Json<serde_json::Value>| {
                let s = s.clone();
                async move {
                    s.lock()
                        .unwrap()
                        .push(body["topic"].as_str().unwrap_or("").to_owned());
                    HttpResponse::build(actix_web::http::StatusCode::from_u16(status).unwrap())
                        .finish()
                }
            }),
        )
    })
    .workers(1)
    .listen(listener)
    .unwrap()
    .run();
    tokio::spawn(server);
    (format!("http://127.0.0.1:{port}/events"), seen)
}

#[tokio::test]
async fn events_are_delivered_to_the_webhook_and_retried_after_failure() {
    let app = spawn_app().await;
    let t = app.token("assoc.admin").await;
    let p = app
        .post(
            &t,
            "/api/v1/persons",
            &PersonBuilder::new(app.orgs.institution).build(),
        )
        .await;
    assert_eq!(p.status, StatusCode::CREATED);
    let client = reqwest::Client::new();
    // Test servers run no background worker: the test drives delivery.
    let (down_url, down_seen) = stub(503).await;
    let undelivered = || {
        outbox::Entity::find()
            .filter(outbox::Column::DeliveredAt.is_null())
            .count(&app.dir.db)
    };
    let pending = undelivered().await.unwrap();
    let delivered = server::outbox::deliver_batch(&app.dir, Some(&down_url), Some(&client)).await;
    assert_eq!(
        delivered, 0,
        "a failing receiver gets nothing marked delivered"
    );
    assert_eq!(undelivered().await.unwrap(), pending);
    assert_eq!(down_seen.lock().unwrap().len() as u64, pending.min(50));
    let failed = outbox::Entity::find()
        .filter(outbox::Column::LastError.is_not_null())
        .count(&app.dir.db)
        .await
        .unwrap();
    assert_eq!(failed, pending.min(50));

    // Claims last a minute; after that another attempt goes through.
    app.clock.advance(time::Duration::seconds(61));
    let (up_url, up_seen) = stub(200).await;
    let mut total = 0;
    loop {
        let n = server::outbox::deliver_batch(&app.dir, Some(&up_url), Some(&client)).await;
        if n == 0 {
            break;
        }
        total += n;
    }
    assert_eq!(undelivered().await.unwrap(), 0);
    assert!(total as u64 >= pending.min(50));
    let topics = up_seen.lock().unwrap().clone();
    assert!(topics.iter().any(|t| t == "person.created"), "{topics:?}");
}
