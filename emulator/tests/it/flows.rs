//! Stateful flows across tags through the generated client: create → read
//! → update → list → delete per resource, the sign-in flow end to end,
//! expiry of codes and tokens, cross-tag consistency and attribute
//! definitions constraining values.

use crate::common;

use std::time::Duration;

use common::{error_type, status};
use saasus_auth::{raw, types};
use saasus_auth_emulator::{Credentials, Emulator, Lifetimes};
use serde_json::json;

async fn create_user(c: &raw::Client, email: &str, password: &str) -> String {
    c.create_saas_user(&types::CreateSaasUserParam {
        email: Some(email.into()),
        password: Some(password.into()),
        sign_in_id: None,
    })
    .await
    .unwrap()
    .into_inner()
    .id
    .to_string()
}

async fn create_tenant(c: &raw::Client, name: &str) -> types::Uuid {
    c.create_tenant(&types::CreateTenantParam(types::TenantProps {
        name: name.into(),
        back_office_staff_email: "staff@example.com".into(),
        attributes: Default::default(),
    }))
    .await
    .unwrap()
    .into_inner()
    .id
}

async fn env_and_role(c: &raw::Client, env: i64, role: &str) {
    c.create_env(&types::CreateEnvParam(types::Env {
        id: types::Id(env),
        name: format!("env{env}"),
        display_name: None,
    }))
    .await
    .unwrap();
    c.create_role(&types::CreateRoleParam(types::Role {
        role_name: role.into(),
        display_name: role.into(),
    }))
    .await
    .unwrap();
}

async fn join(c: &raw::Client, tenant: &types::Uuid, email: &str, env: i64, role: &str) {
    let user = c
        .create_tenant_user(
            tenant,
            &types::CreateTenantUserParam {
                email: Some(email.into()),
                sign_in_id: None,
                attributes: Default::default(),
            },
        )
        .await
        .unwrap()
        .into_inner();
    c.create_tenant_user_roles(
        tenant,
        &user.id,
        &types::Id(env),
        &types::CreateTenantUserRolesParam {
            role_names: vec![role.into()],
        },
    )
    .await
    .unwrap();
}

async fn exchange(
    c: &raw::Client,
    code: &str,
) -> Result<types::Credentials, progenitor_client::Error<types::Error>> {
    c.get_auth_credentials(
        Some(&types::GetAuthCredentialsAuthFlow::TempCodeAuth),
        Some(&types::Uuid(code.to_string())),
        None,
    )
    .await
    .map(|r| r.into_inner())
}

fn url_safe(token: &str) -> bool {
    token
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b))
}

