//! The outbox worker: delivers domain events at least once, to a webhook when configured
//! (SMS/e-mail adapters, regulators' feeds) or to the log. Any number of server processes may
//! run it: claims read `FOR UPDATE SKIP LOCKED` (see `kernel::outbox::claim`).

use directory::Directory;
use std::time::Duration;

/// Polls for events until the process ends.
pub async fn run(dir: Directory, webhook: Option<String>) {
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(10))
        .build()
        .ok();
    loop {
        let delivered = deliver_batch(&dir, webhook.as_deref(), client.as_ref()).await;
        if delivered == 0 {
            tokio::time::sleep(Duration::from_secs(2)).await;
        }
    }
}

/// Delivers one batch; returns how many events were delivered.
pub async fn deliver_batch(
    dir: &Directory,
    webhook: Option<&str>,
    client: Option<&reqwest::Client>,
) -> usize {
    let now = dir.clock.now();
    let events = match kernel::outbox::claim(&dir.db, now, 50).await {
        Ok(e) => e,
        Err(e) => {
            tracing::warn!(error = %e, "outbox claim failed");
            return 0;
        }
    };
    let mut n = 0;
    for ev in events {
        let result = match (webhook, client) {
            (Some(url), Some(c)) => c
                .post(url)
                .json(&serde_json::json!({"id": ev.id, "topic": ev.topic, "payload": ev.payload, "created_at": ev.created_at.unix_timestamp()}))
                .send()
                .await
                .and_then(|r| r.error_for_status())
                .map(|_| ())
                .map_err(|e| e.to_string()),
            _ => {
                tracing::info!(topic = %ev.topic, id = %ev.id, "outbox event");
                Ok(())
            }
        };
        let stored = match result {
            Ok(()) => {
                n += 1;
                kernel::outbox::delivered(&dir.db, ev.id, dir.clock.now()).await
            }
            Err(e) => kernel::outbox::failed(&dir.db, ev.id, &e).await,
        };
        if let Err(e) = stored {
            tracing::warn!(error = %e, "outbox bookkeeping failed");
        }
    }
    n
}
