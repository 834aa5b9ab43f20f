//! Serves the built web app. The build writes each asset beside its brotli (`.br`) and gzip
//! (`.gz`) copies; this picks the best the browser accepts and says so in `Content-Encoding`,
//! so nothing is compressed per request. Files under `/assets/` carry a content hash in their
//! name and are cached for a year as immutable; `index.html` (and unknown client routes, which
//! get it) is revalidated every time so a new release is picked up at once.

use actix_files::NamedFile;
use actix_web::http::header::{
    self, AcceptEncoding, CacheControl, CacheDirective, ContentEncoding, Encoding, Header,
    HeaderValue,
};
use actix_web::http::{Method, StatusCode};
use actix_web::{HttpRequest, HttpResponse, web};
use std::path::{Component, Path, PathBuf};

/// Where the built app lives.
#[derive(Clone)]
pub struct SpaDir(pub PathBuf);

const YEAR: u32 = 365 * 24 * 60 * 60;

/// The variants tried, best first, with the file suffix each is stored under.
const VARIANTS: [(Encoding, &str, ContentEncoding); 2] = [
    (Encoding::brotli(), "br", ContentEncoding::Brotli),
    (Encoding::gzip(), "gz", ContentEncoding::Gzip),
];

/// GET/HEAD of anything outside `/api`: a file of the build, or `index.html` for client routes.
pub async fn serve(req: HttpRequest, dir: web::Data<SpaDir>) -> HttpResponse {
    if req.method() != Method::GET && req.method() != Method::HEAD {
        return crate::middleware::unmatched(req).await;
    }
    let Some(rel) = relative(req.path()) else {
        return not_found("没有这个文件", "no such file");
    };
    let file = dir.0.join(&rel);
    if rel.as_os_str().is_empty() || !file.is_file() {
        // A client route (no dot in its last segment) gets the app; a missing file is a 404,
        // not the app, so a stale script reference fails loudly.
        if rel.extension().is_some() {
            return not_found("没有这个文件", "no such file");
        }
        return respond(&req, &dir.0.join("index.html"), false).await;
    }
    respond(&req, &file, rel.starts_with("assets")).await
}

/// The request path as a relative path inside the build, refusing `..` and the like.
fn relative(path: &str) -> Option<PathBuf> {
    let p = Path::new(path.trim_start_matches('/'));
    p.components()
        .all(|c| matches!(c, Component::Normal(_)))
        .then(|| p.to_path_buf())
}

async fn respond(req: &HttpRequest, file: &Path, immutable: bool) -> HttpResponse {
    let mime = actix_files::file_extension_to_mime(
        file.extension().and_then(|e| e.to_str()).unwrap_or(""),
    );
    let accepted = AcceptEncoding::parse(req).ok();
    let mut chosen = None;
    for (enc, suffix, content) in &VARIANTS {
        let mut name = file.as_os_str().to_owned();
        name.push(".");
        name.push(suffix);
        let variant = PathBuf::from(name);
        let acceptable = accepted.as_ref().is_some_and(|a| {
            a.negotiate([enc.clone(), Encoding::identity()].iter()) == Some(enc.clone())
        });
        if acceptable && variant.is_file() {
            chosen = Some((variant, *content));
            break;
        }
    }
    let opened = match &chosen {
        Some((variant, content)) => NamedFile::open_async(variant)
            .await
            .map(|f| f.set_content_encoding(*content)),
        None => NamedFile::open_async(file).await,
    };
    let Ok(f) = opened else {
        return not_found("网页应用尚未构建", "the web app is not built");
    };
    let mut res = f.set_content_type(mime).use_etag(true).into_response(req);
    let cache = if immutable {
        CacheControl(vec![
            CacheDirective::Public,
            CacheDirective::MaxAge(YEAR),
            CacheDirective::Extension("immutable".into(), None),
        ])
    } else {
        CacheControl(vec![CacheDirective::NoCache])
    };
    if let Ok(v) = header::TryIntoHeaderValue::try_into_value(cache) {
        res.headers_mut().insert(header::CACHE_CONTROL, v);
    }
    res.headers_mut()
        .insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    // NamedFile names a disposition after the file it opened: for `index.html.br` that is
    // "attachment", and the browser would download the page instead of showing it.
    res.headers_mut().remove(header::CONTENT_DISPOSITION);
    res
}