#[tokio::test]
async fn sign_in_flow_end_to_end() {
    let emu = Emulator::start().unwrap();
    let c = common::client(&emu);
    let id = create_user(&c, "user@example.com", "User-Passw0rd!").await;
    let tenant = create_tenant(&c, "Acme").await;
    env_and_role(&c, 1, "admin").await;
    join(&c, &tenant, "user@example.com", 1, "admin").await;

    // The hosted login page, then the callback's code exchange.
    assert_eq!(
        common::admin_login(&emu, "user@example.com", "wrong-password").await,
        Err(401)
    );
    assert_eq!(
        common::admin_login(&emu, "nobody@example.com", "User-Passw0rd!").await,
        Err(401)
    );
    let code = common::admin_login(&emu, "USER@example.com", "User-Passw0rd!")
        .await
        .unwrap();
    assert!(uuid::Uuid::parse_str(&code).is_ok(), "{code}");
    let creds = exchange(&c, &code).await.unwrap();
    for token in [&creds.id_token, &creds.access_token] {
        assert!(url_safe(token) && token.split('.').count() == 3, "{token}");
    }
    let refresh = creds.refresh_token.clone().expect("a refresh token");

    // Single use.
    let err = exchange(&c, &code).await.unwrap_err();
    assert_eq!(status(&err), 404);
    let err = exchange(&c, &uuid::Uuid::new_v4().to_string())
        .await
        .unwrap_err();
    assert_eq!(status(&err), 404);

    let info = c.get_user_info(&creds.id_token).await.unwrap().into_inner();
    assert_eq!(
        (info.id.as_str(), info.email.as_str()),
        (id.as_str(), "user@example.com")
    );
    assert_eq!(info.tenants.len(), 1);
    assert_eq!(info.tenants[0].id, tenant);
    assert_eq!(info.tenants[0].envs[0].id, types::Id(1));
    assert_eq!(info.tenants[0].envs[0].roles[0].role_name, "admin");
    assert!(
        c.get_saas_user(&id)
            .await
            .unwrap()
            .into_inner()
            .last_login_at
            .is_some(),
        "signing in sets last_login_at"
    );

    // Refresh: new tokens, the old refresh token still good.
    let renewed = c
        .get_auth_credentials(
            Some(&types::GetAuthCredentialsAuthFlow::RefreshTokenAuth),
            None,
            Some(&refresh),
        )
        .await
        .unwrap()
        .into_inner();
    assert_ne!(renewed.id_token, creds.id_token);
    let info = c
        .get_user_info(&renewed.id_token)
        .await
        .unwrap()
        .into_inner();
    assert_eq!(info.id.as_str(), id);

    // Tokens that are not ID tokens of this emulator.
    for garbage in ["garbage", &creds.access_token, &refresh, "a.b.c"] {
        let err = c.get_user_info(garbage).await.unwrap_err();
        assert_eq!(status(&err), 401, "{garbage}");
    }
    let err = c
        .get_auth_credentials(
            Some(&types::GetAuthCredentialsAuthFlow::RefreshTokenAuth),
            None,
            Some("not-a-refresh-token"),
        )
        .await
        .unwrap_err();
    assert_eq!(status(&err), 404);

    // A deleted user's tokens are dead.
    c.delete_saas_user(&id).await.unwrap();
    let err = c.get_user_info(&renewed.id_token).await.unwrap_err();
    assert_eq!(status(&err), 401);
    emu.shutdown().await;
}

#[tokio::test]
async fn codes_and_tokens_expire() {
    let short = |code: u64, token: u64| Lifetimes {
        code: Duration::from_millis(code),
        token: Duration::from_millis(token),
        ..Lifetimes::default()
    };
    // Codes that expire at once.
    let emu = Emulator::start_with(Credentials::default(), short(0, 3_600_000)).unwrap();
    let c = common::client(&emu);
    create_user(&c, "user@example.com", "User-Passw0rd!").await;
    let code = common::admin_login(&emu, "user@example.com", "User-Passw0rd!")
        .await
        .unwrap();
    tokio::time::sleep(Duration::from_millis(5)).await;
    assert_eq!(status(&exchange(&c, &code).await.unwrap_err()), 404);
    emu.shutdown().await;

    // Tokens that expire at once.
    let emu = Emulator::start_with(Credentials::default(), short(60_000, 0)).unwrap();
    let c = common::client(&emu);
    create_user(&c, "user@example.com", "User-Passw0rd!").await;
    let code = common::admin_login(&emu, "user@example.com", "User-Passw0rd!")
        .await
        .unwrap();
    let creds = exchange(&c, &code).await.unwrap();
    tokio::time::sleep(Duration::from_millis(5)).await;
    let err = c.get_user_info(&creds.id_token).await.unwrap_err();
    assert_eq!(status(&err), 401);
    emu.shutdown().await;
}

