//! What several layers read off a raw request — the bearer token, a body up to a limit, an
//! upload stored as it arrives — kept apart from the extractors and middlewares that use
//! them, so that those do not import each other.

use crate::error::ApiError;
use actix_web::HttpRequest;
use actix_web::http::header;
use actix_web::web::BytesMut;
use futures_util::StreamExt;
use sea_orm::DatabaseConnection;
use uuid::Uuid;

/// The bearer token of a request, if any.
pub fn bearer(req: &HttpRequest) -> Option<String> {
    let h = req.headers().get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = h.split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then(|| token.trim().to_owned())
}

/// Reads a body up to `limit` bytes.
pub async fn read_limited<S>(payload: &mut S, limit: usize) -> Result<BytesMut, ApiError>
where
    S: futures_util::Stream<Item = Result<actix_web::web::Bytes, actix_web::error::PayloadError>>
        + Unpin,
{
    let mut buf = BytesMut::new();
    while let Some(chunk) = payload.next().await {
        let chunk = chunk.map_err(|_| unreadable())?;
        if buf.len() + chunk.len() > limit {
            return Err(ApiError::PayloadTooLarge(limit));
        }
        buf.extend_from_slice(&chunk);
    }
    Ok(buf)
}

/// Stores an upload into the file of a job that is `receiving` it ([`jobs::receive`]), part
/// by part as the body arrives, [`jobs::PART_SIZE`] each: no more than a part of it is ever in
/// this process's memory, nor in the database driver's (a whole 15 MB sheet held and then
/// copied into one statement was most of an import's peak memory, docs/BENCHMARKS.md,
/// session 8). Refuses a body over `limit` (413) or one that breaks off (400); the caller
/// abandons the job then.
pub async fn store_upload<S>(
    db: &DatabaseConnection,
    job_id: Uuid,
    payload: &mut S,
    limit: usize,
) -> Result<(), ApiError>
where
    S: futures_util::Stream<Item = Result<actix_web::web::Bytes, actix_web::error::PayloadError>>
        + Unpin,
{
    let stored = |e: sea_orm::DbErr| ApiError::from(directory::DirectoryError::Db(e));
    let mut part: Vec<u8> = Vec::with_capacity(jobs::PART_SIZE);
    let (mut parts, mut received) = (0i32, 0usize);
    while let Some(chunk) = payload.next().await {
        let chunk = chunk.map_err(|_| unreadable())?;
        received += chunk.len();
        if received > limit {
            return Err(ApiError::PayloadTooLarge(limit));
        }
        let mut rest = &chunk[..];
        while !rest.is_empty() {
            let take = (jobs::PART_SIZE - part.len()).min(rest.len());
            part.extend_from_slice(&rest[..take]);
            rest = &rest[take..];
            if part.len() == jobs::PART_SIZE {
                let full = std::mem::replace(&mut part, Vec::with_capacity(jobs::PART_SIZE));
                jobs::store_part(db, job_id, parts, full)
                    .await
                    .map_err(stored)?;
                parts += 1;
            }
        }
    }
    if !part.is_empty() {
        jobs::store_part(db, job_id, parts, part)
            .await
            .map_err(stored)?;
    }
    Ok(())
}

fn unreadable() -> ApiError {
    ApiError::bad_request("无法读取请求体", "the body could not be read")
}
