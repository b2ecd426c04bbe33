#![doc = include_str!("../README.md")]
//!
//! ## What it checks
//!
//! - Every request under `/v1/auth` must carry a SAASUSSIGV1 signature by
//!   the emulator's credentials over the raw request ([`signature`]), with
//!   a timestamp within ±[`signature::WINDOW_MINUTES`] minutes; otherwise
//!   401 with a SaaSus error body `{"type": "unauthorized", "message"}`.
//! - Bodies over [`signature::MAX_BODY_BYTES`] get 413; bodies, paths and
//!   queries that do not fit the contract get 400 (`invalid_request`).
//! - Each failure is answered with the closest status the operation
//!   documents (404 unknown id, 400 bad input, else 500; see
//!   [`error::Fault::status`]). Success statuses are the contract's (201
//!   for creates). A path of the contract with an operation the emulator
//!   does not implement would answer 501; other paths 404.
//!
//! ## Behaviour
//!
//! Ids and codes are random UUIDs (v4); tokens are JWT-shaped (base64url,
//! URL-safe). Lists are in creation order (envs by id). A tenant user is a
//! SaaS user's membership of a tenant and carries its id; `UserInfo` lists
//! the user's tenants with the tenant user's attributes and its roles per
//! env. Attribute values must be defined (SaaS-user attributes for SaaS
//! users, user attributes for tenant users, tenant attributes for
//! tenants) and of the defined type. Deleting a tenant removes its
//! memberships and invitations; deleting a SaaS user, role or env removes
//! what refers to it. Email, MFA and external-link codes are always
//! [`VERIFICATION_CODE`] (authenticator apps: also the RFC 6238 code of
//! [`SOFTWARE_TOKEN_SECRET`]); emails are not sent but kept in an outbox
//! ([`Emulator::sent_emails`], `GET /__emulator/emails`). Email addresses
//! with white space, control characters or bidirectional formatting
//! characters (U+202E...) are refused with 400 `invalid_email`.
//!
//! ## The hosted sign-in page
//!
//! `GET /sign-in` ([`page`]) is what `SAASUS_LOGIN_URL` points at: a plain
//! HTML form (no script) for an email address or sign-in ID and a password,
//! then a new password when the user has a temporary one, and the MFA code
//! when the user has MFA on. It carries
//! `code_challenge`/`code_challenge_method` from its query, mints the code
//! as `POST /__emulator/login` does, and answers 303 to the callback URL
//! (UpdateAuthInfo, [`Emulator::set_callback_url`] or `--callback-url`)
//! with `?code=`; without a callback URL it shows the code.
//!
//! ## Local clients only
//!
//! Every request (admin endpoints and API) whose `Host` is not `127.0.0.1`,
//! `localhost` or `[::1]` (with the emulator's port, or none), or whose
//! `Origin` is present and not a loopback origin of the emulator, is refused
//! with 403 ([`guard`]): a web page cannot reset or sign in to the emulator,
//! DNS rebinding included. curl, tests and the SDKs pass.
//!
//! ## Admin endpoints (unsigned)
//!
//! - `POST /__emulator/reset`: back to the empty state (204).
//! - `GET /__emulator/emails`: `{"emails": [{"to", "kind", "code", "link"?,
//!   "sent_at"}]}`, newest first: temporary passwords (CreateSaasUser
//!   without a password, SignUp, resends, resets), email-update and
//!   external-link codes, sign-in codes, invitations (code: the
//!   invitation's ID, link: its URL). `kind` is the [`EmailKind`] in snake
//!   case.
//! - `GET /__emulator/export` and `POST /__emulator/import`: the state as a
//!   snapshot, and back (204; a bad snapshot is 400 naming the field, and
//!   changes nothing).
//! - `POST /__emulator/login` with `{"email", "password"}`: as the hosted
//!   login page, answers `{"code"}` for a SaaS user with that password (401
//!   otherwise). Exchange the code with `GetAuthCredentials`
//!   (`auth-flow=tempCodeAuth`): codes are single-use and expire after
//!   [`Lifetimes::code`] (10 s); unknown, used or expired codes answer 404.
//!   `GetUserInfo` accepts the ID token until it expires (1 h), then 401;
//!   `refreshTokenAuth` gives new ID and access tokens.
//! - `POST /__emulator/login` with `"code_challenge"` and
//!   `"code_challenge_method": "S256"` too (PKCE, as the app appends them to
//!   the hosted login URL): the code is bound to the challenge.
//!   `GetAuthCredentials` refuses it (404) and `ExchangeAuthCredentials`
//!   redeems it once, within 10 s, with the verifier whose
//!   BASE64URL(SHA-256) is the challenge: a wrong verifier is 401 (the code
//!   stays), an unknown, used or expired code 404, a code made without a
//!   challenge 400, a missing or malformed code or verifier (RFC 7636: 43
//!   to 128 unreserved characters) 400. A challenge without a method (or
//!   the reverse), a method other than `S256` or a challenge that is not 43
//!   base64url characters is 400, at the login and at
//!   `CreateAuthCredentials` alike, which binds its code the same way.
//! - `RevokeToken` answers 200 with no body; the refresh token then no
//!   longer refreshes (404). An unknown or already revoked token is
//!   accepted too (RFC 7009; SaaSus does not say), an ID or access token
//!   is 400; tokens issued with the refresh token are not revoked.
//!
//! ## Snapshots
//!
//! [`Emulator::export`], [`Emulator::import`] (and their `_file` forms),
//! the admin endpoints above, and the binary's `--import PATH` and
//! `--export-on-exit PATH` (written on SIGINT or SIGTERM) read and write
//! one JSON document. Every field but `version` may be left out (an empty
//! list, or the default); unknown fields are refused:
//!
//! ```json
//! {
//!   "version": 1,
//!   "callback_url": "http://127.0.0.1:3000/callback",
//!   "saas_user_attributes": [{"attribute_name", "display_name", "attribute_type"}],
//!   "user_attributes": [...], "tenant_attributes": [...],
//!   "users": [{"id"?, "email", "sign_in_id"?, "password" | "password_hash",
//!              "temporary_password"?, "attributes"?, "last_login_at"?,
//!              "mfa"?: {"enabled", "method"?}, "software_token"?,
//!              "providers"?, "pending_links"?, "pending_email"?, "devices"?}],
//!   "saas_users_count"?: {"count", "updated_at"},
//!   "roles": [{"role_name", "display_name"}],
//!   "envs": [{"id", "name", "display_name"?}],
//!   "tenants": [{"tenant": <Tenant, as GetTenant answers>,
//!                "users": [{"user_id", "attributes"?, "roles"?: {"ENV_ID": ["role", ...]}}],
//!                "identity_provider"?, "user_count"?}],
//!   "invitations": [{"tenant_id", "invitation": <Invitation>}],
//!   "settings"?: {"basic_info", "notification_messages", "customize_pages",
//!                 "customize_page_settings", "auth_info", "google", "sign_in",
//!                 "single_tenant", "stripe_connected"},
//!   "marketplace_tenants"?: ["tenant id", ...],
//!   "emails"?: [<as GET /__emulator/emails>]
//! }
//! ```
//!
//! Exports hold passwords as `password_hash`
//! (`pbkdf2-sha256$ROUNDS$SALT$HASH`, base64): never in clear. A
//! hand-written seed may give `password` in clear instead (at least 8
//! characters). An import checks what the API checks (unique emails,
//! sign-in IDs, IDs, role names and env IDs; defined attributes of the
//! right type; members, roles and envs that exist) and fails with a
//! [`SnapshotError`] naming the source, the field (`users[2].email`) and
//! the reason, leaving the state as it was. Export then import reproduces
//! the state: every operation answers the same, and the same document is
//! exported again. Issued tokens, temporary codes and sign-ins in progress
//! are not kept. `emulator/seed.json` is a small seed.
#![warn(missing_docs)]

