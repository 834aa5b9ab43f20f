//! The HTTP listener. It is actix-web's `HttpServer::listen` with one difference: every
//! connection's stream is wrapped in [`ProblemHeads`], so that a request actix-http's parser
//! refuses (a control byte in a header, a malformed request line) is answered with a
//! problem+json body like every other 400, not with the parser's empty one.
//!
//! Why at the stream: actix-http writes that answer itself, before any application code or
//! middleware runs, and offers no hook for it (decision 61). The parser's refusals are the only
//! answers with status 400 or 431 and an empty body — every answer the application writes
//! carries a problem — so recognising them on the way out is exact. The wrapper touches
//! nothing else: reads pass through, the peer address is the socket's.

use actix_http::{HttpService, Protocol};
use actix_service::IntoServiceFactory as _;
use actix_service::{ServiceFactoryExt as _, fn_service, map_config};
use actix_web::Error as WebError;
use actix_web::dev::{AppConfig, Server};
use std::io;
use std::net::TcpListener;
use std::pin::Pin;
use std::task::{Context, Poll, ready};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::TcpStream;

/// The answers actix-http's parser writes on its own, each with the problem it becomes.
const PARSER_REFUSALS: [(&[u8], u16, &str, &str); 2] = [
    (
        b"HTTP/1.1 400 Bad Request\r\n",
        400,
        "请求头无法解析:含控制字符或格式错误",
        "the request head cannot be parsed: it holds a control character or a malformed line",
    ),
    (
        b"HTTP/1.1 431 Request Header Fields Too Large\r\n",
        431,
        "请求头过大",
        "the request head is too large",
    ),
];

/// The answer that replaces a parser refusal: the same status, a problem+json body, and the
/// connection closed (as actix-http closes it).
fn problem_answer(status: u16, reason: &str, zh: &str, en: &str) -> Vec<u8> {
    let kind = if status == 400 {
        "malformed-request-head"
    } else {
        "request-head-too-large"
    };
    let body = serde_json::json!({
        "type": format!("urn:seforce:problem:{kind}"),
        "code": kind.replace('-', "_"),
        "title": reason,
        "status": status,
        "detail": zh,
        "detail_en": en,
    })
    .to_string();
    format!(
        "HTTP/1.1 {status} {reason}\r\ncontent-type: application/problem+json\r\n\
         content-length: {}\r\ncache-control: no-store\r\nconnection: close\r\n\r\n{body}",
        body.len()
    )
    .into_bytes()
}

/// If `buf` starts with a parser refusal (its status line, then an empty body), the length of
/// that answer's head and the answer to write instead.
fn replacement(buf: &[u8]) -> Option<(usize, Vec<u8>)> {
    let (line, status, zh, en) = PARSER_REFUSALS
        .iter()
        .find(|(line, ..)| buf.starts_with(line))?;
    let end = buf.windows(4).position(|w| w == b"\r\n\r\n")? + 4;
    let head = String::from_utf8_lossy(&buf[..end]).to_ascii_lowercase();
    if !head.contains("\r\ncontent-length: 0\r\n") {
        return None;
    }
    let reason = std::str::from_utf8(&line[13..line.len() - 2]).unwrap_or("Bad Request");
    Some((end, problem_answer(*status, reason, zh, en)))
}

/// A connection's stream whose parser refusals are rewritten as problems (module doc).
pub struct ProblemHeads<T> {
    io: T,
    /// A replacement answer and how much of it is written.
    pending: Option<(Vec<u8>, usize)>,
}

impl<T> ProblemHeads<T> {
    pub fn new(io: T) -> Self {
        ProblemHeads { io, pending: None }
    }
}

impl<T: AsyncWrite + Unpin> ProblemHeads<T> {
    /// Writes what is left of a replacement answer.
    fn poll_pending(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        while let Some((bytes, written)) = self.pending.as_mut() {
            if *written == bytes.len() {
                self.pending = None;
                break;
            }
            let n = ready!(Pin::new(&mut self.io).poll_write(cx, &bytes[*written..]))?;
            if n == 0 {
                return Poll::Ready(Err(io::ErrorKind::WriteZero.into()));
            }
            *written += n;
        }
        Poll::Ready(Ok(()))
    }
}

