//! Snapshots: the store as a versioned JSON document, written by
//! [`Store::export`] and read by [`Store::import`] (the format is described
//! in the crate documentation, section "Snapshots").
//!
//! What a snapshot holds: attribute definitions, users (passwords as
//! hashes; a hand-written seed may give `password` in clear), tenants with
//! their users and roles, roles, envs, invitations, every setting (the
//! callback URL also at the top), the recorded counts, the AWS Marketplace
//! links and the outbox. What it does not: issued tokens, temporary codes
//! and sign-ins in progress, which are credentials and short-lived.

use std::collections::{BTreeMap, BTreeSet, HashSet};

use saasus_auth::types;
use saasus_auth::Attributes;
use serde::{Deserialize, Serialize};

use super::password::{is_valid_hash, Password, HASH_SCHEME};
use super::users::{check_email, check_password, Device, SoftwareToken, User};
use super::{check_attributes, settings, InvitationRec, Lifetimes, Member, Store, TenantRec};
use crate::SentEmail;

/// The version of the snapshot format this emulator reads and writes.
pub const SNAPSHOT_VERSION: u32 = 1;

/// A snapshot that cannot be read: where, which field, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SnapshotError {
    /// The file (or "the request body") the snapshot came from.
    pub source: String,
    /// The field, as a path from the top of the document (`users[2].email`);
    /// empty for the document as a whole.
    pub field: String,
    /// What is wrong with it.
    pub message: String,
}

impl std::fmt::Display for SnapshotError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.field.is_empty() {
            write!(f, "{}: {}", self.source, self.message)
        } else {
            write!(f, "{}: {}: {}", self.source, self.field, self.message)
        }
    }
}

impl std::error::Error for SnapshotError {}

/// The document.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Document {
    version: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    callback_url: Option<String>,
    #[serde(default)]
    saas_user_attributes: Vec<types::Attribute>,
    #[serde(default)]
    user_attributes: Vec<types::Attribute>,
    #[serde(default)]
    tenant_attributes: Vec<types::Attribute>,
    #[serde(default)]
    users: Vec<UserDoc>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    saas_users_count: Option<RecordedCount>,
    #[serde(default)]
    roles: Vec<types::Role>,
    #[serde(default)]
    envs: Vec<types::Env>,
    #[serde(default)]
    tenants: Vec<TenantDoc>,
    #[serde(default)]
    invitations: Vec<InvitationDoc>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    settings: Option<settings::Settings>,
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    marketplace_tenants: BTreeSet<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    emails: Vec<SentEmail>,
}

