//! Authentication: passwords (argon2id), short-lived access JWTs, rotating refresh tokens
//! with reuse detection, OAuth2 client credentials for regulators' systems, and a throttle on
//! guessing (`service::throttle`). Every authentication event is audited; failed and refused
//! attempts in aggregate.

use crate::Directory;
use crate::entity::{api_client, membership, organization, person, refresh_token, user};
use crate::error::{DirectoryError, Result, noun};
use crate::model::{ApiClientStatus, OrgKind, OrgStatus, UserStatus};
use crate::sessions::{Liveness, Sessions};
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::{Algorithm as JwtAlg, DecodingKey, EncodingKey, Header, Validation};
use kernel::actor::ActorMembership;
use kernel::audit::AuditEntry;
use kernel::db::begin_write;
use kernel::state::State;
use kernel::{Actor, Message, Role, Subject};
use rand::RngCore;
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};
use serde::{Deserialize, Serialize};
use serde_json::json;
use sha2::{Digest, Sha256};
use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use time::{Duration, OffsetDateTime};
use utoipa::ToSchema;
use uuid::Uuid;

/// Token and password settings. Keys never appear in `Debug` output.
pub struct AuthConfig {
    issuer: String,
    audience: String,
    pub access_ttl: Duration,
    pub refresh_ttl: Duration,
    pub password_min_length: usize,
    /// Limits on password guessing.
    pub throttle: crate::service::throttle::Throttle,
    encoding: EncodingKey,
    decoding: DecodingKey,
    /// How access tokens are checked, built once: every request goes through it.
    access: Validation,
    /// Tells this configuration's verified tokens apart from another's (tests run many
    /// servers, each with its own key, in one process).
    id: u64,
}

impl std::fmt::Debug for AuthConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AuthConfig")
            .field("issuer", &self.issuer)
            .field("audience", &self.audience)
            .finish_non_exhaustive()
    }
}

impl AuthConfig {
    /// HS256 with `secret` (at least 32 bytes); defaults follow ASVS: 15-minute access tokens;
    /// guessing is throttled, never locked (see `Throttle::default`).
    pub fn new(secret: &[u8]) -> Self {
        let (issuer, audience) = ("seforce", "seforce-api");
        AuthConfig {
            issuer: issuer.into(),
            audience: audience.into(),
            access_ttl: Duration::minutes(15),
            refresh_ttl: Duration::days(30),
            password_min_length: 10,
            throttle: Default::default(),
            encoding: EncodingKey::from_secret(secret),
            decoding: DecodingKey::from_secret(secret),
            access: token_validation(issuer, audience),
            id: NEXT_AUTH_CONFIG.fetch_add(1, Ordering::Relaxed),
        }
    }
}

/// HS256 only, with `exp`, `nbf`, `iss`, `aud` and `sub` required. The library still requires
/// exp and nbf to be present; their values are checked against our clock by the caller, so
/// that tests can move time.
fn token_validation(issuer: &str, audience: &str) -> Validation {
    let mut v = Validation::new(JwtAlg::HS256);
    v.set_issuer(&[issuer]);
    v.set_audience(&[audience]);
    v.set_required_spec_claims(&["exp", "nbf", "iss", "aud", "sub"]);
    v.validate_exp = false;
    v.validate_nbf = false;
    v
}

/// Claims of an access token. All of `iss`, `aud`, `exp`, `nbf`, `sub` are required when
/// validating; the algorithm is pinned to HS256.
#[derive(Debug, Serialize, Deserialize)]
struct Claims {
    iss: String,
    aud: String,
    sub: String,
    exp: i64,
    nbf: i64,
    iat: i64,
    /// "user" or "client".
    kind: String,
    /// The user's session epoch when issued; a bump ends the session.
    epoch: i32,
    memberships: Vec<ClaimMembership>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    scopes: Option<Vec<String>>,
}

/// The claims of an access token whose signature and claims were checked.
#[derive(Debug, Clone)]
struct VerifiedToken {
    sub: Uuid,
    kind: String,
    epoch: i32,
    exp: i64,
    nbf: i64,
    memberships: Vec<ActorMembership>,
    scopes: Option<Vec<String>>,
}

