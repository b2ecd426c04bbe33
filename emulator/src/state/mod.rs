//! Everything the emulator remembers, in one [`Store`] behind one lock,
//! and the logic of every operation as methods of it. The HTTP layer
//! (`crate::api`) extracts, calls one method and encodes the generated
//! response type.
//!
//! - `users.rs`: SaaS users, sign-up, sign-in, MFA, devices, external links;
//! - `tenancy.rs`: attributes, tenants, tenant users, roles, envs, role
//!   assignments, invitations;
//! - `settings.rs`: basic info, auth info, single-tenant and Stripe settings;
//! - `credentials.rs`: temporary codes, tokens and `UserInfo`.

mod credentials;
mod password;
mod settings;
mod snapshot;
mod tenancy;
mod users;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::time::Duration;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use saasus_auth::types;
use saasus_auth::Attributes;
use serde_json::Value;

use crate::error::Fault;

pub(crate) use credentials::pkce_challenge;
pub use credentials::CredentialsQuery;
pub use snapshot::{SnapshotError, SNAPSHOT_VERSION};
pub use tenancy::TenantUserSearch;
pub(crate) use users::PageStep;
pub use users::{external_access_token, EmailKind, Search, SentEmail};

/// How long codes and tokens live.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Lifetimes {
    /// Temporary codes (admin login, CreateAuthCredentials): single-use,
    /// 10 seconds by default, as on the hosted login page.
    pub code: Duration,
    /// ID and access tokens: one hour by default.
    pub token: Duration,
    /// Refresh tokens: 30 days by default.
    pub refresh_token: Duration,
}

impl Default for Lifetimes {
    fn default() -> Self {
        Self {
            code: Duration::from_secs(10),
            token: Duration::from_secs(3600),
            refresh_token: Duration::from_secs(30 * 24 * 3600),
        }
    }
}

/// What kind of token a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TokenUse {
    Id,
    Access,
    Refresh,
}

/// An issued token.
#[derive(Debug, Clone)]
pub(crate) struct Token {
    user_id: String,
    token_use: TokenUse,
    expires_ms: i64,
}

/// A temporary code and the credentials it stands for.
#[derive(Debug, Clone)]
pub(crate) struct TempCode {
    credentials: types::Credentials,
    expires_ms: i64,
    /// The PKCE S256 challenge the code is bound to, if any: such a code is
    /// redeemed only by ExchangeAuthCredentials with the matching verifier.
    challenge: Option<String>,
}

/// A tenant and what belongs to it.
#[derive(Debug, Clone)]
pub(crate) struct TenantRec {
    tenant: types::Tenant,
    /// Members by SaaS user id, in the order they joined.
    members: Vec<Member>,
    identity_provider: Option<types::TenantIdentityProvidersSaml>,
    /// The recorded tenant-user count and when it was recorded.
    recorded_count: (i64, i64),
}

/// A tenant user: a SaaS user's membership of a tenant.
#[derive(Debug, Clone)]
pub(crate) struct Member {
    user_id: String,
    attributes: Attributes,
    /// Role names per env id, in the order they were assigned.
    roles: BTreeMap<i64, Vec<String>>,
}

/// An invitation to a tenant.
#[derive(Debug, Clone)]
pub(crate) struct InvitationRec {
    tenant_id: String,
    invitation: types::Invitation,
}

/// Everything the emulator remembers.
#[derive(Debug)]
pub struct Store {
    /// The time of the request being served, in Unix milliseconds.
    now_ms: i64,
    lifetimes: Lifetimes,
    // ---- SaaS users (users.rs)
    users: BTreeMap<u64, users::User>,
    user_index: HashMap<String, u64>,
    next_seq: u64,
    recorded_count: (i64, i64),
    sessions: HashMap<String, users::Session>,
    next_session: u64,
    next_device: u64,
    marketplace_tenants: BTreeSet<String>,
    outbox: Vec<SentEmail>,
    // ---- tenancy (tenancy.rs)
    saas_user_attributes: Vec<types::Attribute>,
    user_attributes: Vec<types::Attribute>,
    tenant_attributes: Vec<types::Attribute>,
    /// Tenants in creation order.
    tenants: Vec<TenantRec>,
    roles: Vec<types::Role>,
    /// Envs by id.
    envs: BTreeMap<i64, types::Env>,
    /// Invitations in creation order.
    invitations: Vec<InvitationRec>,
    // ---- settings (settings.rs)
    settings: settings::Settings,
    // ---- credentials (credentials.rs)
    codes: HashMap<String, TempCode>,
    tokens: HashMap<String, Token>,
}