pub mod api;
pub mod error;
mod extract;
pub mod guard;
pub mod ops;
pub mod page;
pub mod signature;
pub mod state;

use std::future::IntoFuture;
use std::net::{Ipv4Addr, SocketAddr};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{SystemTime, UNIX_EPOCH};

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use serde::{Deserialize, Serialize};
use tokio::sync::{oneshot, watch};

pub use saasus_auth;
pub use signature::Credentials;
pub use state::{
    external_access_token, EmailKind, Lifetimes, SentEmail, SnapshotError, Store, SNAPSHOT_VERSION,
};

use error::{Fault, Kind};
use ops::Op;

/// The SaaS ID accepted when `SAASUS_SAAS_ID` is not set.
pub const DEFAULT_SAAS_ID: &str = "emulator-saas-id";
/// The API key accepted when `SAASUS_API_KEY` is not set.
pub const DEFAULT_API_KEY: &str = "emulator-api-key";
/// The secret key accepted when `SAASUS_SECRET_KEY` is not set. It is
/// public: the emulator is for tests.
pub const DEFAULT_SECRET_KEY: &str = "emulator-secret-key";

/// Every verification code the emulator sends and accepts: email update,
/// external account link, authenticator app, MFA at sign-in.
pub const VERIFICATION_CODE: &str = "123456";
/// The temporary password of users created without one or signed up.
pub const TEMPORARY_PASSWORD: &str = "Temp-Passw0rd!";
/// The password ResetSaasUserPassword issues.
pub const RESET_PASSWORD: &str = "Reset-Passw0rd!";
/// The authenticator app secret CreateSecretCode answers.
pub const SOFTWARE_TOKEN_SECRET: &str = "EMULATORSECRETCODE234567";
/// The one AWS Marketplace registration token accepted.
pub const AWS_MARKETPLACE_REGISTRATION_TOKEN: &str = "emulator-aws-marketplace-registration-token";