/// Access tokens a worker thread remembers having verified; beyond this many it starts over.
const VERIFIED_TOKENS_PER_THREAD: usize = 1024;

thread_local! {
    /// Verified access tokens by their text, with the [`AuthConfig::id`] that verified them.
    static VERIFIED_TOKENS: RefCell<HashMap<Box<str>, (u64, VerifiedToken)>> =
        RefCell::new(HashMap::new());
}

static NEXT_AUTH_CONFIG: AtomicU64 = AtomicU64::new(0);

/// Claims of a purpose token: who or what it names, and for how long.
#[derive(Debug, Serialize, Deserialize)]
struct PurposeClaims {
    iss: String,
    aud: String,
    sub: String,
    exp: i64,
    nbf: i64,
}

/// Why a purpose token was not accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PurposeTokenError {
    /// Not ours, altered, or for another purpose.
    Invalid,
    /// Genuine, but used after its expiry (or before it was valid).
    Expired,
}

#[derive(Debug, Serialize, Deserialize)]
struct ClaimMembership {
    org: Uuid,
    roles: Vec<Role>,
}

/// What a successful login or refresh returns.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TokenPair {
    pub access_token: String,
    /// Always "Bearer".
    pub token_type: &'static str,
    /// Seconds until the access token expires.
    pub expires_in: i64,
    /// Opaque; rotate it at `/auth/refresh`. Absent for client credentials.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub refresh_token: Option<String>,
}

/// The caller's own account.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Me {
    pub user: crate::model::User,
    pub memberships: Vec<crate::model::Membership>,
    pub person_id: Option<Uuid>,
    pub is_platform_admin: bool,
}

fn hasher() -> Argon2<'static> {
    // ASVS / OWASP: argon2id, m = 19 MiB, t = 2, p = 1.
    let params = Params::new(19 * 1024, 2, 1, None).unwrap_or_default();
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// Argon2 computations allowed at once in this process. Each takes 19 MiB and tens of ms of
/// one core; without a bound a burst of logins spreads over up to 512 blocking threads and the
/// process keeps ~1 GB resident afterwards (measured, docs/BENCHMARKS.md). More requests wait
/// their turn instead, which also caps what a password-guessing flood can take from the host.
const ARGON2_AT_ONCE: usize = 4;

static ARGON2_PERMITS: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(ARGON2_AT_ONCE);

/// Runs one argon2 computation on the blocking pool, within [`ARGON2_AT_ONCE`].
async fn argon2_job<T: Send + 'static>(job: impl FnOnce() -> T + Send + 'static) -> Option<T> {
    let _permit = ARGON2_PERMITS.acquire().await.ok()?;
    tokio::task::spawn_blocking(job).await.ok()
}

/// Hashes a password off the async runtime (argon2 is deliberately slow).
pub async fn hash_password(password: &str) -> Result<String> {
    let pw = password.to_owned();
    argon2_job(move || {
        let salt = SaltString::generate(&mut argon2::password_hash::rand_core::OsRng);
        hasher()
            .hash_password(pw.as_bytes(), &salt)
            .map(|h| h.to_string())
    })
    .await
    .ok_or(DirectoryError::Crypto)?
    .map_err(|_| DirectoryError::Crypto)
}

async fn verify_password(password: &str, stored: Option<String>) -> bool {
    let pw = password.to_owned();
    argon2_job(move || {
        // Unknown accounts still pay for one verification, so timing does not tell them apart.
        let known = stored.is_some();
        let stored = stored.unwrap_or_else(|| dummy_hash().to_owned());
        let ok = PasswordHash::new(&stored)
            .map(|h| hasher().verify_password(pw.as_bytes(), &h).is_ok())
            .unwrap_or(false);
        ok && known
    })
    .await
    .unwrap_or(false)
}

/// A real argon2id hash of a random string nobody knows, made once per process.
fn dummy_hash() -> &'static str {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DUMMY.get_or_init(|| {
        let salt = SaltString::generate(&mut argon2::password_hash::rand_core::OsRng);
        hasher()
            .hash_password(random_token().as_bytes(), &salt)
            .map(|h| h.to_string())
            .unwrap_or_default()
    })
}