#[tokio::test]
async fn deleting_a_tenant_removes_its_memberships() {
    let emu = Emulator::start().unwrap();
    let c = common::client(&emu);
    let id = create_user(&c, "user@example.com", "User-Passw0rd!").await;
    env_and_role(&c, 1, "admin").await;
    let a = create_tenant(&c, "A").await;
    let b = create_tenant(&c, "B").await;
    join(&c, &a, "user@example.com", 1, "admin").await;
    join(&c, &b, "user@example.com", 1, "admin").await;
    let code = common::admin_login(&emu, "user@example.com", "User-Passw0rd!")
        .await
        .unwrap();
    let creds = exchange(&c, &code).await.unwrap();
    let names = |info: types::UserInfo| -> Vec<String> {
        info.tenants.into_iter().map(|t| t.name).collect()
    };
    let info = c.get_user_info(&creds.id_token).await.unwrap().into_inner();
    assert_eq!(names(info), ["A", "B"]);

    c.delete_tenant(&a).await.unwrap();
    let info = c.get_user_info(&creds.id_token).await.unwrap().into_inner();
    assert_eq!(names(info), ["B"]);
    let all = c.get_all_tenant_user(&id).await.unwrap().into_inner();
    assert_eq!(all.users.len(), 1);
    assert_eq!(all.users[0].tenant_id, b);
    assert_eq!(status(&c.get_tenant(&a).await.unwrap_err()), 404);
    assert_eq!(status(&c.get_tenant_user(&a, &id).await.unwrap_err()), 404);

    // Deleting the env or the role removes the assignments too.
    c.delete_role("admin").await.unwrap();
    let info = c.get_user_info(&creds.id_token).await.unwrap().into_inner();
    assert!(info.tenants[0].envs.is_empty());
    emu.shutdown().await;
}

#[tokio::test]
async fn roles_and_envs_lifecycle() {
    let emu = Emulator::start().unwrap();
    let c = common::client(&emu);
    let role = |name: &str| {
        types::CreateRoleParam(types::Role {
            role_name: name.into(),
            display_name: name.into(),
        })
    };
    c.create_role(&role("b")).await.unwrap();
    c.create_role(&role("a")).await.unwrap();
    // Duplicates are refused (the operation documents 500 only).
    let err = c.create_role(&role("a")).await.unwrap_err();
    assert_eq!(
        (status(&err), error_type(&err).as_str()),
        (500, "role_already_exists")
    );
    c.update_role(
        "a",
        &types::UpdateRoleParam {
            display_name: "A!".into(),
        },
    )
    .await
    .unwrap();
    let roles = c.get_roles().await.unwrap().into_inner().roles;
    let listed: Vec<(&str, &str)> = roles
        .iter()
        .map(|r| (r.role_name.as_str(), r.display_name.as_str()))
        .collect();
    assert_eq!(listed, [("b", "b"), ("a", "A!")], "creation order");
    let err = c
        .update_role(
            "a",
            &types::UpdateRoleParam {
                display_name: String::new(),
            },
        )
        .await
        .unwrap_err();
    assert_eq!(status(&err), 400);
    c.delete_role("a").await.unwrap();
    let err = c.delete_role("a").await.unwrap_err();
    assert_eq!(status(&err), 404);
    let err = c
        .update_role(
            "a",
            &types::UpdateRoleParam {
                display_name: "x".into(),
            },
        )
        .await
        .unwrap_err();
    assert_eq!(status(&err), 404);

    let env = |id: i64, name: &str| {
        types::CreateEnvParam(types::Env {
            id: types::Id(id),
            name: name.into(),
            display_name: None,
        })
    };
    c.create_env(&env(3, "prod")).await.unwrap();
    c.create_env(&env(1, "dev")).await.unwrap();
    let ids: Vec<i64> = c
        .get_envs()
        .await
        .unwrap()
        .into_inner()
        .envs
        .iter()
        .map(|e| e.id.0)
        .collect();
    assert_eq!(ids, [1, 3]);
    c.update_env(
        &types::Id(1),
        &types::UpdateEnvParam {
            name: "development".into(),
            display_name: Some("Dev".into()),
        },
    )
    .await
    .unwrap();
    let read = c.get_env(&types::Id(1)).await.unwrap().into_inner();
    assert_eq!(
        (read.name.as_str(), read.display_name.as_deref()),
        ("development", Some("Dev"))
    );
    c.delete_env(&types::Id(1)).await.unwrap();
    assert_eq!(status(&c.get_env(&types::Id(1)).await.unwrap_err()), 404);
    assert_eq!(status(&c.delete_env(&types::Id(1)).await.unwrap_err()), 404);
    emu.shutdown().await;
}