impl Credentials {
    /// The emulator's credentials from `SAASUS_SAAS_ID`, `SAASUS_API_KEY`
    /// and `SAASUS_SECRET_KEY`, each defaulting to [`DEFAULT_SAAS_ID`],
    /// [`DEFAULT_API_KEY`] and [`DEFAULT_SECRET_KEY`] when unset or empty.
    pub fn from_env() -> Self {
        let var = |name: &str, default: &str| {
            std::env::var(name)
                .ok()
                .filter(|v| !v.is_empty())
                .unwrap_or_else(|| default.to_string())
        };
        Self {
            saas_id: var("SAASUS_SAAS_ID", DEFAULT_SAAS_ID),
            api_key: var("SAASUS_API_KEY", DEFAULT_API_KEY),
            secret_key: var("SAASUS_SECRET_KEY", DEFAULT_SECRET_KEY),
        }
    }
}

impl Default for Credentials {
    /// The default credentials ([`DEFAULT_SAAS_ID`], ...).
    fn default() -> Self {
        Self {
            saas_id: DEFAULT_SAAS_ID.into(),
            api_key: DEFAULT_API_KEY.into(),
            secret_key: DEFAULT_SECRET_KEY.into(),
        }
    }
}

/// The shared state of a running emulator: its credentials and its store.
#[derive(Clone)]
pub struct App {
    credentials: Arc<Credentials>,
    store: Arc<Mutex<Store>>,
    lifetimes: Lifetimes,
    port: Option<u16>,
}

impl std::fmt::Debug for App {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("App")
            .field("credentials", &self.credentials)
            .finish_non_exhaustive()
    }
}

fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
        .unwrap_or(0)
}

impl App {
    /// A new, empty emulator state.
    pub fn new(credentials: Credentials, lifetimes: Lifetimes) -> Self {
        Self {
            credentials: Arc::new(credentials),
            store: Arc::new(Mutex::new(Store::new(lifetimes))),
            lifetimes,
            port: None,
        }
    }

    /// The same state, told the port it is served on: the
    /// [`guard`] then accepts `Host` and `Origin` with that port only
    /// (without it, any port of a loopback host).
    pub fn with_port(mut self, port: u16) -> Self {
        self.port = Some(port);
        self
    }

    /// The port the emulator is served on, when it was told
    /// ([`App::with_port`]).
    pub fn port(&self) -> Option<u16> {
        self.port
    }