/// Common passwords refused regardless of length (ASVS 2.1.7, abbreviated list).
const COMMON_PASSWORDS: &[&str] = &[
    "1234567890",
    "12345678910",
    "123456789a",
    "1qaz2wsx3edc",
    "a123456789",
    "abc1234567",
    "abcdefghij",
    "admin12345",
    "administrator",
    "password123",
    "password1234",
    "passw0rd123",
    "qwertyuiop",
    "qwerty1234",
    "1q2w3e4r5t",
    "iloveyou123",
    "welcome123",
    "woaini1314",
    "woaini520",
    "5201314520",
    "zxcvbnm123",
    "11111111111",
    "0000000000",
    "1111111111",
    "8888888888",
    "6666666666",
    "letmein123",
    "changeme123",
    "p@ssw0rd123",
    "admin@123456",
    "root123456",
    "seforce123",
    "seforce2026",
];

/// Checks a new password against the policy (length, not common, not the login).
pub fn check_password_policy(cfg: &AuthConfig, login: &str, password: &str) -> Result<()> {
    let lower = password.to_lowercase();
    let msg = if password.chars().count() < cfg.password_min_length {
        Some((
            "too_short",
            Message::new(
                format!("密码至少{}位", cfg.password_min_length),
                format!("at least {} characters", cfg.password_min_length),
            ),
        ))
    } else if password.chars().count() > 128 {
        Some((
            "too_long",
            Message::new("密码最多128位", "at most 128 characters"),
        ))
    } else if COMMON_PASSWORDS.contains(&lower.as_str())
        || lower
            .chars()
            .all(|c| c == lower.chars().next().unwrap_or(' '))
    {
        Some((
            "common",
            Message::new("密码过于常见", "this password is too common"),
        ))
    } else if !login.is_empty() && lower.contains(&login.to_lowercase()) {
        Some((
            "contains_login",
            Message::new(
                "密码不能包含登录名",
                "the password must not contain the login",
            ),
        ))
    } else {
        None
    };
    match msg {
        Some((code, m)) => Err(DirectoryError::field("/password", code, m.zh, m.en)),
        None => Ok(()),
    }
}

fn random_token() -> String {
    let mut b = [0u8; 32];
    rand::thread_rng().fill_bytes(&mut b);
    URL_SAFE_NO_PAD.encode(b)
}

fn sha256_hex(s: &str) -> String {
    hex::encode(Sha256::digest(s.as_bytes()))
}

impl Directory {
    /// Builds the actor's membership list for a token: only active organizations count.
    async fn memberships_of<C: ConnectionTrait>(
        &self,
        conn: &C,
        user_id: Uuid,
    ) -> Result<Vec<ActorMembership>> {
        let rows = membership::Entity::find()
            .filter(membership::Column::UserId.eq(user_id))
            .all(conn)
            .await?;
        let orgs = organization::Entity::find()
            .filter(
                organization::Column::Id
                    .is_in(rows.iter().map(|m| m.organization_id).collect::<Vec<_>>()),
            )
            .filter(organization::Column::Status.eq(OrgStatus::Active))
            .all(conn)
            .await?;
        Ok(rows
            .into_iter()
            .filter(|m| orgs.iter().any(|o| o.id == m.organization_id))
            .map(|m| ActorMembership {
                organization_id: m.organization_id,
                roles: m.roles.0,
            })
            .collect())
    }

    fn sign(
        &self,
        sub: Uuid,
        kind: &str,
        epoch: i32,
        memberships: &[ActorMembership],
        scopes: Option<Vec<String>>,
    ) -> Result<String> {
        let now = self.clock.now().unix_timestamp();
        let claims = Claims {
            iss: self.auth.issuer.clone(),
            aud: self.auth.audience.clone(),
            sub: sub.to_string(),
            exp: now + self.auth.access_ttl.whole_seconds(),
            nbf: now,
            iat: now,
            kind: kind.into(),
            epoch,
            memberships: memberships
                .iter()
                .map(|m| ClaimMembership {
                    org: m.organization_id,
                    roles: m.roles.clone(),
                })
                .collect(),
            scopes,
        };
        jsonwebtoken::encode(&Header::new(JwtAlg::HS256), &claims, &self.auth.encoding)
            .map_err(|_| DirectoryError::Crypto)
    }