impl<T: AsyncRead + Unpin> AsyncRead for ProblemHeads<T> {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().io).poll_read(cx, buf)
    }
}

impl<T: AsyncWrite + Unpin> AsyncWrite for ProblemHeads<T> {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        ready!(this.poll_pending(cx))?;
        if let Some((consumed, answer)) = replacement(buf) {
            this.pending = Some((answer, 0));
            // Whatever is not written now is written by the flush or shutdown that follows.
            if let Poll::Ready(Err(e)) = this.poll_pending(cx) {
                return Poll::Ready(Err(e));
            }
            return Poll::Ready(Ok(consumed));
        }
        Pin::new(&mut this.io).poll_write(cx, buf)
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        ready!(this.poll_pending(cx))?;
        Pin::new(&mut this.io).poll_flush(cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        ready!(this.poll_pending(cx))?;
        Pin::new(&mut this.io).poll_shutdown(cx)
    }
}

/// How long a connection lingers after an answer to a request whose body was not read (see
/// [`serve`]): actix-web `HttpServer`'s default.
const CLIENT_DISCONNECT: std::time::Duration = std::time::Duration::from_secs(1);

/// Serves the API on `listener` with `workers` worker threads (the machine's cores when
/// `None`), HTTP/1.1, with actix-web's default timeouts and a graceful shutdown of
/// `shutdown_secs`.
///
/// actix-http's own builder, unlike actix-web's `HttpServer`, has no client disconnect
/// timeout, so `CLIENT_DISCONNECT` restores `HttpServer`'s one second. Without it, an answer given
/// before the body was read (a 401, 403 or 413 to a large upload) closed the connection at once,
/// and the client, still sending, could get a connection reset instead of the answer. With it,
/// actix-http reads and discards the rest of the body for up to that long before it closes, as
/// RFC 9112 §9.3 asks. Seen in a CI run: one 100 KB probe in the hygiene test got a reset.
pub fn serve(
    state: api::AppState,
    listener: TcpListener,
    workers: Option<usize>,
    shutdown_secs: u64,
) -> io::Result<Server> {
    let addr = listener.local_addr()?;
    let mut builder = Server::build().shutdown_timeout(shutdown_secs);
    if let Some(w) = workers {
        builder = builder.workers(w);
    }
    builder = builder.listen(format!("seforce-{addr}"), listener, move || {
        let app = api::app(state.clone())
            .into_factory()
            .map_err(|e: WebError| e.error_response());
        fn_service(|io: TcpStream| async move {
            let peer = io.peer_addr().ok();
            let _ = io.set_nodelay(true);
            Ok((ProblemHeads::new(io), Protocol::Http1, peer))
        })
        .and_then(
            HttpService::build()
                .local_addr(addr)
                .client_disconnect_timeout(CLIENT_DISCONNECT)
                .finish(map_config(app, |_| AppConfig::default())),
        )
    })?;
    Ok(builder.run())
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn only_the_parsers_empty_answers_are_replaced() {
        let refusal = b"HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\nconnection: close\r\ndate: x\r\n\r\n";
        let (consumed, answer) = replacement(refusal).expect("the parser's 400 is replaced");
        assert_eq!(consumed, refusal.len());
        let text = String::from_utf8(answer).unwrap();
        assert!(text.starts_with("HTTP/1.1 400 Bad Request\r\n"));
        assert!(text.contains("application/problem+json"));
        assert!(text.ends_with('}'));
        let problem = b"HTTP/1.1 400 Bad Request\r\ncontent-length: 120\r\ncontent-type: application/problem+json\r\n\r\n{}";
        assert!(replacement(problem).is_none(), "an application's 400 stays");
        let ok = b"HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n";
        assert!(replacement(ok).is_none());
    }
}