/// A recorded count and when it was recorded (Unix seconds).
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct RecordedCount {
    count: i64,
    updated_at: i64,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct UserDoc {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    id: Option<String>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    email: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    sign_in_id: String,
    /// In clear: hand-written seeds only; exports write `password_hash`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    password: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    password_hash: Option<String>,
    #[serde(default, skip_serializing_if = "is_false")]
    temporary_password: bool,
    #[serde(default, skip_serializing_if = "Attributes::is_empty")]
    attributes: Attributes,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    last_login_at: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    mfa: Option<types::MfaPreference>,
    #[serde(default, skip_serializing_if = "SoftwareToken::is_unset")]
    software_token: SoftwareToken,
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    providers: BTreeSet<String>,
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pending_links: BTreeSet<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pending_email: Option<String>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    devices: BTreeMap<String, Device>,
}

fn is_false(b: &bool) -> bool {
    !*b
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct TenantDoc {
    tenant: types::Tenant,
    #[serde(default)]
    users: Vec<MemberDoc>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    identity_provider: Option<types::TenantIdentityProvidersSaml>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    user_count: Option<RecordedCount>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct MemberDoc {
    user_id: String,
    #[serde(default, skip_serializing_if = "Attributes::is_empty")]
    attributes: Attributes,
    /// Role names per env ID.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    roles: BTreeMap<i64, Vec<String>>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct InvitationDoc {
    tenant_id: String,
    invitation: types::Invitation,
}

impl Store {
    /// The store as a snapshot document (pretty JSON). Passwords are
    /// written as hashes, never in clear.
    pub fn export(&self) -> String {
        let document = Document {
            version: SNAPSHOT_VERSION,
            callback_url: Some(self.settings.callback_url().to_string()).filter(|u| !u.is_empty()),
            saas_user_attributes: self.saas_user_attributes.clone(),
            user_attributes: self.user_attributes.clone(),
            tenant_attributes: self.tenant_attributes.clone(),
            users: self
                .users
                .values()
                .map(|u| UserDoc {
                    id: Some(u.id.clone()),
                    email: u.email.clone(),
                    sign_in_id: u.sign_in_id.clone(),
                    password: None,
                    password_hash: Some(u.password.to_hash(&u.id)),
                    temporary_password: u.temporary_password,
                    attributes: u.attributes.clone(),
                    last_login_at: u.last_login_at,
                    mfa: Some(u.mfa.clone()),
                    software_token: u.software_token,
                    providers: u.providers.clone(),
                    pending_links: u.pending_links.clone(),
                    pending_email: u.pending_email.clone(),
                    devices: u.devices.clone(),
                })
                .collect(),
            saas_users_count: Some(RecordedCount {
                count: self.recorded_count.0,
                updated_at: self.recorded_count.1,
            }),
            roles: self.roles.clone(),
            envs: self.envs.values().cloned().collect(),
            tenants: self
                .tenants
                .iter()
                .map(|t| TenantDoc {
                    tenant: t.tenant.clone(),
                    users: t
                        .members
                        .iter()
                        .map(|m| MemberDoc {
                            user_id: m.user_id.clone(),
                            attributes: m.attributes.clone(),
                            roles: m.roles.clone(),
                        })
                        .collect(),
                    identity_provider: t.identity_provider.clone(),
                    user_count: Some(RecordedCount {
                        count: t.recorded_count.0,
                        updated_at: t.recorded_count.1,
                    }),
                })
                .collect(),
            invitations: self
                .invitations
                .iter()
                .map(|i| InvitationDoc {
                    tenant_id: i.tenant_id.clone(),
                    invitation: i.invitation.clone(),
                })
                .collect(),
            settings: Some(self.settings.clone()),
            marketplace_tenants: self.marketplace_tenants.clone(),
            emails: self.outbox.clone(),
        };
        // Every part is plain data with string keys: this does not fail.
        serde_json::to_string_pretty(&document).unwrap_or_default()
    }

    /// A store holding what the snapshot `text` describes; `source` names
    /// where it came from in errors. Nothing is half read: an error leaves
    /// no store.
    pub fn import(text: &str, source: &str, lifetimes: Lifetimes) -> Result<Store, SnapshotError> {
        let error = |field: &str, message: String| SnapshotError {
            source: source.to_string(),
            field: field.to_string(),
            message,
        };
        // The version first, so that a newer format is named as such.
        let value: serde_json::Value =
            serde_json::from_str(text).map_err(|e| error("", format!("not JSON: {e}")))?;
        if !value.is_object() {
            return Err(error("", "a snapshot is a JSON object".into()));
        }
        match value.get("version") {
            Some(v) if v.as_u64() == Some(u64::from(SNAPSHOT_VERSION)) => {}
            Some(v) => {
                return Err(error(
                    "version",
                    format!("this emulator reads version {SNAPSHOT_VERSION}, not {v}"),
                ))
            }
            None => {
                return Err(error(
                    "version",
                    format!("missing (this emulator reads version {SNAPSHOT_VERSION})"),
                ))
            }
        }
        let document: Document = serde_path_to_error::deserialize(value).map_err(|e| {
            let field = e.path().to_string();
            let field = if field == "." { String::new() } else { field };
            error(&field, e.into_inner().to_string())
        })?;
        let mut store = Store::new(lifetimes);
        store
            .load(document)
            .map_err(|(field, message)| error(&field, message))?;
        Ok(store)
    }

    /// Fills an empty store from `doc`, checking it as the API would.
    fn load(&mut self, doc: Document) -> Result<(), (String, String)> {
        check_definitions(&doc.saas_user_attributes, "saas_user_attributes")?;
        check_definitions(&doc.user_attributes, "user_attributes")?;
        check_definitions(&doc.tenant_attributes, "tenant_attributes")?;
        self.saas_user_attributes = doc.saas_user_attributes;
        self.user_attributes = doc.user_attributes;
        self.tenant_attributes = doc.tenant_attributes;

        let mut next_device = 0;
        for (i, u) in doc.users.into_iter().enumerate() {
            let field = |name: &str| format!("users[{i}].{name}");
            if u.email.is_empty() && u.sign_in_id.is_empty() {
                return Err((
                    format!("users[{i}]"),
                    "give an email or a sign_in_id".into(),
                ));
            }
            if !u.email.is_empty() {
                check_email(&u.email).map_err(|f| (field("email"), f.message))?;
                self.check_email_free(&u.email, None)
                    .map_err(|f| (field("email"), f.message))?;
            }
            if !u.sign_in_id.is_empty() {
                self.check_sign_in_id_free(&u.sign_in_id, None)
                    .map_err(|f| (field("sign_in_id"), f.message))?;
            }
            let password = match (u.password, u.password_hash) {
                (Some(p), None) => {
                    check_password(&p).map_err(|f| (field("password"), f.message))?;
                    Password::Clear(p)
                }
                (None, Some(h)) if is_valid_hash(&h) => Password::Hashed(h),
                (None, Some(_)) => {
                    return Err((
                        field("password_hash"),
                        format!("not a hash of the form {HASH_SCHEME}$ROUNDS$SALT$HASH"),
                    ))
                }
                (Some(_), Some(_)) => {
                    return Err((
                        field("password"),
                        "give password or password_hash, not both".into(),
                    ))
                }
                (None, None) => {
                    return Err((field("password"), "missing (or give password_hash)".into()))
                }
            };
            check_attributes(&self.saas_user_attributes, &u.attributes, "SaaS user")
                .map_err(|f| (field("attributes"), f.message))?;
            let id = u.id.unwrap_or_else(super::new_uuid);
            if id.is_empty() || self.user_index.contains_key(&id) {
                return Err((field("id"), format!("{id:?} is empty or not unique")));
            }
            for key in u.devices.keys() {
                if let Some(n) = key
                    .strip_prefix("emu-device-")
                    .and_then(|n| n.parse::<u64>().ok())
                {
                    next_device = next_device.max(n + 1);
                }
            }
            let seq = self.next_seq;
            self.next_seq += 1;
            self.user_index.insert(id.clone(), seq);
            self.users.insert(
                seq,
                User {
                    id,
                    email: u.email,
                    sign_in_id: u.sign_in_id,
                    password,
                    temporary_password: u.temporary_password,
                    attributes: u.attributes,
                    last_login_at: u.last_login_at,
                    mfa: u.mfa.unwrap_or(types::MfaPreference {
                        enabled: false,
                        method: None,
                    }),
                    software_token: u.software_token,
                    providers: u.providers,
                    pending_links: u.pending_links,
                    pending_email: u.pending_email,
                    devices: u.devices,
                },
            );
        }
        self.next_device = next_device;
        self.recorded_count = match doc.saas_users_count {
            Some(c) => (c.count, c.updated_at),
            None => (self.users.len() as i64, 0),
        };

        let mut role_names = HashSet::new();
        for (i, role) in doc.roles.iter().enumerate() {
            if role.role_name.is_empty() || !role_names.insert(role.role_name.clone()) {
                return Err((
                    format!("roles[{i}].role_name"),
                    format!("{:?} is empty or not unique", role.role_name),
                ));
            }
        }
        self.roles = doc.roles;
        for (i, env) in doc.envs.into_iter().enumerate() {
            if self.envs.insert(env.id.0, env).is_some() {
                return Err((format!("envs[{i}].id"), "not unique".into()));
            }
        }

        let mut tenant_ids = HashSet::new();
        for (i, t) in doc.tenants.into_iter().enumerate() {
            let field = |name: &str| format!("tenants[{i}].{name}");
            if t.tenant.id.is_empty() || !tenant_ids.insert(t.tenant.id.to_string()) {
                return Err((field("tenant.id"), "empty or not unique".into()));
            }
            check_attributes(&self.tenant_attributes, &t.tenant.attributes, "tenant")
                .map_err(|f| (field("tenant.attributes"), f.message))?;
            let mut members = Vec::new();
            let mut member_ids = HashSet::new();
            for (j, m) in t.users.into_iter().enumerate() {
                let field = |name: &str| format!("tenants[{i}].users[{j}].{name}");
                if self.user(&m.user_id).is_err() || !member_ids.insert(m.user_id.clone()) {
                    return Err((
                        field("user_id"),
                        format!("{:?} is not a user of users, or is listed twice", m.user_id),
                    ));
                }
                check_attributes(&self.user_attributes, &m.attributes, "user")
                    .map_err(|f| (field("attributes"), f.message))?;
                for (env_id, names) in &m.roles {
                    self.check_env_roles(*env_id, names)
                        .map_err(|f| (field(&format!("roles.{env_id}")), f.message))?;
                }
                members.push(Member {
                    user_id: m.user_id,
                    attributes: m.attributes,
                    roles: m.roles,
                });
            }
            let recorded_count = match t.user_count {
                Some(c) => (c.count, c.updated_at),
                None => (members.len() as i64, 0),
            };
            self.tenants.push(TenantRec {
                tenant: t.tenant,
                members,
                identity_provider: t.identity_provider,
                recorded_count,
            });
        }

        let mut invitation_ids = HashSet::new();
        for (i, inv) in doc.invitations.into_iter().enumerate() {
            if !tenant_ids.contains(&inv.tenant_id) {
                return Err((
                    format!("invitations[{i}].tenant_id"),
                    format!("{:?} is not a tenant of tenants", inv.tenant_id),
                ));
            }
            if !invitation_ids.insert(inv.invitation.id.to_string()) {
                return Err((
                    format!("invitations[{i}].invitation.id"),
                    "not unique".into(),
                ));
            }
            self.invitations.push(InvitationRec {
                tenant_id: inv.tenant_id,
                invitation: inv.invitation,
            });
        }

        if let Some(s) = doc.settings {
            self.settings = s;
        }
        if let Some(url) = doc.callback_url {
            self.settings.set_callback_url(url);
        }
        self.marketplace_tenants = doc.marketplace_tenants;
        self.outbox = doc.emails;
        Ok(())
    }
}

/// Attribute definitions: non-empty names, each once.
fn check_definitions(defs: &[types::Attribute], what: &str) -> Result<(), (String, String)> {
    let mut seen = HashSet::new();
    for (i, d) in defs.iter().enumerate() {
        if d.attribute_name.is_empty() || !seen.insert(d.attribute_name.as_str()) {
            return Err((
                format!("{what}[{i}].attribute_name"),
                format!("{:?} is empty or not unique", d.attribute_name),
            ));
        }
    }
    Ok(())
}