impl Store {
    /// An empty store.
    pub fn new(lifetimes: Lifetimes) -> Self {
        Self {
            now_ms: 0,
            lifetimes,
            users: BTreeMap::new(),
            user_index: HashMap::new(),
            next_seq: 0,
            recorded_count: (0, 0),
            sessions: HashMap::new(),
            next_session: 0,
            next_device: 0,
            marketplace_tenants: BTreeSet::new(),
            outbox: Vec::new(),
            saas_user_attributes: Vec::new(),
            user_attributes: Vec::new(),
            tenant_attributes: Vec::new(),
            tenants: Vec::new(),
            roles: Vec::new(),
            envs: BTreeMap::new(),
            invitations: Vec::new(),
            settings: settings::Settings::default(),
            codes: HashMap::new(),
            tokens: HashMap::new(),
        }
    }

    /// Sets the time of the request being served (Unix milliseconds).
    pub fn set_now_ms(&mut self, now_ms: i64) {
        self.now_ms = now_ms;
    }

    /// The time of the request being served, in Unix seconds.
    pub(crate) fn now(&self) -> i64 {
        self.now_ms.div_euclid(1000)
    }

    /// The emails the real service would have sent so far, oldest first.
    pub fn sent_emails(&self) -> Vec<SentEmail> {
        self.outbox.clone()
    }

    /// The callback URL of the hosted sign-in page (UpdateAuthInfo); empty
    /// when none is set.
    pub fn callback_url(&self) -> &str {
        self.settings.callback_url()
    }

    /// Sets the callback URL of the hosted sign-in page, as UpdateAuthInfo
    /// does.
    pub fn set_callback_url(&mut self, url: impl Into<String>) {
        self.settings.set_callback_url(url.into());
    }
}

/// A random UUID (version 4).
pub(crate) fn new_uuid() -> String {
    uuid::Uuid::new_v4().to_string()
}

/// A JWT-shaped token: base64url (no padding) header, claims and 32 random
/// bytes, joined by dots. Only URL-safe characters.
pub(crate) fn new_jwt(claims: &Value) -> String {
    let header = URL_SAFE_NO_PAD.encode(br#"{"alg":"HS256","typ":"JWT","kid":"saasus-emulator"}"#);
    let claims = URL_SAFE_NO_PAD.encode(claims.to_string());
    let mut random = Vec::with_capacity(32);
    random.extend_from_slice(uuid::Uuid::new_v4().as_bytes());
    random.extend_from_slice(uuid::Uuid::new_v4().as_bytes());
    format!("{header}.{claims}.{}", URL_SAFE_NO_PAD.encode(random))
}

/// Checks attribute values against their definitions: every name must be
/// defined, every value of the defined type (`string`, `number`, `bool`,
/// `date` as `YYYY-MM-DD`) or null.
pub(crate) fn check_attributes(
    definitions: &[types::Attribute],
    values: &Attributes,
    what: &str,
) -> Result<(), Fault> {
    for (name, value) in values {
        let def = definitions
            .iter()
            .find(|d| d.attribute_name == name)
            .ok_or_else(|| {
                Fault::invalid(
                    "invalid_attribute",
                    format!("{name:?} is not a defined {what} attribute"),
                )
            })?;
        let ok = match (&def.attribute_type, value) {
            (_, Value::Null) => true,
            (types::AttributeType::String, Value::String(_)) => true,
            (types::AttributeType::Number, Value::Number(_)) => true,
            (types::AttributeType::Bool, Value::Bool(_)) => true,
            (types::AttributeType::Date, Value::String(s)) => is_date(s),
            _ => false,
        };
        if !ok {
            return Err(Fault::invalid(
                "invalid_attribute",
                format!(
                    "the {what} attribute {name:?} must be of type {}",
                    def.attribute_type
                ),
            ));
        }
    }
    Ok(())
}

/// Merges `values` into `into`; a null value removes the attribute.
pub(crate) fn merge_attributes(into: &mut Attributes, values: Attributes) {
    for (k, v) in values {
        if v.is_null() {
            into.remove(&k);
        } else {
            into.insert(k, v);
        }
    }
}

fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
}

/// Checks an attribute definition: a non-empty name not yet defined.
pub(crate) fn check_definition(
    definitions: &[types::Attribute],
    attribute: &types::Attribute,
) -> Result<(), Fault> {
    if attribute.attribute_name.is_empty() {
        return Err(Fault::invalid(
            "invalid_parameter",
            "the attribute name must not be empty",
        ));
    }
    if definitions
        .iter()
        .any(|d| d.attribute_name == attribute.attribute_name)
    {
        return Err(Fault::invalid(
            "attribute_already_exists",
            format!(
                "the attribute {:?} already exists",
                attribute.attribute_name
            ),
        ));
    }
    Ok(())
}