fn not_found(zh: &str, en: &str) -> HttpResponse {
    crate::error::Problem::new(
        StatusCode::NOT_FOUND,
        "not_found",
        kernel::Message::new(zh, en),
    )
    .response()
}

#[cfg(test)]
mod tests {
    use super::relative;
    use std::path::PathBuf;

    #[test]
    fn a_path_stays_inside_the_build() {
        assert_eq!(relative("/assets/a.js"), Some(PathBuf::from("assets/a.js")));
        assert_eq!(relative("/"), Some(PathBuf::new()));
        assert_eq!(relative("/../etc/passwd"), None);
        assert_eq!(relative("/assets/../../x"), None);
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod serving {
    use super::{SpaDir, serve};
    use actix_web::{App, test, web};

    fn hv<'a>(h: &'a actix_web::http::header::HeaderMap, name: &str) -> &'a str {
        h.get(name).and_then(|v| v.to_str().ok()).unwrap_or("")
    }

    /// A build directory with one hashed asset and its two precompressed copies.
    fn build_dir() -> std::path::PathBuf {
        let dir = std::env::temp_dir().join(format!("seforce-spa-{}", uuid::Uuid::now_v7()));
        std::fs::create_dir_all(dir.join("assets")).unwrap();
        std::fs::write(dir.join("index.html"), "<!doctype html><p>app</p>").unwrap();
        std::fs::write(dir.join("assets/app-1234.js"), "console.log('plain')").unwrap();
        std::fs::write(dir.join("assets/app-1234.js.br"), "BR").unwrap();
        std::fs::write(dir.join("assets/app-1234.js.gz"), "GZ").unwrap();
        dir
    }

    #[actix_web::test]
    async fn serves_the_precompressed_copy_the_browser_accepts_with_cache_headers() {
        let dir = build_dir();
        let app = test::init_service(
            App::new()
                .app_data(web::Data::new(SpaDir(dir.clone())))
                .default_service(web::to(serve)),
        )
        .await;
        let get = |enc: Option<&'static str>| {
            let mut r = test::TestRequest::get().uri("/assets/app-1234.js");
            if let Some(e) = enc {
                r = r.insert_header(("accept-encoding", e));
            }
            r.to_request()
        };
        for (accept, encoding, body) in [
            (Some("gzip, deflate, br"), Some("br"), "BR"),
            (Some("gzip"), Some("gzip"), "GZ"),
            (Some("br;q=0, gzip"), Some("gzip"), "GZ"),
            (None, None, "console.log('plain')"),
        ] {
            let res = test::call_service(&app, get(accept)).await;
            assert_eq!(res.status(), 200);
            let h = res.headers().clone();
            assert_eq!(
                h.get("content-encoding").map(|v| v.to_str().unwrap()),
                encoding,
                "{accept:?}"
            );
            assert!(hv(&h, "content-type").contains("javascript"));
            assert_eq!(hv(&h, "vary"), "accept-encoding");
            assert_eq!(hv(&h, "content-disposition"), "", "{accept:?}");
            let cache = hv(&h, "cache-control");
            assert!(cache.contains("immutable") && cache.contains("max-age=31536000"));
            assert_eq!(test::read_body(res).await, body.as_bytes());
        }

        // A client route gets index.html, revalidated each time; a missing file is a 404.
        let res = test::call_service(
            &app,
            test::TestRequest::get().uri("/training/enrol").to_request(),
        )
        .await;
        assert_eq!(res.status(), 200);
        assert_eq!(hv(res.headers(), "cache-control"), "no-cache");
        let res = test::call_service(
            &app,
            test::TestRequest::get()
                .uri("/assets/gone-1.js")
                .to_request(),
        )
        .await;
        assert_eq!(res.status(), 404);
        std::fs::remove_dir_all(dir).ok();
    }
}