#[tokio::test]
async fn tenants_and_tenant_users_lifecycle() {
    let emu = Emulator::start().unwrap();
    let c = common::client(&emu);
    c.create_user_attribute(&types::CreateUserAttributeParam(types::Attribute {
        attribute_name: "nickname".into(),
        attribute_type: types::AttributeType::String,
        display_name: "Nickname".into(),
    }))
    .await
    .unwrap();
    let id = create_user(&c, "user@example.com", "User-Passw0rd!").await;
    let t = create_tenant(&c, "Acme").await;
    c.update_tenant(
        &t,
        &types::UpdateTenantParam(types::TenantProps {
            name: "Acme 2".into(),
            back_office_staff_email: "boss@example.com".into(),
            attributes: Default::default(),
        }),
    )
    .await
    .unwrap();
    let read = c.get_tenant(&t).await.unwrap().into_inner();
    assert_eq!(
        (read.name.as_str(), read.back_office_staff_email.as_str()),
        ("Acme 2", "boss@example.com")
    );
    assert_eq!(c.get_tenants().await.unwrap().into_inner().tenants.len(), 1);

    let created = c
        .create_tenant_user(
            &t,
            &types::CreateTenantUserParam {
                email: Some("user@example.com".into()),
                sign_in_id: None,
                attributes: common::attributes(json!({ "nickname": "u" })),
            },
        )
        .await
        .unwrap();
    assert_eq!(created.status().as_u16(), 201);
    let created = created.into_inner();
    assert_eq!(
        (created.id.as_str(), created.tenant_name.as_str()),
        (id.as_str(), "Acme 2")
    );
    c.update_tenant_user(
        &t,
        &id,
        &types::UpdateTenantUserParam {
            attributes: common::attributes(json!({ "nickname": "v" })),
        },
    )
    .await
    .unwrap();
    let read = c.get_tenant_user(&t, &id).await.unwrap().into_inner();
    assert_eq!(read.attributes["nickname"], json!("v"));
    // Undefined or mistyped attributes are refused.
    for bad in [json!({ "nope": 1 }), json!({ "nickname": 3 })] {
        let err = c
            .update_tenant_user(
                &t,
                &id,
                &types::UpdateTenantUserParam {
                    attributes: common::attributes(bad),
                },
            )
            .await
            .unwrap_err();
        assert_eq!(error_type(&err), "invalid_attribute");
    }
    assert_eq!(
        c.get_tenant_users(&t)
            .await
            .unwrap()
            .into_inner()
            .users
            .len(),
        1
    );
    c.delete_tenant_user(&t, &id).await.unwrap();
    assert_eq!(status(&c.get_tenant_user(&t, &id).await.unwrap_err()), 404);
    assert_eq!(
        status(&c.delete_tenant_user(&t, &id).await.unwrap_err()),
        404
    );
    assert!(c
        .get_tenant_users(&t)
        .await
        .unwrap()
        .into_inner()
        .users
        .is_empty());
    // The SaaS user is still there.
    c.get_saas_user(&id).await.unwrap();

    c.delete_tenant(&t).await.unwrap();
    assert_eq!(status(&c.get_tenant(&t).await.unwrap_err()), 404);
    let err = c
        .update_tenant(
            &t,
            &types::UpdateTenantParam(types::TenantProps {
                name: "x".into(),
                back_office_staff_email: String::new(),
                attributes: Default::default(),
            }),
        )
        .await
        .unwrap_err();
    assert_eq!(status(&err), 404);
    emu.shutdown().await;
}