    /// The store, locked, with its clock set to now.
    pub fn store(&self) -> MutexGuard<'_, Store> {
        let mut store = self.store.lock().unwrap_or_else(|poisoned| {
            // A panic while holding the lock leaves a consistent enough
            // store for tests; keep serving.
            poisoned.into_inner()
        });
        store.set_now_ms(now_ms());
        store
    }

    /// Back to the empty state.
    pub fn reset(&self) {
        *self.store() = Store::new(self.lifetimes);
    }

    /// The whole state as a snapshot (JSON, see the crate documentation);
    /// passwords as hashes.
    pub fn export(&self) -> String {
        self.store().export()
    }

    /// Replaces the whole state with the snapshot `text`; `source` names
    /// where it came from in errors. On an error, the state is unchanged.
    pub fn import(&self, text: &str, source: &str) -> Result<(), SnapshotError> {
        let imported = Store::import(text, source, self.lifetimes)?;
        *self.store() = imported;
        Ok(())
    }

    /// Reads and imports the snapshot file at `path` ([`App::import`]).
    pub fn import_file(&self, path: &std::path::Path) -> Result<(), SnapshotError> {
        let text = std::fs::read_to_string(path).map_err(|e| SnapshotError {
            source: path.display().to_string(),
            field: String::new(),
            message: format!("cannot be read: {e}"),
        })?;
        self.import(&text, &path.display().to_string())
    }

    /// Writes the snapshot of the state to `path` ([`App::export`]),
    /// replacing the file through a temporary one beside it.
    pub fn export_file(&self, path: &std::path::Path) -> std::io::Result<()> {
        let text = self.export();
        let mut temporary = path.as_os_str().to_owned();
        temporary.push(".partial");
        let temporary = std::path::PathBuf::from(temporary);
        std::fs::write(&temporary, text + "\n")?;
        std::fs::rename(&temporary, path)
    }

    /// Sets the callback URL of the hosted sign-in page, as UpdateAuthInfo
    /// does.
    pub fn set_callback_url(&self, url: &str) {
        self.store().set_callback_url(url);
    }

    /// Runs operation `id` on the store and answers its success status with
    /// the JSON of the result (no body for `()`), or the fault with the
    /// closest documented status. The statuses come from the operation table
    /// (`saasus_auth::Operation`); an id it does not hold answers 501.
    pub(crate) fn run<T: Serialize>(
        &self,
        id: &'static str,
        f: impl FnOnce(&mut Store) -> Result<T, Fault>,
    ) -> Response {
        let Some(op) = Op::find(id) else {
            return Fault::new(
                error::Kind::NotImplemented,
                "not_implemented",
                format!("the emulator does not implement {id}"),
            )
            .response(None);
        };
        let result = f(&mut self.store());
        match result {
            Ok(value) => {
                let status = StatusCode::from_u16(op.success_status).unwrap_or(StatusCode::OK);
                match serde_json::to_value(&value) {
                    Ok(serde_json::Value::Null) => status.into_response(),
                    Ok(json) => (status, axum::Json(json)).into_response(),
                    Err(e) => Fault::internal(format!("the response does not serialize: {e}"))
                        .response(Some(op)),
                }
            }
            Err(fault) => fault.response(Some(op)),
        }
    }
}

/// The router of the whole emulator: the Auth API under `/v1/auth` (signed)
/// and the admin endpoints under `/__emulator/`, all behind the loopback
/// [`guard`].
pub fn router(app: App) -> Router {
    Router::new()
        .nest("/v1/auth", api::router())
        .route("/__emulator/reset", post(admin_reset))
        .route("/__emulator/login", post(admin_login))
        .route("/__emulator/emails", get(admin_emails))
        .route("/__emulator/export", get(admin_export))
        .route(
            "/__emulator/import",
            post(admin_import).layer(axum::extract::DefaultBodyLimit::max(MAX_SNAPSHOT_BYTES)),
        )
        .route(page::PATH, get(page::show).post(page::submit))
        .fallback(api::fallback)
        .layer(axum::middleware::from_fn_with_state(
            app.clone(),
            signature::verify,
        ))
        .layer(axum::middleware::from_fn_with_state(
            app.clone(),
            guard::check,
        ))
        .with_state(app)
}

async fn admin_reset(State(app): State<App>) -> StatusCode {
    app.reset();
    StatusCode::NO_CONTENT
}

async fn admin_export(State(app): State<App>) -> Response {
    (
        [(axum::http::header::CONTENT_TYPE, "application/json")],
        app.export(),
    )
        .into_response()
}

/// The largest snapshot `POST /__emulator/import` reads: 64 MiB.
const MAX_SNAPSHOT_BYTES: usize = 64 << 20;

