//! Quickstart: a SaaS user's whole life through `AuthClient`.
//!
//! It lives in the emulator's package, so that `cargo run --example
//! quickstart` at the workspace root builds the library, the emulator and
//! nothing else (the workspace's default members are the two).
//!
//! ```text
//! cargo run --example quickstart             # see below
//! cargo run --example quickstart -- --write  # the full walk against the real API
//! ```
//!
//! - Without any of `SAASUS_SAAS_ID`, `SAASUS_API_KEY` and `SAASUS_SECRET_KEY`, it
//!   starts the local emulator (the `saasus-auth-emulator` crate) and walks a user
//!   through creation, listing, reading, attributes, email change, MFA,
//!   an identity-provider link and unlink, and deletion.
//! - With them (and `SAASUS_API_URL_BASE` if set), it talks to the real
//!   API and only reads: it lists the users. `--write` runs the walk
//!   against the real API instead, with a throw-away user that it deletes
//!   again, even when a step fails; the steps that need an end user's
//!   access token or attributes defined for your SaaS are skipped.
//!
//! - With only some of them, it names the missing ones and exits with 1,
//!   rather than quietly fall back to the emulator. `SAASUS_API_URL_BASE`
//!   without credentials is ignored, and the quickstart says so.
//!
//! It exits with 0 on success, and otherwise prints `error: ...` and exits
//! with 1 (2 for a bad argument).

use std::process::ExitCode;
use std::time::{SystemTime, UNIX_EPOCH};

use saasus_auth::{types, AuthClient, Configuration, SaasUserApi};
use saasus_auth_emulator::{Emulator, VERIFICATION_CODE};

/// Any failure of the walk: an API error, or a read-back that disagrees.
pub type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// How many users the read-only listing prints.
const SHOWN: usize = 5;
/// The identity provider linked and unlinked on the emulator.
const PROVIDER: &str = "Google";

/// `println!` that keeps going when stdout is closed (`| head`): the run
/// still finishes, and its cleanup still deletes the test user, instead of
/// panicking halfway.
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout(), $($arg)*);
    }};
}

#[tokio::main]
async fn main() -> ExitCode {
    let mut write = false;
    for arg in std::env::args().skip(1) {
        match arg.as_str() {
            "--write" => write = true,
            other => {
                eprintln!("error: unknown argument {other:?} (usage: quickstart [--write])");
                return ExitCode::from(2);
            }
        }
    }
    match run(write).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {err}");
            ExitCode::FAILURE
        }
    }
}

async fn run(write: bool) -> Result<(), BoxError> {
    // The emulator only when none of the three credentials is set: one or
    // two of them is a mistake, named rather than hidden.
    if let Some(config) = Configuration::from_env_if_set()? {
        let client = AuthClient::new(Some(config), None)?;
        say!("SaaSus Auth API at {}", client.base_path());
        if write {
            walk(&client.saas_user_api(), None).await
        } else {
            list(&client).await
        }
    } else {
        let emu = Emulator::start()?;
        say!(
            "SAASUS_SAAS_ID, SAASUS_API_KEY and SAASUS_SECRET_KEY are not set: \
             using the local SaaSus emulator at {}",
            emu.base_url()
        );
        if std::env::var_os(saasus_auth::config::env::API_URL_BASE).is_some_and(|v| !v.is_empty()) {
            say!(
                "SAASUS_API_URL_BASE is set but ignored: without credentials the quickstart \
                 runs on the emulator"
            );
        }
        let client = AuthClient::new(Some(emu.configuration()), None)?;
        // The attributes the walk sets must be defined for the SaaS first,
        // as in the SaaSus console.
        for (name, attribute_type) in [
            ("department", types::AttributeType::String),
            ("level", types::AttributeType::Number),
        ] {
            client
                .user_attribute_api()
                .create_saas_user_attribute(&types::CreateSaasUserAttributeParam(
                    types::Attribute {
                        attribute_name: name.into(),
                        attribute_type,
                        display_name: name.into(),
                    },
                ))
                .await?;
        }
        let result = walk(&client.saas_user_api(), Some(&emu)).await;
        emu.shutdown().await;
        result
    }
}

/// Prints one successful step.
fn done(step: &str, result: impl std::fmt::Display) {
    say!("✔ {step:<26} → {result}");
}

/// Prints one skipped step.
fn skipped(step: &str, why: &str) {
    say!("– {step:<26} → skipped: {why}");
}

/// Fails the walk with `message` unless `ok`.
fn check(ok: bool, message: impl Into<String>) -> Result<(), BoxError> {
    if ok {
        Ok(())
    } else {
        Err(message.into().into())
    }
}

/// Read-only: the number of users and the first few, then the tenants and
/// roles.
pub async fn list(client: &AuthClient) -> Result<(), BoxError> {
    let api = client.saas_user_api();
    let users = api.get_saas_users().await?.data.users;
    done("list users", format!("{} user(s)", users.len()));
    for user in users.iter().take(SHOWN) {
        say!(
            "    {}  email={}  sign_in_id={}",
            user.id,
            user.email,
            user.sign_in_id
        );
    }
    if users.len() > SHOWN {
        say!("    … and {} more", users.len() - SHOWN);
    }
    let tenants = client.tenant_api().get_tenants().await?.data.tenants;
    done("list tenants", format!("{} tenant(s)", tenants.len()));
    let roles = client.role_api().get_roles().await?.data.roles;
    let names: Vec<&str> = roles.iter().map(|r| r.role_name.as_str()).collect();
    done(
        "list roles",
        format!("{} role(s) {}", roles.len(), names.join(", ")),
    );
    say!("(read-only; pass --write to create, update and delete a test user)");
    Ok(())
}