#[tokio::test]
async fn saas_users_and_attribute_definitions() {
    let emu = Emulator::start().unwrap();
    let c = common::client(&emu);
    let id = create_user(&c, "user@example.com", "User-Passw0rd!").await;
    let err = c
        .create_saas_user(&types::CreateSaasUserParam {
            email: Some("USER@example.com".into()),
            password: Some("Other-Passw0rd!".into()),
            sign_in_id: None,
        })
        .await
        .unwrap_err();
    assert_eq!(
        (status(&err), error_type(&err).as_str()),
        (400, "email_already_exists")
    );

    // Not defined yet: refused.
    let attrs = types::UpdateSaasUserAttributesParam {
        attributes: common::attributes(json!({ "birthday": "2000-01-31" })),
    };
    let err = c
        .update_saas_user_attributes(&id, &attrs)
        .await
        .unwrap_err();
    assert_eq!(error_type(&err), "invalid_attribute");
    c.create_saas_user_attribute(&types::CreateSaasUserAttributeParam(types::Attribute {
        attribute_name: "birthday".into(),
        attribute_type: types::AttributeType::Date,
        display_name: "Birthday".into(),
    }))
    .await
    .unwrap();
    c.update_saas_user_attributes(&id, &attrs).await.unwrap();
    let bad = types::UpdateSaasUserAttributesParam {
        attributes: common::attributes(json!({ "birthday": "yesterday" })),
    };
    assert_eq!(
        error_type(&c.update_saas_user_attributes(&id, &bad).await.unwrap_err()),
        "invalid_attribute"
    );
    let user = c.get_saas_user(&id).await.unwrap().into_inner();
    assert_eq!(user.attributes["birthday"], json!("2000-01-31"));

    c.update_saas_user_email(
        &id,
        &types::UpdateSaasUserEmailParam {
            email: "new@example.com".into(),
        },
    )
    .await
    .unwrap();
    let found = c
        .search_saas_users(None, Some("new@example.com"), None, None, None)
        .await
        .unwrap()
        .into_inner();
    assert_eq!(found.users.len(), 1);
    assert_eq!(found.users[0].id.as_str(), id);
    let deleted = c.delete_saas_user(&id).await.unwrap().into_inner();
    assert_eq!(deleted.email, "new@example.com");
    assert_eq!(status(&c.get_saas_user(&id).await.unwrap_err()), 404);
    assert_eq!(status(&c.delete_saas_user(&id).await.unwrap_err()), 404);

    // Tenant and user attribute definitions: create, list, delete.
    let def = |name: &str| types::Attribute {
        attribute_name: name.into(),
        attribute_type: types::AttributeType::Bool,
        display_name: name.into(),
    };
    c.create_tenant_attribute(&types::CreateTenantAttributeParam(def("vip")))
        .await
        .unwrap();
    let err = c
        .create_tenant(&types::CreateTenantParam(types::TenantProps {
            name: "T".into(),
            back_office_staff_email: String::new(),
            attributes: common::attributes(json!({ "vip": "yes" })),
        }))
        .await
        .unwrap_err();
    assert_eq!(error_type(&err), "invalid_attribute");
    c.delete_tenant_attribute("vip").await.unwrap();
    assert_eq!(
        status(&c.delete_tenant_attribute("vip").await.unwrap_err()),
        404
    );
    assert!(c
        .get_tenant_attributes()
        .await
        .unwrap()
        .into_inner()
        .tenant_attributes
        .is_empty());
    c.create_user_attribute(&types::CreateUserAttributeParam(def("admin")))
        .await
        .unwrap();
    assert_eq!(
        c.get_user_attributes()
            .await
            .unwrap()
            .into_inner()
            .user_attributes
            .len(),
        1
    );
    c.delete_user_attribute("admin").await.unwrap();
    assert_eq!(
        status(&c.delete_user_attribute("admin").await.unwrap_err()),
        404
    );
    emu.shutdown().await;
}