    /// Signs a short-lived token for one purpose (e.g. a QR sign-in code naming a class
    /// session). Its audience is `<audience>:<purpose>`, so it can never pass as an access token,
    /// nor an access token as it.
    pub fn sign_purpose_token(
        &self,
        purpose: &str,
        subject: Uuid,
        ttl: time::Duration,
    ) -> Result<(String, OffsetDateTime)> {
        let now = self.clock.now();
        let expires = now + ttl;
        let claims = PurposeClaims {
            iss: self.auth.issuer.clone(),
            aud: format!("{}:{purpose}", self.auth.audience),
            sub: subject.to_string(),
            exp: expires.unix_timestamp(),
            nbf: now.unix_timestamp(),
        };
        let token = jsonwebtoken::encode(&Header::new(JwtAlg::HS256), &claims, &self.auth.encoding)
            .map_err(|_| DirectoryError::Crypto)?;
        Ok((token, expires))
    }

    /// Checks a purpose token against our clock with no leeway: valid up to and including its
    /// expiry second. Returns the subject, or why not.
    pub fn verify_purpose_token(
        &self,
        purpose: &str,
        token: &str,
    ) -> Result<Uuid, PurposeTokenError> {
        let v = token_validation(
            &self.auth.issuer,
            &format!("{}:{purpose}", self.auth.audience),
        );
        let c = jsonwebtoken::decode::<PurposeClaims>(token, &self.auth.decoding, &v)
            .map_err(|_| PurposeTokenError::Invalid)?
            .claims;
        let now = self.clock.now().unix_timestamp();
        if now > c.exp || now < c.nbf {
            return Err(PurposeTokenError::Expired);
        }
        Uuid::parse_str(&c.sub).map_err(|_| PurposeTokenError::Invalid)
    }

    /// Password login: returns an access token and a new refresh-token family.
    pub async fn login(&self, login: &str, password: &str, client_addr: &str) -> Result<TokenPair> {
        let login = login.trim().to_lowercase();
        let reservation = self.reserve_check(&login, client_addr).await?;
        let found = user::Entity::find()
            .filter(user::Column::Login.eq(login.as_str()))
            .one(&self.db)
            .await?;
        let ok = verify_password(password, found.as_ref().map(|u| u.password_hash.clone())).await;
        let user = match found {
            Some(u) if ok && u.status == UserStatus::Active => u,
            _ => {
                self.settle_check(reservation, false).await?;
                return Err(DirectoryError::Unauthenticated);
            }
        };
        self.settle_check(reservation, true).await?;
        let txn = begin_write(&self.db).await?;
        let memberships = self.memberships_of(&txn, user.id).await?;
        let refresh = self
            .new_refresh_token(&txn, user.id, Uuid::now_v7())
            .await?;
        let actor = Actor {
            subject: Subject::User(user.id),
            memberships: memberships.clone(),
            scopes: None,
        };
        AuditEntry::new("auth.login", "user", user.id)
            .change(json!({"client_addr": client_addr}))
            .record(&txn, &actor, self.clock.now())
            .await?;
        let access = self.sign(user.id, "user", user.session_epoch, &memberships, None)?;
        txn.commit().await?;
        Ok(TokenPair {
            access_token: access,
            token_type: "Bearer",
            expires_in: self.auth.access_ttl.whole_seconds(),
            refresh_token: Some(refresh),
        })
    }

    async fn new_refresh_token<C: ConnectionTrait>(
        &self,
        conn: &C,
        user_id: Uuid,
        family: Uuid,
    ) -> Result<String> {
        let token = random_token();
        let now = self.clock.now();
        refresh_token::ActiveModel {
            id: Set(Uuid::now_v7()),
            user_id: Set(user_id),
            family_id: Set(family),
            token_hash: Set(sha256_hex(&token)),
            expires_at: Set(now + self.auth.refresh_ttl),
            used_at: Set(None),
            revoked_at: Set(None),
            created_at: Set(now),
        }
        .insert(conn)
        .await?;
        Ok(token)
    }

