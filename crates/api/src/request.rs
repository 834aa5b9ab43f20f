//! The two things several layers read off a raw request — the bearer token and a body up to a
//! limit — kept apart from the extractors and middlewares that use them, so that those do not
//! import each other.

use crate::error::ApiError;
use actix_web::HttpRequest;
use actix_web::http::header;
use actix_web::web::BytesMut;
use futures_util::StreamExt;

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
    read_sized(payload, limit, None).await
}

/// [`read_limited`] for an upload whose `Content-Length` is known: the buffer is reserved
/// once at that size (never above `limit`), so a 15 MB sheet takes 15 MB, not the 32 MB a
/// doubling buffer would end at.
pub async fn read_sized<S>(
    payload: &mut S,
    limit: usize,
    content_length: Option<usize>,
) -> Result<BytesMut, ApiError>
where
    S: futures_util::Stream<Item = Result<actix_web::web::Bytes, actix_web::error::PayloadError>>
        + Unpin,
{
    let mut buf = BytesMut::with_capacity(content_length.unwrap_or(0).min(limit));
    while let Some(chunk) = payload.next().await {
        let chunk = chunk
            .map_err(|_| ApiError::bad_request("无法读取请求体", "the body could not be read"))?;
        if buf.len() + chunk.len() > limit {
            return Err(ApiError::PayloadTooLarge(limit));
        }
        buf.extend_from_slice(&chunk);
    }
    Ok(buf)
}