#[tokio::test]
async fn invitations_lifecycle() {
    let emu = Emulator::start().unwrap();
    let c = common::client(&emu);
    let owner = create_user(&c, "owner@example.com", "Owner-Passw0rd!").await;
    env_and_role(&c, 1, "member").await;
    let t = create_tenant(&c, "Acme").await;
    let token = emu.access_token(&owner).unwrap();
    let param = |token: &str, role: &str| types::CreateTenantInvitationParam {
        email: "guest@example.com".into(),
        access_token: token.into(),
        envs: vec![types::InvitedUserEnvironmentInformationItem {
            id: types::Id(1),
            role_names: vec![role.into()],
        }],
    };
    assert_eq!(
        status(
            &c.create_tenant_invitation(&t, &param("bad-token", "member"))
                .await
                .unwrap_err()
        ),
        400
    );
    assert_eq!(
        status(
            &c.create_tenant_invitation(&t, &param(&token, "no-such-role"))
                .await
                .unwrap_err()
        ),
        400
    );
    let inv = c
        .create_tenant_invitation(&t, &param(&token, "member"))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(inv.status, types::InvitationStatus::Pending);
    let read = c
        .get_tenant_invitation(&t, &inv.id)
        .await
        .unwrap()
        .into_inner();
    assert_eq!(read.email, "guest@example.com");
    assert_eq!(
        c.get_tenant_invitations(&t)
            .await
            .unwrap()
            .into_inner()
            .invitations
            .len(),
        1
    );
    c.delete_tenant_invitation(&t, &inv.id).await.unwrap();
    assert_eq!(
        status(&c.get_tenant_invitation(&t, &inv.id).await.unwrap_err()),
        404
    );
    assert_eq!(
        status(&c.get_invitation_validity(&inv.id).await.unwrap_err()),
        404
    );

    // Accepting: an existing user with its access token joins with the roles.
    let guest = create_user(&c, "guest@example.com", "Guest-Passw0rd!").await;
    let inv = c
        .create_tenant_invitation(&t, &param(&token, "member"))
        .await
        .unwrap()
        .into_inner();
    let wrong = types::ValidateInvitationParam {
        access_token: Some(token.clone()),
        email: None,
        password: None,
    };
    assert_eq!(
        status(&c.validate_invitation(&inv.id, &wrong).await.unwrap_err()),
        400
    );
    let right = types::ValidateInvitationParam {
        access_token: Some(emu.access_token(&guest).unwrap()),
        email: None,
        password: None,
    };
    c.validate_invitation(&inv.id, &right).await.unwrap();
    let member = c.get_tenant_user(&t, &guest).await.unwrap().into_inner();
    assert_eq!(member.envs[0].0.roles[0].role_name, "member");
    assert!(
        !c.get_invitation_validity(&inv.id)
            .await
            .unwrap()
            .into_inner()
            .is_valid
    );
    assert_eq!(
        status(&c.validate_invitation(&inv.id, &right).await.unwrap_err()),
        400
    );
    emu.shutdown().await;
}

#[tokio::test]
async fn reset_empties_the_state() {
    let emu = Emulator::start().unwrap();
    let c = common::client(&emu);
    create_user(&c, "user@example.com", "User-Passw0rd!").await;
    create_tenant(&c, "Acme").await;
    emu.reset();
    assert!(c
        .get_saas_users()
        .await
        .unwrap()
        .into_inner()
        .users
        .is_empty());
    create_tenant(&c, "Acme").await;
    let (code, _) = common::send(
        &emu,
        reqwest::Method::POST,
        "/__emulator/reset",
        vec![],
        None,
    )
    .await;
    assert_eq!(code, 204);
    assert!(c
        .get_tenants()
        .await
        .unwrap()
        .into_inner()
        .tenants
        .is_empty());
    emu.shutdown().await;
}

/// RFC 7636's example verifier and its S256 challenge.
const VERIFIER: &str = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
const CHALLENGE: &str = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

async fn exchange_pkce(
    c: &raw::Client,
    code: Option<&str>,
    verifier: Option<&str>,
) -> Result<types::Credentials, progenitor_client::Error<types::Error>> {
    c.exchange_auth_credentials(&types::ExchangeAuthCredentialsParam {
        auth_flow: types::ExchangeAuthCredentialsParamAuthFlow::TempCodeAuth,
        code: code.map(|c| types::Uuid(c.to_string())),
        code_verifier: verifier.map(str::to_string),
    })
    .await
    .map(|r| r.into_inner())
}

async fn pkce_login(
    emu: &Emulator,
    challenge: serde_json::Value,
    method: serde_json::Value,
) -> (u16, serde_json::Value) {
    common::admin_login_with(
        emu,
        json!({
            "email": "user@example.com", "password": "User-Passw0rd!",
            "code_challenge": challenge, "code_challenge_method": method,
        }),
    )
    .await
}

