//! The directory: who exists (organizations, persons) and who may act (users, memberships,
//! API clients). Every other domain builds on it for identity, tenancy and personal data.

pub mod access;
pub mod demo;
pub mod entity;
pub mod error;
pub mod model;
pub mod service;
pub mod sessions;

pub use error::DirectoryError;
pub use service::auth::AuthConfig;

use fastpath::Reader;
use kernel::Clock;
use kernel::crypto::PiiCipher;
use sea_orm::DatabaseConnection;
use std::sync::Arc;

/// Everything the directory's services need; cheap to clone into request handlers.
#[derive(Clone, Debug)]
pub struct Directory {
    pub db: DatabaseConnection,
    /// The same database for the reads made on every request (session check, list pages).
    pub reader: Reader,
    pub clock: Arc<dyn Clock>,
    pub cipher: PiiCipher,
    pub auth: Arc<AuthConfig>,
    /// Session answers remembered while this process listens for changes (PostgreSQL).
    pub sessions: sessions::Sessions,
}
