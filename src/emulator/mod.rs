//! A local, stateful emulator of the SaaSus Auth API's SaaS user
//! operations, for tests, examples and offline development (feature
//! `emulator`).
//!
//! [`Emulator::start`] serves the 30 operations of [`SaasUserApi`] over
//! real HTTP on `127.0.0.1`, at a port the operating system picks, and keeps
//! users in memory. It checks the SAASUSSIGV1 signature of every request,
//! answers with the statuses the spec documents and SaaSus error bodies
//! (`{"type": "...", "message": "..."}`), and builds every response from the
//! generated [`types`](crate::types), so what it sends follows
//! `openapi/auth.yaml` by construction. It stops when dropped.
//!
//! ```
//! use saasus_auth::emulator::Emulator;
//! use saasus_auth::types;
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), saasus_auth::Error> {
//! let emu = Emulator::start().await?;
//! let api = emu.saas_user_api();
//!
//! let param = types::CreateSaasUserParam {
//!     email: Some("tanaka@example.com".into()),
//!     password: Some("P@ssw0rd!".into()),
//!     sign_in_id: None,
//! };
//! let created = api.create_saas_user(&param).await?.data;
//! let user = api.get_saas_user(&created.id).await?.data;
//! assert_eq!(user.email, "tanaka@example.com");
//!
//! api.delete_saas_user(&created.id).await?;
//! let err = api.get_saas_user(&created.id).await.unwrap_err();
//! assert!(err.is_not_found());
//! assert_eq!(err.api_error().unwrap().error_type, "user_not_found");
//! # Ok(()) }
//! ```
//!
//! # Credentials and signatures
//!
//! [`Emulator::start`] accepts the fixed credentials [`SAAS_ID`],
//! [`API_KEY`] and [`SECRET_KEY`]; [`Emulator::start_with`] those of a
//! [`Configuration`]. A request is accepted when its `Authorization` header
//! carries these SaaS ID and API key and the signature of its Host header,
//! its request target exactly as received (still percent-encoded) and its
//! body, at the current minute of the configuration's clock or one minute
//! either side ([`SIGNATURE_WINDOW_MINUTES`]). A client built from the same
//! configuration (see [`Emulator::saas_user_api`] and
//! [`Emulator::configuration`]) therefore always agrees with the emulator,
//! even on a [`FixedClock`](crate::signing::FixedClock). Anything else is
//! answered `401` with the error type `unauthorized`, whatever the path.
//!
//! # Deterministic values
//!
//! | What | Value |
//! |------|-------|
//! | Every verification code: email update, external account link, authenticator app, MFA at sign-in | [`VERIFICATION_CODE`] (`123456`) |
//! | Temporary password of a user created without one, signed up, or whose sign-up email was resent | [`TEMPORARY_PASSWORD`] |
//! | Password issued by ResetSaasUserPassword | [`RESET_PASSWORD`] |
//! | Authenticator app secret (CreateSecretCode) | [`SOFTWARE_TOKEN_SECRET`] |
//! | The one valid AWS Marketplace registration token | [`AWS_MARKETPLACE_REGISTRATION_TOKEN`] |
//! | A user's access token | [`Emulator::access_token`]: `emu-access-token.{user_id}` |
//! | A user's ID and refresh tokens (sign-in) | `emu-id-token.{user_id}`, `emu-refresh-token.{user_id}` |
//! | Access token of an external identity provider's user | [`Emulator::external_access_token`] |
//! | Sign-in sessions, device keys, search cursors | `emu-session-{n}`, `emu-device-{n}`, `emu-cursor-{n}` |
//!
//! User and tenant IDs are random UUIDs (version-4 form), different in
//! every emulator. Emails are not sent: [`Emulator::sent_emails`] lists
//! them.
//!
//! # Behaviour
//!
//! - Users are listed and searched in creation order. Emails compare
//!   without regard to ASCII case; a second user with the same email address
//!   or sign-in ID is refused. Passwords need at least 8 characters.
//! - CreateSaasUser without a password, SignUp and SignUpWithAwsMarketplace
//!   give the user the temporary password [`TEMPORARY_PASSWORD`]
//!   (CreateSaasUser returns it in `password`; a password the caller chose
//!   is never echoed). ResetSaasUserPassword issues [`RESET_PASSWORD`], also
//!   temporary. ResendSignUpConfirmationEmail works while the password is
//!   temporary.
//! - GetSaasUsersCount reports the recorded count: the emulator records the
//!   number of users (and the time) whenever a user is created or deleted,
//!   and SaveSaasUsersCount records the figure it is given.
//! - SearchSaasUsers filters on `id`, `email` and `sign_in_id` (all that are
//!   given must match), pages by `limit` (1 to 100, default 100) and answers
//!   a `cursor` when more users match.
//! - UpdateSaasUserAttributes merges the given attributes into the user's.
//! - RequestEmailUpdate / ConfirmEmailUpdate, CreateSecretCode /
//!   UpdateSoftwareToken and ConfirmDevice / UpdateDeviceStatus need the
//!   user's access token ([`Emulator::access_token`], or the one sign-in
//!   returns). Enabling MFA needs a method, and the `softwareToken` method
//!   needs a registered authenticator app.
//! - RequestExternalUserLink / ConfirmExternalUserLink link the identity
//!   provider of an [`Emulator::external_access_token`] to the existing user
//!   with the same email address; UnlinkProvider removes a linked provider
//!   (a provider that is not linked is an error). Provider names are
//!   compared after percent-decoding, so any characters work.
//! - ConfirmSignUpWithAwsMarketplace creates a tenant (named `tenant_name`,
//!   or after the user) and LinkAwsMarketplace records a tenant ID; the
//!   emulator does not model the rest of the tenant API, so any non-empty
//!   tenant ID is accepted.
//!
//! # Sign-in (simplified)
//!
//! The emulator does not implement SRP. SignIn (`USER_SRP_AUTH`) needs
//! `USERNAME` (email address, sign-in ID or user ID; `SRP_A` is ignored)
//! and answers the challenge `PASSWORD_VERIFIER` with a session. Answer it
//! with RespondToSignInChallenge, passing the user's plain password in the
//! challenge response `PASSWORD`. Then, in this order and only when they
//! apply:
//!
//! 1. `NEW_PASSWORD_REQUIRED` when the password is temporary: answer
//!    `NEW_PASSWORD`;
//! 2. `SOFTWARE_TOKEN_MFA` (`SOFTWARE_TOKEN_MFA_CODE`) or `EMAIL_OTP`
//!    (`EMAIL_OTP_CODE`) when MFA is enabled: answer [`VERIFICATION_CODE`].
//!
//! Each answer takes the session of the previous step (sessions are good
//! once). The last one returns credentials (the access token is
//! [`Emulator::access_token`]) and a new device key for ConfirmDevice,
//! which answers `user_confirmation_necessary: true`; UpdateDeviceStatus
//! then sets whether the device is remembered. A successful sign-in sets
//! `last_login_at`.
//!
//! # Statuses
//!
//! Every operation answers only statuses its spec documents, so that the
//! facade reports each failure as [`Error::Api`] with its error type:
//!
//! | Failure | Status | Error types |
//! |---------|--------|-------------|
//! | Missing or wrong signature, unknown SaaS ID or API key | `401` (every path) | `unauthorized` |
//! | Body missing or not JSON of the documented type; path not valid percent-encoded UTF-8 | `400` (every operation; the facade cannot send such requests) | `invalid_request` |
//! | Body over 1 MiB | `413` | `request_too_large` |
//! | No such path / method | `404` / `405` | `not_found` / `method_not_allowed` |
//! | Unknown user | `404` where documented (GetSaasUser, DeleteSaasUser, ResetSaasUserPassword), else `400` where documented (the external account link operations), `401` for SignIn, else `500` | `user_not_found` |
//! | Parameters that cannot be applied | `400` where documented (CreateSaasUser, SaveSaasUsersCount, SearchSaasUsers, the external link and device operations), else `500` | `email_already_exists`, `sign_in_id_already_exists`, `invalid_email`, `invalid_password`, `invalid_parameter`, `invalid_cursor`, `provider_not_linked`, `already_linked`, `no_pending_email_update`, `no_pending_link`, `secret_code_not_created`, `software_token_not_registered`, `already_confirmed`, `unknown_device` |
//! | Token, code, password or session not accepted | `401` where documented (SignIn, RespondToSignInChallenge, ConfirmDevice, UpdateDeviceStatus), else `400` where documented, else `500` | `invalid_access_token`, `invalid_code`, `invalid_registration_token`, `invalid_session`, `unexpected_challenge`, `not_authorized` |
//! | The emulator's own failure (a poisoned lock) | `500` | `internal_server_error` |
//!
//! `500` stands in where the spec documents no closer status: its
//! descriptions of those `500`s name exactly these causes ("for example
//! because the code or access token was not accepted"). A request-level
//! status (`400`, `401`, `404`, `405`, `413`) that an operation does not
//! document reaches the facade as [`Error::UnexpectedStatus`].
//!
//! # Lifetime
//!
//! The server runs on a thread of its own with its own Tokio runtime, so it
//! works under any runtime flavour. Dropping the [`Emulator`] stops it and
//! waits (at most about a second) until the port is closed; in async code,
//! [`Emulator::shutdown`] does the same without blocking the runtime.
//!
//! [`Error::Api`]: crate::Error::Api
//! [`Error::UnexpectedStatus`]: crate::Error::UnexpectedStatus

mod auth;
mod routes;
mod state;

pub use state::{EmailKind, SentEmail};

use std::fmt;
use std::future::IntoFuture;
use std::net::{Ipv4Addr, SocketAddr};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::thread::JoinHandle;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use tokio::sync::watch;

use crate::config::Configuration;
use crate::error::Error;
use crate::signing::Clock;
use crate::SaasUserApi;

/// The SaaS ID [`Emulator::start`] accepts.
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), saasus_auth::Error> {
/// let emu = saasus_auth::emulator::Emulator::start().await?;
/// assert_eq!(emu.configuration().saas_id(), saasus_auth::emulator::SAAS_ID);
/// # Ok(()) }
/// ```
pub const SAAS_ID: &str = "emulator-saas-id";

/// The API key [`Emulator::start`] accepts.
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), saasus_auth::Error> {
/// let emu = saasus_auth::emulator::Emulator::start().await?;
/// assert_eq!(emu.configuration().api_key(), saasus_auth::emulator::API_KEY);
/// # Ok(()) }
/// ```
pub const API_KEY: &str = "emulator-api-key";

/// The secret key [`Emulator::start`] accepts. It is public: the emulator
/// is for tests. Use [`Emulator::start_with`] for credentials of your own.
///
/// ```
/// use saasus_auth::emulator::{Emulator, API_KEY, SAAS_ID, SECRET_KEY};
/// use saasus_auth::{Configuration, SaasUserApi};
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), saasus_auth::Error> {
/// let emu = Emulator::start().await?;
/// let config = Configuration::new(SAAS_ID, API_KEY, SECRET_KEY);
/// let api = SaasUserApi::new(Some(config), Some(&emu.base_path()), None)?;
/// assert!(api.get_saas_users().await?.data.users.is_empty());
/// # Ok(()) }
/// ```
pub const SECRET_KEY: &str = "emulator-secret-key";

/// Every verification code the emulator sends and accepts: email update,
/// external account link, authenticator app registration and MFA at
/// sign-in.
///
/// ```
/// use saasus_auth::emulator::{Emulator, VERIFICATION_CODE};
/// use saasus_auth::types;
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), saasus_auth::Error> {
/// let emu = Emulator::start().await?;
/// let api = emu.saas_user_api();
/// let param = types::CreateSaasUserParam {
///     email: Some("old@example.com".into()),
///     password: Some("P@ssw0rd!".into()),
///     sign_in_id: None,
/// };
/// let id = api.create_saas_user(&param).await?.data.id;
/// let access_token = emu.access_token(&id);
/// api.request_email_update(&id, &types::RequestEmailUpdateParam {
///     access_token: access_token.clone(),
///     email: "new@example.com".into(),
/// })
/// .await?;
/// api.confirm_email_update(&id, &types::ConfirmEmailUpdateParam {
///     access_token,
///     code: VERIFICATION_CODE.into(),
/// })
/// .await?;
/// assert_eq!(api.get_saas_user(&id).await?.data.email, "new@example.com");
/// # Ok(()) }
/// ```
pub const VERIFICATION_CODE: &str = "123456";

/// The temporary password of a user created without a password, signed up
/// with SignUp or SignUpWithAwsMarketplace; the first sign-in asks for a
/// new one (`NEW_PASSWORD_REQUIRED`).
///
/// ```
/// use saasus_auth::emulator::{Emulator, TEMPORARY_PASSWORD};
/// use saasus_auth::types;
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), saasus_auth::Error> {
/// let emu = Emulator::start().await?;
/// let param = types::CreateSaasUserParam {
///     email: Some("user@example.com".into()),
///     password: None,
///     sign_in_id: None,
/// };
/// let created = emu.saas_user_api().create_saas_user(&param).await?.data;
/// assert_eq!(created.password.as_deref(), Some(TEMPORARY_PASSWORD));
/// # Ok(()) }
/// ```
pub const TEMPORARY_PASSWORD: &str = "Emulator-Temp-Passw0rd";

/// The (temporary) password ResetSaasUserPassword issues.
///
/// ```
/// use saasus_auth::emulator::{Emulator, RESET_PASSWORD};
/// use saasus_auth::types;
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), saasus_auth::Error> {
/// let emu = Emulator::start().await?;
/// let api = emu.saas_user_api();
/// let param = types::CreateSaasUserParam {
///     email: Some("user@example.com".into()),
///     password: Some("P@ssw0rd!".into()),
///     sign_in_id: None,
/// };
/// let id = api.create_saas_user(&param).await?.data.id;
/// let reset = api.reset_saas_user_password(&id).await?.data;
/// assert_eq!(reset.password.as_deref(), Some(RESET_PASSWORD));
/// # Ok(()) }
/// ```
pub const RESET_PASSWORD: &str = "Emulator-Reset-Passw0rd";

/// The authenticator app secret CreateSecretCode returns.
///
/// ```
/// use saasus_auth::emulator::{Emulator, SOFTWARE_TOKEN_SECRET, VERIFICATION_CODE};
/// use saasus_auth::types;
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), saasus_auth::Error> {
/// let emu = Emulator::start().await?;
/// let api = emu.saas_user_api();
/// let param = types::CreateSaasUserParam {
///     email: Some("user@example.com".into()),
///     password: Some("P@ssw0rd!".into()),
///     sign_in_id: None,
/// };
/// let id = api.create_saas_user(&param).await?.data.id;
/// let access_token = emu.access_token(&id);
/// let secret = api
///     .create_secret_code(&id, &types::CreateSecretCodeParam { access_token: access_token.clone() })
///     .await?
///     .data;
/// assert_eq!(secret.secret_code, SOFTWARE_TOKEN_SECRET);
/// api.update_software_token(&id, &types::UpdateSoftwareTokenParam {
///     access_token,
///     verification_code: VERIFICATION_CODE.into(),
/// })
/// .await?;
/// # Ok(()) }
/// ```
pub const SOFTWARE_TOKEN_SECRET: &str = "JBSWY3DPEHPK3PXP";

/// The one AWS Marketplace registration token the emulator accepts.
///
/// ```
/// use saasus_auth::emulator::{Emulator, AWS_MARKETPLACE_REGISTRATION_TOKEN};
/// use saasus_auth::types;
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), saasus_auth::Error> {
/// let emu = Emulator::start().await?;
/// let api = emu.saas_user_api();
/// let user = api
///     .sign_up_with_aws_marketplace(&types::SignUpWithAwsMarketplaceParam {
///         email: "buyer@example.com".into(),
///         registration_token: AWS_MARKETPLACE_REGISTRATION_TOKEN.into(),
///     })
///     .await?
///     .data;
/// let tenant = api
///     .confirm_sign_up_with_aws_marketplace(&types::ConfirmSignUpWithAwsMarketplaceParam {
///         access_token: emu.access_token(&user.id),
///         registration_token: AWS_MARKETPLACE_REGISTRATION_TOKEN.into(),
///         tenant_name: Some("Buyer Inc.".into()),
///     })
///     .await?
///     .data;
/// assert_eq!(tenant.name, "Buyer Inc.");
/// # Ok(()) }
/// ```
pub const AWS_MARKETPLACE_REGISTRATION_TOKEN: &str = "emulator-aws-marketplace-registration-token";

/// How many minutes either side of the clock's current minute a signature
/// timestamp may be.
///
/// ```
/// assert_eq!(saasus_auth::emulator::SIGNATURE_WINDOW_MINUTES, 1);
/// ```
pub const SIGNATURE_WINDOW_MINUTES: u32 = 1;

/// How long a stopping emulator waits for requests in flight.
const SHUTDOWN_GRACE: Duration = Duration::from_millis(1000);

/// What the request handler shares: signature checks, clock and store.
pub(crate) struct Shared {
    verifier: auth::Verifier,
    clock: Arc<dyn Clock>,
    store: Mutex<state::Store>,
}

impl Shared {
    /// The clock's time in Unix seconds.
    fn now_unix(&self) -> i64 {
        unix_seconds(self.clock.now())
    }

    /// The store for the helpers, which only read: a poisoned lock still
    /// holds consistent data, as no operation panics half-way.
    fn store(&self) -> MutexGuard<'_, state::Store> {
        self.store.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

fn unix_seconds(t: SystemTime) -> i64 {
    t.duration_since(UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
        .unwrap_or(0)
}

/// A running SaaSus emulator; see the [module documentation](self).
///
/// `Send` and `Sync`: share it by reference or in an `Arc`. Its `Debug`
/// output shows neither the API key nor the secret key.
///
/// ```
/// use saasus_auth::emulator::Emulator;
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), saasus_auth::Error> {
/// let emu = Emulator::start().await?;
/// println!("SaaSus emulator at {}", emu.base_path());
/// assert!(!format!("{emu:?}").contains(saasus_auth::emulator::SECRET_KEY));
/// # Ok(()) }
/// ```
pub struct Emulator {
    addr: SocketAddr,
    config: Configuration,
    api: SaasUserApi,
    shared: Arc<Shared>,
    stop: Option<watch::Sender<bool>>,
    thread: Option<JoinHandle<()>>,
}

impl fmt::Debug for Emulator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Emulator")
            .field("addr", &self.addr)
            .field("base_path", &self.base_path())
            .field("configuration", &self.config)
            .field("running", &self.thread.is_some())
            .finish()
    }
}

fn io_error(what: &str, e: std::io::Error) -> Error {
    Error::InvalidConfiguration {
        problems: vec![format!("the SaaSus emulator cannot {what}: {e}")],
    }
}

impl Emulator {
    /// Starts an emulator that accepts the fixed credentials [`SAAS_ID`],
    /// [`API_KEY`] and [`SECRET_KEY`], on `127.0.0.1` at a free port.
    ///
    /// Fails with [`Error::InvalidConfiguration`] when it cannot listen or
    /// start its thread.
    ///
    /// ```
    /// use saasus_auth::emulator::Emulator;
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), saasus_auth::Error> {
    /// let emu = Emulator::start().await?;
    /// let users = emu.saas_user_api().get_saas_users().await?.data.users;
    /// assert!(users.is_empty());
    /// # Ok(()) }
    /// ```
    pub async fn start() -> Result<Self, Error> {
        Self::start_with(Configuration::new(SAAS_ID, API_KEY, SECRET_KEY)).await
    }

    /// Starts an emulator that accepts the credentials of `config` and
    /// checks signatures against its clock. The configuration's API root is
    /// replaced by the emulator's address; its other settings (timeouts,
    /// headers, retries) carry over to [`Emulator::configuration`] and
    /// [`Emulator::saas_user_api`].
    ///
    /// Fails with [`Error::InvalidConfiguration`] when `config` is not valid
    /// or the emulator cannot listen or start its thread.
    ///
    /// ```
    /// use std::sync::Arc;
    /// use std::time::{Duration, UNIX_EPOCH};
    /// use saasus_auth::emulator::Emulator;
    /// use saasus_auth::signing::FixedClock;
    /// use saasus_auth::Configuration;
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), saasus_auth::Error> {
    /// // Client and emulator share the stopped clock, so they agree.
    /// let clock = Arc::new(FixedClock::new(UNIX_EPOCH + Duration::from_secs(1_704_067_200)));
    /// let config = Configuration::new("my-saas", "my-key", "my-secret").with_clock(clock);
    /// let emu = Emulator::start_with(config).await?;
    /// let count = emu.saas_user_api().get_saas_users_count().await?.data;
    /// assert_eq!((count.count, count.updated_at), (0, 1_704_067_200));
    /// # Ok(()) }
    /// ```
    pub async fn start_with(config: Configuration) -> Result<Self, Error> {
        config.validate()?;
        let listener = std::net::TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
            .map_err(|e| io_error("listen on 127.0.0.1", e))?;
        listener
            .set_nonblocking(true)
            .map_err(|e| io_error("configure its listener", e))?;
        let addr = listener
            .local_addr()
            .map_err(|e| io_error("read its address", e))?;
        let config = config.with_api_url_base(format!("http://{addr}"));
        let api = SaasUserApi::new(Some(config.clone()), None, None)?;

        static STARTED: AtomicU64 = AtomicU64::new(0);
        let seed = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_nanos() as u64)
            .unwrap_or(0)
            ^ (u64::from(addr.port()) << 48)
            ^ STARTED.fetch_add(1, Ordering::Relaxed);
        let shared = Arc::new(Shared {
            verifier: auth::Verifier::new(&config),
            clock: config.clock.clone(),
            store: Mutex::new(state::Store::new(seed, unix_seconds(config.clock.now()))),
        });

        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| io_error("start its runtime", e))?;
        let listener = {
            let _context = runtime.enter();
            tokio::net::TcpListener::from_std(listener)
                .map_err(|e| io_error("register its listener", e))?
        };
        let (stop, stopped) = watch::channel(false);
        let app = routes::router(shared.clone());
        let thread = std::thread::Builder::new()
            .name(format!("saasus-emulator-{}", addr.port()))
            .spawn(move || serve(runtime, listener, app, stopped))
            .map_err(|e| io_error("start its thread", e))?;
        tracing::debug!(%addr, "saasus emulator started");
        Ok(Self {
            addr,
            config,
            api,
            shared,
            stop: Some(stop),
            thread: Some(thread),
        })
    }

    /// The address the emulator listens on (`127.0.0.1` and a free port).
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), saasus_auth::Error> {
    /// let emu = saasus_auth::emulator::Emulator::start().await?;
    /// assert!(emu.addr().ip().is_loopback());
    /// assert_ne!(emu.addr().port(), 0);
    /// # Ok(()) }
    /// ```
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The base path of the emulated Auth API: `http://127.0.0.1:PORT/v1/auth`.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), saasus_auth::Error> {
    /// let emu = saasus_auth::emulator::Emulator::start().await?;
    /// assert_eq!(emu.base_path(), format!("http://{}/v1/auth", emu.addr()));
    /// # Ok(()) }
    /// ```
    pub fn base_path(&self) -> String {
        self.config.auth_base_path()
    }

    /// The configuration the emulator accepts, with its API root set to the
    /// emulator: `SaasUserApi::new(Some(emu.configuration()), None, None)`
    /// talks to it.
    ///
    /// ```
    /// use saasus_auth::SaasUserApi;
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), saasus_auth::Error> {
    /// let emu = saasus_auth::emulator::Emulator::start().await?;
    /// let api = SaasUserApi::new(Some(emu.configuration()), None, None)?;
    /// assert_eq!(api.base_path(), emu.base_path());
    /// api.get_saas_users().await?;
    /// # Ok(()) }
    /// ```
    pub fn configuration(&self) -> Configuration {
        self.config.clone()
    }

    /// A [`SaasUserApi`] signed with the emulator's credentials and aimed at
    /// it. Clones share one connection pool.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), saasus_auth::Error> {
    /// let emu = saasus_auth::emulator::Emulator::start().await?;
    /// let count = emu.saas_user_api().get_saas_users_count().await?.data;
    /// assert_eq!(count.count, 0);
    /// # Ok(()) }
    /// ```
    pub fn saas_user_api(&self) -> SaasUserApi {
        self.api.clone()
    }

    /// The access token of the user `user_id`, as the emulator's sign-in
    /// would return it: `emu-access-token.{user_id}`. Operations that take
    /// a user's access token accept it while the user exists.
    ///
    /// ```
    /// use saasus_auth::emulator::Emulator;
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), saasus_auth::Error> {
    /// let emu = Emulator::start().await?;
    /// assert_eq!(emu.access_token("abc"), "emu-access-token.abc");
    /// # Ok(()) }
    /// ```
    pub fn access_token(&self, user_id: &str) -> String {
        state::access_token(user_id)
    }

    /// The access token of the user with address `email` at the external
    /// identity provider `provider_name` (for example `Google`), for
    /// RequestExternalUserLink and ConfirmExternalUserLink. Any provider
    /// name works, whatever its characters.
    ///
    /// ```
    /// use saasus_auth::emulator::{Emulator, VERIFICATION_CODE};
    /// use saasus_auth::types;
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), saasus_auth::Error> {
    /// let emu = Emulator::start().await?;
    /// let api = emu.saas_user_api();
    /// let param = types::CreateSaasUserParam {
    ///     email: Some("user@example.com".into()),
    ///     password: Some("P@ssw0rd!".into()),
    ///     sign_in_id: None,
    /// };
    /// let id = api.create_saas_user(&param).await?.data.id;
    ///
    /// let access_token = emu.external_access_token("Google", "user@example.com");
    /// api.request_external_user_link(&types::RequestExternalUserLinkParam {
    ///     access_token: access_token.clone(),
    /// })
    /// .await?;
    /// api.confirm_external_user_link(&types::ConfirmExternalUserLinkParam {
    ///     access_token,
    ///     code: VERIFICATION_CODE.into(),
    /// })
    /// .await?;
    /// assert_eq!(emu.linked_providers(&id), ["Google"]);
    /// api.unlink_provider("Google", &id).await?;
    /// assert!(emu.linked_providers(&id).is_empty());
    /// # Ok(()) }
    /// ```
    pub fn external_access_token(&self, provider_name: &str, email: &str) -> String {
        state::external_access_token(provider_name, email)
    }

    /// The identity providers linked to the user `user_id`, in name order
    /// (empty for an unknown user).
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), saasus_auth::Error> {
    /// let emu = saasus_auth::emulator::Emulator::start().await?;
    /// assert!(emu.linked_providers("no-such-user").is_empty());
    /// # Ok(()) }
    /// ```
    pub fn linked_providers(&self, user_id: &str) -> Vec<String> {
        self.shared.store().linked_providers(user_id)
    }

    /// The emails the real service would have sent so far, oldest first.
    ///
    /// ```
    /// use saasus_auth::emulator::{EmailKind, Emulator, VERIFICATION_CODE};
    /// use saasus_auth::types;
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), saasus_auth::Error> {
    /// let emu = Emulator::start().await?;
    /// let api = emu.saas_user_api();
    /// let param = types::CreateSaasUserParam {
    ///     email: Some("user@example.com".into()),
    ///     password: Some("P@ssw0rd!".into()),
    ///     sign_in_id: None,
    /// };
    /// let id = api.create_saas_user(&param).await?.data.id;
    /// assert!(emu.sent_emails().is_empty());
    /// api.request_email_update(&id, &types::RequestEmailUpdateParam {
    ///     access_token: emu.access_token(&id),
    ///     email: "new@example.com".into(),
    /// })
    /// .await?;
    /// let sent = emu.sent_emails();
    /// assert_eq!((sent[0].to.as_str(), sent[0].kind), ("new@example.com", EmailKind::EmailUpdateCode));
    /// assert_eq!(sent[0].code, VERIFICATION_CODE);
    /// # Ok(()) }
    /// ```
    pub fn sent_emails(&self) -> Vec<SentEmail> {
        self.shared.store().sent_emails()
    }

    /// Stops the emulator and waits until its port is closed, without
    /// blocking the runtime (dropping it does the same, blocking).
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), saasus_auth::Error> {
    /// let emu = saasus_auth::emulator::Emulator::start().await?;
    /// let addr = emu.addr();
    /// emu.shutdown().await;
    /// assert!(tokio::net::TcpStream::connect(addr).await.is_err());
    /// # Ok(()) }
    /// ```
    pub async fn shutdown(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(true);
        }
        if let Some(thread) = self.thread.take() {
            let _ = tokio::task::spawn_blocking(move || thread.join()).await;
        }
    }
}