#[tokio::test]
async fn pkce_codes_are_redeemed_only_by_the_exchange_with_their_verifier_once() {
    let emu = Emulator::start().unwrap();
    let c = common::client(&emu);
    create_user(&c, "user@example.com", "User-Passw0rd!").await;

    let (status_code, body) = pkce_login(&emu, json!(CHALLENGE), json!("S256")).await;
    assert_eq!(status_code, 200, "{body}");
    let code = body["code"].as_str().expect("a code").to_string();

    // Not by GetAuthCredentials: 4xx, and the code survives it.
    let err = exchange(&c, &code).await.unwrap_err();
    assert_eq!(status(&err), 404);
    assert_eq!(error_type(&err), "code_requires_verifier");
    // Not with a wrong verifier: 401, and the code survives that too.
    let wrong = "x".repeat(43);
    let err = exchange_pkce(&c, Some(&code), Some(&wrong))
        .await
        .unwrap_err();
    assert_eq!(status(&err), 401);
    assert_eq!(error_type(&err), "invalid_code_verifier");
    // With the right one: the tokens, once.
    let creds = exchange_pkce(&c, Some(&code), Some(VERIFIER))
        .await
        .unwrap();
    let info = c.get_user_info(&creds.id_token).await.unwrap().into_inner();
    assert_eq!(info.email, "user@example.com");
    let err = exchange_pkce(&c, Some(&code), Some(VERIFIER))
        .await
        .unwrap_err();
    assert_eq!(status(&err), 404);
    let unknown = uuid::Uuid::new_v4().to_string();
    let err = exchange_pkce(&c, Some(&unknown), Some(VERIFIER))
        .await
        .unwrap_err();
    assert_eq!(status(&err), 404);

    // A plain code is refused by the exchange (400) and still works the old way.
    let plain = common::admin_login(&emu, "user@example.com", "User-Passw0rd!")
        .await
        .unwrap();
    let err = exchange_pkce(&c, Some(&plain), Some(VERIFIER))
        .await
        .unwrap_err();
    assert_eq!(status(&err), 400);
    exchange(&c, &plain).await.unwrap();

    // CreateAuthCredentials binds its code the same way.
    let bound = c
        .create_auth_credentials(&types::CreateAuthCredentialsParam {
            id_token: creds.id_token.clone(),
            access_token: creds.access_token.clone(),
            refresh_token: None,
            code_challenge: Some(CHALLENGE.into()),
            code_challenge_method: Some(types::CreateAuthCredentialsParamCodeChallengeMethod::S256),
        })
        .await
        .unwrap()
        .into_inner()
        .code;
    assert_eq!(status(&exchange(&c, &bound).await.unwrap_err()), 404);
    exchange_pkce(&c, Some(&bound), Some(VERIFIER))
        .await
        .unwrap();
}

#[tokio::test]
async fn pkce_codes_expire_after_their_lifetime() {
    let short = Lifetimes {
        code: Duration::from_millis(0),
        ..Lifetimes::default()
    };
    let emu = Emulator::start_with(Credentials::default(), short).unwrap();
    let c = common::client(&emu);
    create_user(&c, "user@example.com", "User-Passw0rd!").await;
    let (_, body) = pkce_login(&emu, json!(CHALLENGE), json!("S256")).await;
    let code = body["code"].as_str().expect("a code").to_string();
    let err = exchange_pkce(&c, Some(&code), Some(VERIFIER))
        .await
        .unwrap_err();
    assert_eq!(status(&err), 404);
}