    /// Rotates a refresh token. Presenting one that was already used revokes its whole family
    /// (a stolen token and its legitimate twin both stop working).
    pub async fn refresh(&self, token: &str) -> Result<TokenPair> {
        let now = self.clock.now();
        let txn = begin_write(&self.db).await?;
        let row = refresh_token::Entity::find()
            .filter(refresh_token::Column::TokenHash.eq(sha256_hex(token)))
            .one(&txn)
            .await?
            .ok_or(DirectoryError::Unauthenticated)?;
        let claimed = refresh_token::Entity::update_many()
            .col_expr(refresh_token::Column::UsedAt, Expr::value(now))
            .filter(refresh_token::Column::Id.eq(row.id))
            .filter(refresh_token::Column::UsedAt.is_null())
            .filter(refresh_token::Column::RevokedAt.is_null())
            .exec(&txn)
            .await?
            .rows_affected
            == 1;
        if !claimed {
            let reused = row.revoked_at.is_none();
            if reused {
                revoke_family(&txn, row.family_id, now).await?;
                let actor = Actor {
                    subject: Subject::User(row.user_id),
                    memberships: vec![],
                    scopes: None,
                };
                AuditEntry::new("auth.refresh_reused", "user", row.user_id)
                    .change(json!({"family": row.family_id}))
                    .record(&txn, &actor, now)
                    .await?;
                txn.commit().await?;
            }
            return Err(DirectoryError::Unauthenticated);
        }
        let user = user::Entity::find_by_id(row.user_id)
            .one(&txn)
            .await?
            .ok_or(DirectoryError::Unauthenticated)?;
        if row.expires_at <= now || user.status != UserStatus::Active {
            return Err(DirectoryError::Unauthenticated);
        }
        let memberships = self.memberships_of(&txn, user.id).await?;
        let next = self.new_refresh_token(&txn, user.id, row.family_id).await?;
        let actor = Actor {
            subject: Subject::User(user.id),
            memberships: memberships.clone(),
            scopes: None,
        };
        AuditEntry::new("auth.refresh", "user", user.id)
            .change(json!({"family": row.family_id}))
            .record(&txn, &actor, now)
            .await?;
        let access = self.sign(user.id, "user", user.session_epoch, &memberships, None)?;
        txn.commit().await?;
        Ok(TokenPair {
            access_token: access,
            token_type: "Bearer",
            expires_in: self.auth.access_ttl.whole_seconds(),
            refresh_token: Some(next),
        })
    }

    /// Ends the session the refresh token belongs to.
    pub async fn logout(&self, actor: &Actor, token: &str) -> Result<()> {
        let now = self.clock.now();
        let txn = begin_write(&self.db).await?;
        let row = refresh_token::Entity::find()
            .filter(refresh_token::Column::TokenHash.eq(sha256_hex(token)))
            .one(&txn)
            .await?;
        if let Some(row) = row.filter(|r| Some(r.user_id) == actor.user_id()) {
            revoke_family(&txn, row.family_id, now).await?;
        }
        AuditEntry::new("auth.logout", "user", actor.id())
            .record(&txn, actor, now)
            .await?;
        txn.commit().await?;
        Ok(())
    }

    /// OAuth2 client credentials (RFC 6749 §4.4) for regulators' systems: an access token with
    /// the client's read scopes, bound to its regulator organization; no refresh token.
    pub async fn client_credentials(
        &self,
        client_id: &str,
        secret: &str,
        client_addr: &str,
    ) -> Result<TokenPair> {
        let key = format!("client:{client_id}");
        let reservation = self.reserve_check(&key, client_addr).await?;
        let client = api_client::Entity::find()
            .filter(api_client::Column::ClientId.eq(client_id))
            .one(&self.db)
            .await?;
        let Some(client) = client
            .filter(|c| c.status == ApiClientStatus::Active && c.secret_hash == sha256_hex(secret))
        else {
            self.settle_check(reservation, false).await?;
            return Err(DirectoryError::Unauthenticated);
        };
        self.settle_check(reservation, true).await?;
        let memberships = vec![ActorMembership {
            organization_id: client.organization_id,
            roles: vec![Role::Regulator],
        }];
        let scopes: Vec<String> = client
            .scopes
            .split(',')
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect();
        let actor = Actor {
            subject: Subject::ApiClient(client.id),
            memberships: memberships.clone(),
            scopes: Some(scopes.clone()),
        };
        let txn = begin_write(&self.db).await?;
        AuditEntry::new("auth.client_token", "api_client", client.id)
            .in_org(client.organization_id)
            .change(json!({"client_addr": client_addr}))
            .record(&txn, &actor, self.clock.now())
            .await?;
        txn.commit().await?;
        let access = self.sign(client.id, "client", 0, &memberships, Some(scopes))?;
        Ok(TokenPair {
            access_token: access,
            token_type: "Bearer",
            expires_in: self.auth.access_ttl.whole_seconds(),
            refresh_token: None,
        })
    }