impl Drop for Emulator {
    /// Stops the server and waits (at most about a second for requests in
    /// flight) until its port is closed.
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(true);
        }
        if let Some(thread) = self.thread.take() {
            // The server thread never panics; a join error is ignored.
            let _ = thread.join();
        }
    }
}

/// The server thread: serves until told to stop (or until the [`Emulator`]
/// is gone), gives requests in flight [`SHUTDOWN_GRACE`], then drops the
/// runtime, which closes every connection left.
fn serve(
    runtime: tokio::runtime::Runtime,
    listener: tokio::net::TcpListener,
    app: axum::Router,
    stopped: watch::Receiver<bool>,
) {
    let mut graceful = stopped.clone();
    let mut forced = stopped;
    runtime.block_on(async move {
        let server = axum::serve(listener, app).with_graceful_shutdown(async move {
            // Err: the Emulator is gone, which means stop too.
            let _ = graceful.wait_for(|stop| *stop).await;
        });
        tokio::select! {
            result = server.into_future() => {
                if let Err(e) = result {
                    tracing::warn!(error = %e, "saasus emulator stopped with an error");
                }
            }
            () = async move {
                let _ = forced.wait_for(|stop| *stop).await;
                tokio::time::sleep(SHUTDOWN_GRACE).await;
            } => tracing::debug!("saasus emulator stopped with requests in flight"),
        }
    });
    drop(runtime);
}

// Shared across tasks and threads.
const _: () = {
    const fn assert_send_sync<T: Send + Sync + 'static>() {}
    assert_send_sync::<Emulator>();
};