#[tokio::test]
async fn bad_pkce_input_is_a_clear_400() {
    let emu = Emulator::start().unwrap();
    let c = common::client(&emu);
    create_user(&c, "user@example.com", "User-Passw0rd!").await;

    // At the login page: a challenge without a method, the reverse, an
    // unknown method, a challenge that is no SHA-256.
    for (challenge, method, says) in [
        (json!(CHALLENGE), json!(null), "code_challenge_method"),
        (json!(null), json!("S256"), "needs a code_challenge"),
        (json!(CHALLENGE), json!("plain"), "must be S256"),
        (json!("short"), json!("S256"), "43 characters"),
    ] {
        let (status_code, body) = pkce_login(&emu, challenge.clone(), method.clone()).await;
        assert_eq!(status_code, 400, "{challenge} {method}: {body}");
        let message = body["message"].as_str().unwrap_or_default();
        assert!(message.contains(says), "{message}");
    }

    // At CreateAuthCredentials, sent as raw JSON (the typed client cannot
    // send an unknown method).
    let creds = {
        let (_, body) = pkce_login(&emu, json!(null), json!(null)).await;
        exchange(&c, body["code"].as_str().unwrap()).await.unwrap()
    };
    let credentials = Credentials::default();
    for extra in [
        json!({ "code_challenge": CHALLENGE }),
        json!({ "code_challenge": CHALLENGE, "code_challenge_method": "plain" }),
        json!({ "code_challenge_method": "S256" }),
    ] {
        let mut body = json!({ "id_token": creds.id_token, "access_token": creds.access_token });
        for (k, v) in extra.as_object().unwrap() {
            body[k] = v.clone();
        }
        let (status_code, answer) = common::signed(
            &emu,
            reqwest::Method::POST,
            "/v1/auth/credentials",
            body.to_string().as_bytes(),
            &credentials,
            common::unix_now(),
        )
        .await;
        assert_eq!(status_code, 400, "{extra}: {answer}");
    }

    // At the exchange: a missing or malformed verifier, a missing code.
    let (_, body) = pkce_login(&emu, json!(CHALLENGE), json!("S256")).await;
    let code = body["code"].as_str().unwrap().to_string();
    for (code, verifier) in [
        (Some(code.as_str()), None),
        (Some(code.as_str()), Some("too-short")),
        (Some(code.as_str()), Some(&*format!("{}!", &VERIFIER[1..]))),
        (None, Some(VERIFIER)),
    ] {
        let err = exchange_pkce(&c, code, verifier).await.unwrap_err();
        assert_eq!(status(&err), 400, "{code:?} {verifier:?}");
        assert_eq!(error_type(&err), "invalid_request");
    }
    // None of that used the code up.
    exchange_pkce(&c, Some(&code), Some(VERIFIER))
        .await
        .unwrap();
}

#[tokio::test]
async fn a_revoked_refresh_token_no_longer_refreshes() {
    let emu = Emulator::start().unwrap();
    let c = common::client(&emu);
    create_user(&c, "user@example.com", "User-Passw0rd!").await;
    let code = common::admin_login(&emu, "user@example.com", "User-Passw0rd!")
        .await
        .unwrap();
    let creds = exchange(&c, &code).await.unwrap();
    let refresh = creds.refresh_token.clone().expect("a refresh token");
    let renew = |token: String| {
        let c = &c;
        async move {
            c.get_auth_credentials(
                Some(&types::GetAuthCredentialsAuthFlow::RefreshTokenAuth),
                None,
                Some(&token),
            )
            .await
        }
    };
    renew(refresh.clone()).await.unwrap();

    let revoked = c
        .revoke_token(&types::RevokeTokenParam {
            refresh_token: refresh.clone(),
        })
        .await
        .unwrap();
    assert_eq!(revoked.status().as_u16(), 200);
    assert_eq!(status(&renew(refresh.clone()).await.unwrap_err()), 404);
    // Again, or an unknown token: accepted (RFC 7009).
    for token in [refresh.clone(), "unknown".to_string()] {
        c.revoke_token(&types::RevokeTokenParam {
            refresh_token: token,
        })
        .await
        .unwrap();
    }
    // An empty token, or an ID token: 400.
    for token in [String::new(), creds.id_token.clone()] {
        let err = c
            .revoke_token(&types::RevokeTokenParam {
                refresh_token: token,
            })
            .await
            .unwrap_err();
        assert_eq!(status(&err), 400);
    }
}