    /// Verifies an access token and checks that its session is still alive (user active and
    /// epoch unchanged; client not revoked).
    pub async fn authenticate(&self, bearer: &str) -> Result<Actor> {
        let c = self.verified(bearer)?;
        let now = self.clock.now().unix_timestamp();
        const LEEWAY: i64 = 30;
        if c.exp <= now - LEEWAY || c.nbf > now + LEEWAY {
            return Err(DirectoryError::Unauthenticated);
        }
        let (sub, memberships) = (c.sub, c.memberships);
        match c.kind.as_str() {
            "user" => {
                let alive = self
                    .liveness(sub)
                    .await?
                    .is_some_and(|l| l.active && l.epoch == i64::from(c.epoch));
                if !alive {
                    return Err(DirectoryError::Unauthenticated);
                }
                Ok(Actor {
                    subject: Subject::User(sub),
                    memberships,
                    scopes: None,
                })
            }
            "client" => {
                let alive = api_client::Entity::find_by_id(sub)
                    .one(&self.db)
                    .await?
                    .is_some_and(|k| k.status == ApiClientStatus::Active);
                if !alive {
                    return Err(DirectoryError::Unauthenticated);
                }
                Ok(Actor {
                    subject: Subject::ApiClient(sub),
                    memberships,
                    scopes: Some(c.scopes.unwrap_or_default()),
                })
            }
            _ => Err(DirectoryError::Unauthenticated),
        }
    }

    /// Whether `user` is active and which session epoch is current: remembered between
    /// requests while this process listens for session changes (`crate::sessions`), read
    /// from the database otherwise. `None` when there is no such user.
    async fn liveness(&self, user: Uuid) -> Result<Option<Liveness>> {
        if let Some(l) = self.sessions.remembered(user) {
            return Ok(Some(l));
        }
        let generation = self.sessions.generation();
        // Every request comes through here: the hot read path, not a full entity.
        let stmt = sea_orm::sea_query::Query::select()
            .columns([user::Column::Status, user::Column::SessionEpoch])
            .from(user::Entity)
            .and_where(user::Column::Id.eq(user))
            .to_owned();
        let read = self
            .reader
            .row(&stmt, |r| {
                Ok(Liveness {
                    active: UserStatus::from_stored(&r.text(0)?)? == UserStatus::Active,
                    epoch: r.int(1)?,
                })
            })
            .await?;
        if let Some(l) = read {
            self.sessions.remember(user, l, generation);
        }
        Ok(read)
    }

    /// The claims of `bearer` once its signature and claims have been checked. A client
    /// sends the same token with every request for up to 15 minutes, and checking it (base64,
    /// HMAC, two JSON parses) was a tenth of a list request's work, so each worker thread
    /// remembers the tokens it has verified, by their exact text and signing configuration:
    /// a remembered answer is the one verifying again would give. Expiry and the session
    /// check are still made on every request by the caller.
    fn verified(&self, bearer: &str) -> Result<VerifiedToken> {
        let config = self.auth.id;
        let hit = VERIFIED_TOKENS.with(|m| {
            m.borrow()
                .get(bearer)
                .filter(|(c, _)| *c == config)
                .map(|(_, v)| v.clone())
        });
        if let Some(v) = hit {
            return Ok(v);
        }
        let c = jsonwebtoken::decode::<Claims>(bearer, &self.auth.decoding, &self.auth.access)
            .map_err(|_| DirectoryError::Unauthenticated)?
            .claims;
        let v = VerifiedToken {
            sub: Uuid::parse_str(&c.sub).map_err(|_| DirectoryError::Unauthenticated)?,
            kind: c.kind,
            epoch: c.epoch,
            exp: c.exp,
            nbf: c.nbf,
            memberships: c
                .memberships
                .into_iter()
                .map(|m| ActorMembership {
                    organization_id: m.org,
                    roles: m.roles,
                })
                .collect(),
            scopes: c.scopes,
        };
        VERIFIED_TOKENS.with(|m| {
            let mut m = m.borrow_mut();
            if m.len() >= VERIFIED_TOKENS_PER_THREAD {
                m.clear();
            }
            m.insert(bearer.into(), (config, v.clone()));
        });
        Ok(v)
    }

