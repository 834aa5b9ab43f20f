//! The HTTP API of seforce: thin handlers (extract the actor, parse the body, call a service,
//! shape the answer), RFC 9457 problems for every error, and the OpenAPI description built
//! from the same route registrations that serve requests.

pub mod callers;
pub mod contract;
pub mod error;
pub mod extract;
pub mod grants;
pub mod handlers;
pub mod hygiene;
pub mod middleware;
pub mod openapi;
pub mod request;
pub mod routes;
pub mod spa;

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceFactory, ServiceRequest, ServiceResponse};
use actix_web::{App, web};
use directory::Directory;
use std::path::PathBuf;
use utoipa_actix_web::AppExt;
use utoipa_swagger_ui::SwaggerUi;

/// Largest JSON body accepted (1 MiB); imports have their own limit.
pub const JSON_LIMIT: usize = 1024 * 1024;
/// Largest import file accepted.
pub const IMPORT_LIMIT: usize = 10 * 1024 * 1024;
/// Largest persons import accepted: a sheet of 200,000 rows (issue 15). A row of the template
/// is about 150 bytes as CSV and less inside XLSX's compressed XML, so 200,000 rows fit in
/// 48 MiB with room for long names and optional columns.
pub const PERSONS_IMPORT_LIMIT: usize = 48 * 1024 * 1024;

/// Shared state of every worker.
#[derive(Clone)]
pub struct AppState {
    pub dir: Directory,
    pub training: training::Training,
    pub exams: exams::Exams,
    /// Where the built SPA lives; `None` serves the API only.
    pub spa_dir: Option<PathBuf>,
    /// The data directory; uploaded archive files are stored under it.
    pub data_dir: PathBuf,
    /// Wakes this process's job runner when a request queues a job.
    pub jobs: jobs::Wake,
}

/// Registers every documented route; the only place routes are added, so that the served
/// set and the documented set cannot drift apart.
pub fn routes(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    handlers::auth::routes(cfg);
    handlers::organizations::routes(cfg);
    handlers::persons::routes(cfg);
    handlers::jobs::routes(cfg);
    handlers::users::routes(cfg);
    handlers::api_clients::routes(cfg);
    handlers::audit::routes(cfg);
    handlers::regions::routes(cfg);
    handlers::exports::routes(cfg);
    handlers::training::routes(cfg);
    handlers::inbox::routes(cfg);
    handlers::blacklist::routes(cfg);
    handlers::sanctions::routes(cfg);
    handlers::exams::routes(cfg);
    handlers::qualifications::routes(cfg);
    handlers::relations::routes(cfg);
    handlers::plans::routes(cfg);
    handlers::teachers::routes(cfg);
    handlers::archive::routes(cfg);
    handlers::ledger::routes(cfg);
    handlers::accounts::routes(cfg);
    handlers::batch::routes(cfg);
    handlers::study::routes(cfg);
    handlers::catalogue::routes(cfg);
    handlers::practical::routes(cfg);
}

/// The finished description, served as bytes, and the tables the middleware derive from it;
/// built once per process and shared by every worker.
pub struct Described {
    /// `openapi.json` as served.
    pub json: actix_web::web::Bytes,
    pub known: std::sync::Arc<routes::KnownRoutes>,
    pub contract: std::sync::Arc<contract::Contract>,
}

impl Described {
    /// The process's description, built by the first caller.
    pub fn get() -> &'static Described {
        static DESCRIBED: std::sync::OnceLock<Described> = std::sync::OnceLock::new();
        DESCRIBED.get_or_init(Described::build)
    }

    fn build() -> Described {
        let api = openapi();
        Described {
            json: serde_json::to_vec(&api).unwrap_or_default().into(),
            known: std::sync::Arc::new(routes::KnownRoutes::from_spec(&api)),
            contract: std::sync::Arc::new(contract::Contract::from_spec(&api)),
        }
    }
}

/// The OpenAPI description, without building a server.
pub fn openapi() -> utoipa::openapi::OpenApi {
    let (_, api) = App::new()
        .into_utoipa_app()
        .openapi(openapi::base())
        .service(utoipa_actix_web::scope("/api/v1").configure(routes))
        .split_for_parts();
    openapi::finish(api)
}

/// The whole application: API, docs, health, SPA.
pub fn app(
    state: AppState,
) -> App<
    impl ServiceFactory<
        ServiceRequest,
        Config = (),
        Response = ServiceResponse<impl MessageBody>,
        Error = actix_web::Error,
        InitError = (),
    >,
> {
    // Route registration goes through utoipa (so every served route is documented), but the
    // description it collects is dropped here: each worker builds its app, and finishing the
    // description is tens of megabytes of transient work the allocator keeps per thread. The
    // finished description and what is derived from it are built once ([`Described::get`]).
    let (app, _) = App::new()
        .into_utoipa_app()
        .openapi(openapi::base())
        .app_data(web::Data::new(state.clone()))
        .app_data(extract::query_config())
        .app_data(extract::path_config())
        .service(utoipa_actix_web::scope("/api/v1").configure(routes))
        .split_for_parts();
    let described = Described::get();
    let app = app
        .app_data(web::Data::from(described.known.clone()))
        .app_data(web::Data::from(described.contract.clone()))
        .service(
            SwaggerUi::new("/api/docs/{_:.*}")
                .config(utoipa_swagger_ui::Config::from("/api/openapi.json")),
        )
        .service(web::resource("/api/openapi.json").to(handlers::health::description))
        .service(web::resource("/api/docs").to(handlers::health::docs_redirect))
        .service(web::resource("/healthz").to(handlers::health::healthz))
        .service(web::resource("/readyz").to(handlers::health::readyz))
        .service(web::scope("/api").default_service(web::to(middleware::unmatched)));
    let app = match state.spa_dir.filter(|d| d.join("index.html").is_file()) {
        Some(dir) => app
            .app_data(web::Data::new(spa::SpaDir(dir)))
            .default_service(web::to(spa::serve)),
        None => app.default_service(web::to(middleware::unmatched)),
    };
    app.wrap(actix_web::middleware::from_fn(middleware::idempotency))
        .wrap(actix_web::middleware::from_fn(contract::guard))
        .wrap(actix_web::middleware::from_fn(hygiene::request_hygiene))
        .wrap(actix_web::middleware::from_fn(middleware::finish_problems))
        .wrap(
            actix_web::middleware::DefaultHeaders::new()
                .add(("X-Content-Type-Options", "nosniff"))
                .add(("Referrer-Policy", "no-referrer"))
                .add(("X-Frame-Options", "DENY")),
        )
        .wrap(actix_web::middleware::from_fn(middleware::request_id))
}