async fn admin_import(State(app): State<App>, body: String) -> Response {
    match app.import(&body, "the request body") {
        Ok(()) => StatusCode::NO_CONTENT.into_response(),
        Err(e) => Fault::bad_request(e.to_string()).into_response(),
    }
}

/// The answer of `GET /__emulator/emails`.
#[derive(Debug, Serialize)]
struct Outbox {
    /// Newest first.
    emails: Vec<SentEmail>,
}

async fn admin_emails(State(app): State<App>) -> axum::Json<Outbox> {
    let mut emails = app.store().sent_emails();
    emails.reverse();
    axum::Json(Outbox { emails })
}

/// The body of `POST /__emulator/login`.
#[derive(Debug, Deserialize)]
struct Login {
    email: String,
    password: String,
    code_challenge: Option<String>,
    code_challenge_method: Option<String>,
}

/// The answer of `POST /__emulator/login`.
#[derive(Debug, Serialize)]
struct LoginCode {
    code: String,
}

async fn admin_login(
    State(app): State<App>,
    extract::Json(login): extract::Json<Login>,
) -> Response {
    let result = app.store().login_with_challenge(
        &login.email,
        &login.password,
        login.code_challenge.as_deref(),
        login.code_challenge_method.as_deref(),
    );
    match result {
        Ok(code) => axum::Json(LoginCode { code }).into_response(),
        // A bad PKCE pair is the request's fault (400); anything else is
        // the sign-in's (401).
        Err(fault) if fault.kind == Kind::BadRequest => fault.into_response(),
        Err(fault) => {
            Fault::new(Kind::Unauthorized, fault.error_type, fault.message).into_response()
        }
    }
}

/// How long requests in flight get to finish once the emulator stops.
const SHUTDOWN_GRACE: std::time::Duration = std::time::Duration::from_secs(1);

/// A running emulator on `127.0.0.1`, serving on a thread of its own (so
/// it works under any runtime, or none). Dropping it stops the server
/// without waiting; [`Emulator::shutdown`] stops it and waits until the
/// port is closed.
#[derive(Debug)]
pub struct Emulator {
    addr: SocketAddr,
    app: App,
    stop: watch::Sender<bool>,
    stopped: Option<oneshot::Receiver<()>>,
}

impl Emulator {
    /// Starts an emulator on a free port of `127.0.0.1` with the
    /// credentials from the environment ([`Credentials::from_env`]).
    pub fn start() -> std::io::Result<Self> {
        Self::start_with(Credentials::from_env(), Lifetimes::default())
    }

    /// Starts an emulator with these credentials and lifetimes.
    pub fn start_with(credentials: Credentials, lifetimes: Lifetimes) -> std::io::Result<Self> {
        Self::start_on(0, credentials, lifetimes)
    }

    /// Starts an emulator on `127.0.0.1:port` (0: a free port).
    pub fn start_on(
        port: u16,
        credentials: Credentials,
        lifetimes: Lifetimes,
    ) -> std::io::Result<Self> {
        let listener = std::net::TcpListener::bind((Ipv4Addr::LOCALHOST, port))?;
        listener.set_nonblocking(true)?;
        let addr = listener.local_addr()?;
        let app = App::new(credentials, lifetimes).with_port(addr.port());
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .thread_name("saasus-auth-emulator")
            .enable_all()
            .build()?;
        let listener = {
            let _context = runtime.enter();
            tokio::net::TcpListener::from_std(listener)?
        };
        let (stop, mut stop_rx) = watch::channel(false);
        let (done_tx, done_rx) = oneshot::channel();
        let service = router(app.clone());
        std::thread::Builder::new()
            .name(format!("saasus-auth-emulator-{}", addr.port()))
            .spawn(move || {
                let mut forced = stop_rx.clone();
                runtime.block_on(async move {
                    let server =
                        axum::serve(listener, service).with_graceful_shutdown(async move {
                            // Err: the Emulator is gone, which means stop too.
                            let _ = stop_rx.wait_for(|s| *s).await;
                        });
                    tokio::select! {
                        _ = server.into_future() => {}
                        () = async move {
                            let _ = forced.wait_for(|s| *s).await;
                            tokio::time::sleep(SHUTDOWN_GRACE).await;
                        } => {}
                    }
                });
                // Dropping the runtime closes the connections left.
                drop(runtime);
                let _ = done_tx.send(());
            })?;
        Ok(Self {
            addr,
            app,
            stop,
            stopped: Some(done_rx),
        })
    }