    /// The caller's account, memberships and linked person.
    pub async fn me(&self, actor: &Actor) -> Result<Me> {
        let uid = actor.user_id().ok_or(DirectoryError::forbidden())?;
        let u = user::Entity::find_by_id(uid)
            .one(&self.db)
            .await?
            .ok_or(DirectoryError::not_found(noun::USER))?;
        let memberships = self.memberships_with_orgs(uid).await?;
        let person_id = person::Entity::find()
            .filter(person::Column::UserId.eq(uid))
            .one(&self.db)
            .await?
            .map(|p| p.id);
        Ok(Me {
            is_platform_admin: actor.is_platform_admin(),
            user: u.into(),
            memberships,
            person_id,
        })
    }
}

async fn revoke_family<C: ConnectionTrait>(
    conn: &C,
    family: Uuid,
    now: time::OffsetDateTime,
) -> Result<()> {
    refresh_token::Entity::update_many()
        .col_expr(refresh_token::Column::RevokedAt, Expr::value(now))
        .filter(refresh_token::Column::FamilyId.eq(family))
        .filter(refresh_token::Column::RevokedAt.is_null())
        .exec(conn)
        .await?;
    Ok(())
}

/// Ends every session of a user: bumps the epoch (access tokens die at once) and revokes all
/// refresh tokens. Announces it to every process (`crate::sessions`) when `conn`'s
/// transaction commits, and forgets this process's remembered answer now.
pub(crate) async fn end_sessions<C: ConnectionTrait>(
    conn: &C,
    sessions: &Sessions,
    user_id: Uuid,
    now: time::OffsetDateTime,
) -> Result<()> {
    crate::sessions::announce(conn, user_id).await?;
    sessions.forget(user_id);
    user::Entity::update_many()
        .col_expr(
            user::Column::SessionEpoch,
            Expr::col(user::Column::SessionEpoch).add(1),
        )
        .filter(user::Column::Id.eq(user_id))
        .exec(conn)
        .await?;
    refresh_token::Entity::update_many()
        .col_expr(refresh_token::Column::RevokedAt, Expr::value(now))
        .filter(refresh_token::Column::UserId.eq(user_id))
        .filter(refresh_token::Column::RevokedAt.is_null())
        .exec(conn)
        .await?;
    Ok(())
}

/// Kinds of organization in which a role makes sense.
pub fn role_fits(kind: OrgKind, role: Role) -> bool {
    use OrgKind as K;
    use Role::*;
    match role {
        PlatformAdmin => kind == K::Association,
        AssociationAdmin | AssociationStaff | Finance => kind == K::Association,
        InstitutionAdmin => matches!(
            kind,
            K::InspectionInstitution | K::TrainingCentre | K::ExamBody
        ),
        EnterpriseOfficer | EnterpriseManager => kind == K::Enterprise,
        Teacher | HeadTeacher | Evaluator | Proctor => {
            matches!(
                kind,
                K::Association
                    | K::TrainingCentre
                    | K::SubCentre
                    | K::ExamBody
                    | K::InspectionInstitution
            )
        }
        ExamOfficer => matches!(
            kind,
            K::Association | K::TrainingCentre | K::SubCentre | K::ExamBody
        ),
        SubcentreAdmin => kind == K::SubCentre,
        Regulator => kind == K::Regulator,
        Practitioner => kind != K::Regulator,
    }
}