/// A user's whole life. `emu` is the emulator when the walk runs against
/// it: it provides the end user's tokens that the real API would get from a
/// sign-in page.
pub async fn walk(api: &SaasUserApi, emu: Option<&Emulator>) -> Result<(), BoxError> {
    let stamp = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let email = format!("quickstart-{stamp}@example.com");
    let created = api
        .create_saas_user(&types::CreateSaasUserParam {
            email: Some(email.clone()),
            password: Some("Quickstart-Passw0rd!".into()),
            sign_in_id: None,
        })
        .await?
        .data;
    done(
        "create user",
        format!("id={} email={}", created.id, created.email),
    );
    let id = created.id.to_string();
    let result = life(api, emu, &id, &email, stamp).await;
    if result.is_err() && api.delete_saas_user(&id).await.is_ok() {
        say!("  (cleanup: deleted user {id})");
    }
    result
}

/// Everything after creation, deletion included.
async fn life(
    api: &SaasUserApi,
    emu: Option<&Emulator>,
    id: &str,
    email: &str,
    stamp: u64,
) -> Result<(), BoxError> {
    let users = api.get_saas_users().await?.data.users;
    check(
        users.iter().any(|u| *u.id == id),
        "the new user is not listed",
    )?;
    done(
        "list users",
        format!("{} user(s), the new one included", users.len()),
    );

    let user = api.get_saas_user(id).await?.data;
    check(user.email == email, "the user read back has another email")?;
    done(
        "get user",
        format!(
            "email={} sign_in_id={:?} last_login_at={:?}",
            user.email, user.sign_in_id, user.last_login_at
        ),
    );

    if emu.is_some() {
        let attributes: saasus_auth::Attributes = [
            ("department", serde_json::json!("Engineering")),
            ("level", serde_json::json!(3)),
        ]
        .into_iter()
        .collect();
        api.update_saas_user_attributes(
            id,
            &types::UpdateSaasUserAttributesParam {
                attributes: attributes.clone(),
            },
        )
        .await?;
        let read = api.get_saas_user(id).await?.data.attributes;
        check(read == attributes, "the attributes read back differ")?;
        done(
            "update attributes",
            serde_json::Value::from(read).to_string(),
        );
    } else {
        skipped(
            "update attributes",
            "the names must be attributes defined for your SaaS",
        );
    }

    let new_email = format!("quickstart-{stamp}-new@example.com");
    api.update_saas_user_email(
        id,
        &types::UpdateSaasUserEmailParam {
            email: new_email.clone(),
        },
    )
    .await?;
    let read = api.get_saas_user(id).await?.data.email;
    check(read == new_email, "the email read back is not the new one")?;
    done("change email", format!("email={read}"));

    let preference = match emu {
        Some(emu) => {
            // Enabling the authenticator app needs one registered first,
            // with the user's access token.
            let access_token = emu
                .access_token(id)
                .ok_or("the emulator does not know the user")?;
            let secret = api
                .create_secret_code(
                    id,
                    &types::CreateSecretCodeParam {
                        access_token: access_token.clone(),
                    },
                )
                .await?
                .data
                .secret_code;
            api.update_software_token(
                id,
                &types::UpdateSoftwareTokenParam {
                    access_token,
                    verification_code: VERIFICATION_CODE.into(),
                },
            )
            .await?;
            done(
                "register authenticator app",
                format!(
                    "a {}-character secret (not shown), code={VERIFICATION_CODE}",
                    secret.len()
                ),
            );
            types::MfaPreference {
                enabled: true,
                method: Some(types::MfaMethod::SoftwareToken),
            }
        }
        None => {
            skipped(
                "register authenticator app",
                "needs the user's access token",
            );
            types::MfaPreference {
                enabled: false,
                method: None,
            }
        }
    };
    api.update_user_mfa_preference(id, &types::UpdateUserMfaPreferenceParam(preference.clone()))
        .await?;
    let read = api.get_user_mfa_preference(id).await?.data;
    check(
        read.enabled == preference.enabled,
        "the MFA preference read back differs",
    )?;
    done(
        "set MFA preference",
        serde_json::to_string(&read).unwrap_or_default(),
    );

    match emu {
        Some(emu) => {
            // The user signs in with Google once: the external account is
            // linked to the user with the same email address.
            let access_token = emu.external_access_token(PROVIDER, &new_email);
            api.request_external_user_link(&types::RequestExternalUserLinkParam {
                access_token: access_token.clone(),
            })
            .await?;
            api.confirm_external_user_link(&types::ConfirmExternalUserLinkParam {
                access_token,
                code: VERIFICATION_CODE.into(),
            })
            .await?;
            check(
                emu.linked_providers(id) == [PROVIDER],
                "the provider is not linked",
            )?;
            done(
                "link identity provider",
                format!("{PROVIDER} (code {VERIFICATION_CODE})"),
            );
            api.unlink_provider(PROVIDER, id).await?;
            check(
                emu.linked_providers(id).is_empty(),
                "the provider is still linked",
            )?;
            done("unlink identity provider", format!("{PROVIDER} unlinked"));
        }
        None => {
            skipped(
                "link identity provider",
                "needs an external account's access token",
            );
            skipped("unlink identity provider", "nothing was linked");
        }
    }

    let deleted = api.delete_saas_user(id).await?.data;
    match api.get_saas_user(id).await {
        Err(err) if err.is_not_found() => {}
        Err(err) => return Err(err.into()),
        Ok(_) => return Err("the deleted user can still be read".into()),
    }
    done(
        "delete user",
        format!(
            "id={} email={}; reading it now answers 404",
            deleted.id, deleted.email
        ),
    );
    Ok(())
}