    /// The address the emulator listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://127.0.0.1:PORT`: what `SAASUS_API_URL_BASE` should be.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// A `saasus_auth::Configuration` with the emulator's credentials,
    /// aimed at it.
    pub fn configuration(&self) -> saasus_auth::Configuration {
        let c = &self.app.credentials;
        saasus_auth::Configuration::new(c.saas_id.clone(), c.api_key.clone(), c.secret_key.clone())
            .with_api_url_base(self.base_url())
    }

    /// The credentials requests must be signed with.
    pub fn credentials(&self) -> &Credentials {
        &self.app.credentials
    }

    /// Back to the empty state.
    pub fn reset(&self) {
        self.app.reset();
    }

    /// A new access token of the SaaS user `user_id`, as a sign-in would
    /// give it (for RequestEmailUpdate, CreateSecretCode, invitations...).
    /// `None` for an unknown user.
    pub fn access_token(&self, user_id: &str) -> Option<String> {
        self.app.store().mint_access_token(user_id).ok()
    }

    /// The hosted login page: a temporary code for the SaaS user with this
    /// email and password (`None` if there is none).
    pub fn login(&self, email: &str, password: &str) -> Option<String> {
        self.app.store().login(email, password).ok()
    }

    /// The hosted login page opened with a PKCE challenge (`S256`): a
    /// temporary code bound to it, redeemed only by ExchangeAuthCredentials
    /// with the matching verifier (`None` for a wrong sign-in or a
    /// malformed challenge).
    pub fn login_with_challenge(
        &self,
        email: &str,
        password: &str,
        code_challenge: &str,
    ) -> Option<String> {
        self.app
            .store()
            .login_with_challenge(email, password, Some(code_challenge), Some("S256"))
            .ok()
    }

    /// The access token of the user `email` at the external identity
    /// provider `provider_name`, for RequestExternalUserLink and
    /// ConfirmExternalUserLink.
    pub fn external_access_token(&self, provider_name: &str, email: &str) -> String {
        external_access_token(provider_name, email)
    }

    /// The identity providers linked to the user `user_id`, in name order.
    pub fn linked_providers(&self, user_id: &str) -> Vec<String> {
        self.app.store().linked_providers(user_id)
    }

    /// The emails the real service would have sent so far, oldest first.
    pub fn sent_emails(&self) -> Vec<SentEmail> {
        self.app.store().sent_emails()
    }

    /// `http://127.0.0.1:PORT/sign-in`: the hosted sign-in page, what
    /// `SAASUS_LOGIN_URL` should be ([`page`]).
    pub fn sign_in_url(&self) -> String {
        format!("{}{}", self.base_url(), page::PATH)
    }

    /// Sets the callback URL the sign-in page redirects to, as
    /// UpdateAuthInfo does.
    pub fn set_callback_url(&self, url: &str) {
        self.app.set_callback_url(url);
    }

    /// The whole state as a snapshot ([`App::export`]).
    pub fn export(&self) -> String {
        self.app.export()
    }

    /// Replaces the whole state with a snapshot ([`App::import`]); on an
    /// error, the state is unchanged.
    pub fn import(&self, text: &str) -> Result<(), SnapshotError> {
        self.app.import(text, "the snapshot")
    }

    /// Replaces the whole state with the snapshot file at `path`.
    pub fn import_file(&self, path: &std::path::Path) -> Result<(), SnapshotError> {
        self.app.import_file(path)
    }

    /// Writes the snapshot of the state to `path`.
    pub fn export_file(&self, path: &std::path::Path) -> std::io::Result<()> {
        self.app.export_file(path)
    }

    /// Stops the server and waits until its port is closed.
    pub async fn shutdown(mut self) {
        let _ = self.stop.send(true);
        if let Some(stopped) = self.stopped.take() {
            let _ = stopped.await;
        }
    }
}

impl Drop for Emulator {
    /// Tells the server to stop, without waiting.
    fn drop(&mut self) {
        let _ = self.stop.send(true);
    }
}
