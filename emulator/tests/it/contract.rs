//! The emulator against the contract `openapi/auth.yaml`: every operation
//! of the spec, driven through the generated client (which decodes each
//! answer into the documented type), answers its documented success status.
//! (The emulator's statuses come from `saasus_auth::Operation`, which the
//! library's own tests check against the spec.)

use crate::common;

use std::collections::BTreeSet;
use std::num::NonZeroU64;

use saasus_auth::types;
use saasus_auth_emulator::{
    Emulator, AWS_MARKETPLACE_REGISTRATION_TOKEN, RESET_PASSWORD, VERIFICATION_CODE,
};
use serde_json::json;

/// Awaits a raw call, checks its status against the spec, records the
/// operation as answered and returns the decoded body.
macro_rules! call {
    ($ctx:expr, $id:literal, $fut:expr) => {{
        let response = $fut
            .await
            .unwrap_or_else(|e| panic!("{} failed: {e:?}", $id));
        let expected = $ctx.spec.get($id).expect($id).success();
        assert_eq!(response.status().as_u16(), expected, "{}", $id);
        $ctx.seen.insert($id);
        response.into_inner()
    }};
}

struct Ctx {
    spec: std::collections::BTreeMap<String, common::SpecOp>,
    seen: BTreeSet<&'static str>,
}

fn attribute(name: &str, t: types::AttributeType) -> types::Attribute {
    types::Attribute {
        attribute_name: name.into(),
        attribute_type: t,
        display_name: name.to_uppercase(),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_operation_answers_its_documented_success() {
    let emu = Emulator::start().unwrap();
    let c = common::client(&emu);
    let mut ctx = Ctx {
        spec: common::spec(),
        seen: BTreeSet::new(),
    };

    // ---- settings: basicInfo, authInfo, singleTenant
    call!(ctx, "GetBasicInfo", c.get_basic_info());
    call!(
        ctx,
        "UpdateBasicInfo",
        c.update_basic_info(&types::UpdateBasicInfoParam {
            domain_name: "example.com".into(),
            from_email_address: "no-reply@example.com".into(),
            reply_email_address: None,
        })
    );
    let info = call!(ctx, "GetBasicInfo", c.get_basic_info());
    assert_eq!(info.domain_name, "example.com");
    assert_eq!(info.dkim_dns_records.len(), 3);
    call!(
        ctx,
        "FindNotificationMessages",
        c.find_notification_messages()
    );
    call!(
        ctx,
        "UpdateNotificationMessages",
        c.update_notification_messages(&types::UpdateNotificationMessagesParam {
            sign_up: Some(types::MessageTemplate {
                subject: "Welcome".into(),
                message: "code {####}".into(),
            }),
            ..Default::default()
        })
    );
    let messages = call!(
        ctx,
        "FindNotificationMessages",
        c.find_notification_messages()
    );
    assert_eq!(messages.sign_up.subject, "Welcome");
    call!(ctx, "GetCustomizePages", c.get_customize_pages());
    call!(
        ctx,
        "UpdateCustomizePages",
        c.update_customize_pages(&types::UpdateCustomizePagesParam {
            sign_in_page: Some(types::CustomizePageProps {
                html_contents: "<p>hi</p>".into(),
                is_privacy_policy: true,
                is_terms_of_service: false,
            }),
            ..Default::default()
        })
    );
    let pages = call!(ctx, "GetCustomizePages", c.get_customize_pages());
    assert_eq!(pages.sign_in_page.html_contents, "<p>hi</p>");
    call!(
        ctx,
        "GetCustomizePageSettings",
        c.get_customize_page_settings()
    );
    call!(
        ctx,
        "UpdateCustomizePageSettings",
        c.update_customize_page_settings(&types::UpdateCustomizePageSettingsParam {
            favicon: String::new(),
            google_tag_manager_container_id: "GTM-1".into(),
            icon: "iVBORw0KGgo".into(),
            is_sign_in_id_enabled: Some(true),
            privacy_policy_url: "https://example.com/privacy".into(),
            terms_of_service_url: "https://example.com/terms".into(),
            title: "Example".into(),
        })
    );
    let settings = call!(
        ctx,
        "GetCustomizePageSettings",
        c.get_customize_page_settings()
    );
    assert_eq!(settings.title, "Example");
    assert!(settings.icon.starts_with("https://"));
    call!(ctx, "GetAuthInfo", c.get_auth_info());
    call!(
        ctx,
        "UpdateAuthInfo",
        c.update_auth_info(&types::UpdateAuthInfoParam(types::AuthInfo {
            callback_url: "https://example.com/callback".into(),
        }))
    );
    let auth = call!(ctx, "GetAuthInfo", c.get_auth_info());
    assert_eq!(auth.callback_url, "https://example.com/callback");
    call!(ctx, "GetIdentityProviders", c.get_identity_providers());
    call!(
        ctx,
        "UpdateIdentityProvider",
        c.update_identity_provider(&types::UpdateIdentityProviderParam {
            provider: types::ProviderName::Google,
            identity_provider_props: Some(types::IdentityProviderProps {
                application_id: "app".into(),
                application_secret: "secret".into(),
                approval_scope: "email".into(),
                is_button_hidden: None,
            }),
        })
    );
    let idps = call!(ctx, "GetIdentityProviders", c.get_identity_providers());
    assert_eq!(idps.google.application_id, "app");
    call!(ctx, "GetSignInSettings", c.get_sign_in_settings());
    call!(
        ctx,
        "UpdateSignInSettings",
        c.update_sign_in_settings(&types::UpdateSignInSettingsParam {
            self_regist: Some(types::SelfRegist { enable: true }),
            ..Default::default()
        })
    );
    let sign_in = call!(ctx, "GetSignInSettings", c.get_sign_in_settings());
    assert!(sign_in.self_regist.enable);
    call!(
        ctx,
        "GetSingleTenantSettings",
        c.get_single_tenant_settings()
    );
    call!(
        ctx,
        "UpdateSingleTenantSettings",
        c.update_single_tenant_settings(&types::UpdateSingleTenantSettingsParam {
            enabled: Some(true),
            role_arn: Some("arn:aws:iam::123456789012:role/saasus".into()),
            role_external_id: Some("external-id".into()),
            cloudformation_template: Some("Resources: {}".into()),
            ddl_template: None,
        })
    );
    let single = call!(
        ctx,
        "GetSingleTenantSettings",
        c.get_single_tenant_settings()
    );
    assert!(single.enabled && !single.cloudformation_template_url.is_empty());
    let link = call!(
        ctx,
        "GetCloudFormationLaunchStackLinkForSingleTenant",
        c.get_cloud_formation_launch_stack_link_for_single_tenant()
    );
    assert!(link.link.contains("external-id"));

    // ---- attribute definitions
    call!(
        ctx,
        "CreateSaasUserAttribute",
        c.create_saas_user_attribute(&types::CreateSaasUserAttributeParam(attribute(
            "department",
            types::AttributeType::String
        )))
    );
    let created = call!(
        ctx,
        "CreateUserAttribute",
        c.create_user_attribute(&types::CreateUserAttributeParam(attribute(
            "level",
            types::AttributeType::Number
        )))
    );
    assert_eq!(created.attribute_name, "level");
    let listed = call!(ctx, "GetUserAttributes", c.get_user_attributes());
    assert_eq!(listed.user_attributes, vec![created]);
    call!(
        ctx,
        "CreateTenantAttribute",
        c.create_tenant_attribute(&types::CreateTenantAttributeParam(attribute(
            "tier",
            types::AttributeType::String
        )))
    );
    let listed = call!(ctx, "GetTenantAttributes", c.get_tenant_attributes());
    assert_eq!(listed.tenant_attributes.len(), 1);

    // ---- envs and roles
    let dev = types::Id(1);
    let prod = types::Id(3);
    call!(
        ctx,
        "CreateEnv",
        c.create_env(&types::CreateEnvParam(types::Env {
            id: dev.clone(),
            name: "dev".into(),
            display_name: Some("Development".into()),
        }))
    );
    call!(
        ctx,
        "CreateEnv",
        c.create_env(&types::CreateEnvParam(types::Env {
            id: prod.clone(),
            name: "prod".into(),
            display_name: None,
        }))
    );
    call!(
        ctx,
        "UpdateEnv",
        c.update_env(
            &prod,
            &types::UpdateEnvParam {
                name: "production".into(),
                display_name: Some("Production".into()),
            }
        )
    );
    let env = call!(ctx, "GetEnv", c.get_env(&prod));
    assert_eq!(env.name, "production");
    let envs = call!(ctx, "GetEnvs", c.get_envs());
    assert_eq!(envs.envs.len(), 2);
    for name in ["admin", "member"] {
        call!(
            ctx,
            "CreateRole",
            c.create_role(&types::CreateRoleParam(types::Role {
                role_name: name.into(),
                display_name: name.into(),
            }))
        );
    }
    call!(
        ctx,
        "UpdateRole",
        c.update_role(
            "admin",
            &types::UpdateRoleParam {
                display_name: "Administrator".into(),
            }
        )
    );
    let roles = call!(ctx, "GetRoles", c.get_roles());
    assert_eq!(roles.roles[0].display_name, "Administrator");

    // ---- SaaS users
    let alice_email = "alice@example.com";
    let alice = call!(
        ctx,
        "CreateSaasUser",
        c.create_saas_user(&types::CreateSaasUserParam {
            email: Some(alice_email.into()),
            password: Some("Alice-Passw0rd!".into()),
            sign_in_id: None,
        })
    );
    let alice_id = alice.id.to_string();
    assert!(alice.password.is_none());
    call!(ctx, "GetSaasUsers", c.get_saas_users());
    let count = call!(ctx, "GetSaasUsersCount", c.get_saas_users_count());
    assert_eq!(count.count, 1);
    call!(
        ctx,
        "SaveSaasUsersCount",
        c.save_saas_users_count(&types::SaveSaasUsersCountParam { count: 5 })
    );
    let found = call!(
        ctx,
        "SearchSaasUsers",
        c.search_saas_users(None, Some(alice_email), None, NonZeroU64::new(10), None)
    );
    assert_eq!(found.users.len(), 1);
    call!(ctx, "GetSaasUser", c.get_saas_user(&alice_id));
    call!(
        ctx,
        "UpdateSaasUserPassword",
        c.update_saas_user_password(
            &alice_id,
            &types::UpdateSaasUserPasswordParam {
                password: "Alice-Passw0rd-2!".into(),
                temporary: None,
            }
        )
    );
    call!(
        ctx,
        "UpdateSaasUserSignInId",
        c.update_saas_user_sign_in_id(
            &alice_id,
            &types::UpdateSaasUserSignInIdParam {
                sign_in_id: "alice".into(),
            }
        )
    );
    call!(
        ctx,
        "UpdateSaasUserAttributes",
        c.update_saas_user_attributes(
            &alice_id,
            &types::UpdateSaasUserAttributesParam {
                attributes: common::attributes(json!({ "department": "Engineering" })),
            }
        )
    );
    call!(
        ctx,
        "UpdateSaasUserEmail",
        c.update_saas_user_email(
            &alice_id,
            &types::UpdateSaasUserEmailParam {
                email: "alice2@example.com".into(),
            }
        )
    );
    let token = emu.access_token(&alice_id).unwrap();
    call!(
        ctx,
        "RequestEmailUpdate",
        c.request_email_update(
            &alice_id,
            &types::RequestEmailUpdateParam {
                access_token: token.clone(),
                email: alice_email.into(),
            }
        )
    );
    call!(
        ctx,
        "ConfirmEmailUpdate",
        c.confirm_email_update(
            &alice_id,
            &types::ConfirmEmailUpdateParam {
                access_token: token.clone(),
                code: VERIFICATION_CODE.into(),
            }
        )
    );
    let read = call!(ctx, "GetSaasUser", c.get_saas_user(&alice_id));
    assert_eq!(
        (read.email.as_str(), read.sign_in_id.as_str()),
        (alice_email, "alice")
    );
    call!(
        ctx,
        "CreateSecretCode",
        c.create_secret_code(
            &alice_id,
            &types::CreateSecretCodeParam {
                access_token: token.clone(),
            }
        )
    );
    call!(
        ctx,
        "UpdateSoftwareToken",
        c.update_software_token(
            &alice_id,
            &types::UpdateSoftwareTokenParam {
                access_token: token.clone(),
                verification_code: VERIFICATION_CODE.into(),
            }
        )
    );
    call!(
        ctx,
        "UpdateUserMfaPreference",
        c.update_user_mfa_preference(
            &alice_id,
            &types::UpdateUserMfaPreferenceParam(types::MfaPreference {
                enabled: true,
                method: Some(types::MfaMethod::SoftwareToken),
            })
        )
    );
    let mfa = call!(
        ctx,
        "GetUserMfaPreference",
        c.get_user_mfa_preference(&alice_id)
    );
    assert!(mfa.enabled);
    let external = emu.external_access_token("Google", alice_email);
    call!(
        ctx,
        "RequestExternalUserLink",
        c.request_external_user_link(&types::RequestExternalUserLinkParam {
            access_token: external.clone(),
        })
    );
    call!(
        ctx,
        "ConfirmExternalUserLink",
        c.confirm_external_user_link(&types::ConfirmExternalUserLinkParam {
            access_token: external,
            code: VERIFICATION_CODE.into(),
        })
    );
    assert_eq!(emu.linked_providers(&alice_id), ["Google"]);
    call!(
        ctx,
        "UnlinkProvider",
        c.unlink_provider(&alice_id, "Google")
    );
    let reset = call!(
        ctx,
        "ResetSaasUserPassword",
        c.reset_saas_user_password(&alice_id)
    );
    assert_eq!(reset.password.as_deref(), Some(RESET_PASSWORD));

    // Sign-in: password, new password, MFA code, then a device.
    let started = call!(
        ctx,
        "SignIn",
        c.sign_in(&types::SignInParam {
            sign_in_flow: types::SignInFlow::UserSrpAuth,
            sign_in_parameters: [("USERNAME".to_string(), alice_email.to_string())].into(),
        })
    );
    let mut session = started.session;
    let mut challenge = started.challenge_name.unwrap();
    let credentials = loop {
        let (key, value) = match challenge {
            types::ChallengeName::PasswordVerifier => ("PASSWORD", RESET_PASSWORD),
            types::ChallengeName::NewPasswordRequired => ("NEW_PASSWORD", "Alice-Passw0rd-3!"),
            types::ChallengeName::SoftwareTokenMfa => {
                ("SOFTWARE_TOKEN_MFA_CODE", VERIFICATION_CODE)
            }
            other => panic!("unexpected challenge {other:?}"),
        };
        let answer = call!(
            ctx,
            "RespondToSignInChallenge",
            c.respond_to_sign_in_challenge(&types::RespondToSignInChallengeParam {
                challenge_name: challenge,
                challenge_responses: [(key.to_string(), value.to_string())].into(),
                session: session.clone(),
            })
        );
        if let Some(credentials) = answer.credentials {
            let device = answer.new_device_metadata.unwrap().device_key.unwrap();
            break (credentials, device);
        }
        challenge = answer.challenge_name.unwrap();
        session = answer.session;
    };
    let (signed_in, device_key) = credentials;
    call!(
        ctx,
        "ConfirmDevice",
        c.confirm_device(&types::ConfirmDeviceParam {
            access_token: signed_in.access_token.clone(),
            device_key: device_key.clone(),
            device_name: Some("laptop".into()),
            device_secret_verifier_config: None,
        })
    );
    call!(
        ctx,
        "UpdateDeviceStatus",
        c.update_device_status(&types::UpdateDeviceStatusParam {
            access_token: signed_in.access_token.clone(),
            device_key,
            device_remembered_status: types::DeviceRememberedStatus::Remembered,
        })
    );

    // Sign-up, and AWS Marketplace.
    call!(
        ctx,
        "SignUp",
        c.sign_up(&types::SignUpParam {
            email: "bob@example.com".into(),
        })
    );
    call!(
        ctx,
        "ResendSignUpConfirmationEmail",
        c.resend_sign_up_confirmation_email(&types::ResendSignUpConfirmationEmailParam {
            email: "bob@example.com".into(),
        })
    );
    let carol = call!(
        ctx,
        "SignUpWithAwsMarketplace",
        c.sign_up_with_aws_marketplace(&types::SignUpWithAwsMarketplaceParam {
            email: "carol@example.com".into(),
            registration_token: AWS_MARKETPLACE_REGISTRATION_TOKEN.into(),
        })
    );
    let carol_token = emu.access_token(&carol.id).unwrap();
    let marketplace_tenant = call!(
        ctx,
        "ConfirmSignUpWithAwsMarketplace",
        c.confirm_sign_up_with_aws_marketplace(&types::ConfirmSignUpWithAwsMarketplaceParam {
            access_token: carol_token.clone(),
            registration_token: AWS_MARKETPLACE_REGISTRATION_TOKEN.into(),
            tenant_name: Some("Carol Inc.".into()),
        })
    );
    call!(
        ctx,
        "LinkAwsMarketplace",
        c.link_aws_marketplace(&types::LinkAwsMarketplaceParam {
            access_token: carol_token,
            registration_token: AWS_MARKETPLACE_REGISTRATION_TOKEN.into(),
            tenant_id: marketplace_tenant.id.to_string(),
        })
    );

    // ---- tenants
    let tenant = call!(
        ctx,
        "CreateTenant",
        c.create_tenant(&types::CreateTenantParam(types::TenantProps {
            name: "Acme".into(),
            back_office_staff_email: "staff@acme.example".into(),
            attributes: common::attributes(json!({ "tier": "gold" })),
        }))
    );
    let tid = tenant.id.clone();
    call!(
        ctx,
        "UpdateTenant",
        c.update_tenant(
            &tid,
            &types::UpdateTenantParam(types::TenantProps {
                name: "Acme Corp".into(),
                back_office_staff_email: "staff@acme.example".into(),
                attributes: common::attributes(json!({ "tier": "platinum" })),
            })
        )
    );
    let plan = types::Uuid(uuid_like(7));
    call!(
        ctx,
        "UpdateTenantPlan",
        c.update_tenant_plan(
            &tid,
            &types::UpdateTenantPlanParam(types::PlanReservation {
                next_plan_id: Some(plan.clone()),
                ..Default::default()
            })
        )
    );
    call!(
        ctx,
        "UpdateTenantBillingInfo",
        c.update_tenant_billing_info(
            &tid,
            &types::UpdateTenantBillingInfoParam(types::BillingInfo {
                name: "Acme Corp".into(),
                invoice_language: types::InvoiceLanguage::EnUs,
                address: types::BillingAddress {
                    street: "1 Main St".into(),
                    city: "Springfield".into(),
                    state: "IL".into(),
                    country: "US".parse().unwrap(),
                    postal_code: "62701".into(),
                    additional_address_info: None,
                },
            })
        )
    );
    let detail = call!(ctx, "GetTenant", c.get_tenant(&tid));
    assert_eq!(detail.name, "Acme Corp");
    assert_eq!(detail.plan_id.as_ref(), Some(&plan));
    assert_eq!(detail.plan_histories.len(), 1);
    assert!(detail.billing_info.is_some());
    let tenants = call!(ctx, "GetTenants", c.get_tenants());
    assert_eq!(tenants.tenants.len(), 2);
    call!(
        ctx,
        "UpdateTenantIdentityProvider",
        c.update_tenant_identity_provider(
            &tid,
            &types::UpdateTenantIdentityProviderParam {
                provider_type: types::ProviderType::Saml,
                identity_provider_props: Some(types::TenantIdentityProviderProps(
                    types::IdentityProviderSaml {
                        email_attribute: "email".into(),
                        metadata_url: "https://idp.example/metadata".into(),
                    }
                )),
            }
        )
    );
    let idp = call!(
        ctx,
        "GetTenantIdentityProviders",
        c.get_tenant_identity_providers(&tid)
    );
    assert_eq!(idp.saml.unwrap().email_attribute, "email");
    call!(ctx, "CreateTenantAndPricing", c.create_tenant_and_pricing());
    call!(ctx, "GetStripeCustomer", c.get_stripe_customer(&tid));
    call!(ctx, "ResetPlan", c.reset_plan());
    assert!(c
        .get_tenant(&tid)
        .await
        .unwrap()
        .into_inner()
        .plan_id
        .is_none());
    call!(
        ctx,
        "DeleteStripeTenantAndPricing",
        c.delete_stripe_tenant_and_pricing()
    );

    // ---- tenant users and roles
    let member = call!(
        ctx,
        "CreateTenantUser",
        c.create_tenant_user(
            &tid,
            &types::CreateTenantUserParam {
                email: Some(alice_email.into()),
                sign_in_id: None,
                attributes: common::attributes(json!({ "level": 1 })),
            }
        )
    );
    assert_eq!(
        member.id, alice_id,
        "a tenant user carries the SaaS user's id"
    );
    call!(
        ctx,
        "UpdateTenantUser",
        c.update_tenant_user(
            &tid,
            &alice_id,
            &types::UpdateTenantUserParam {
                attributes: common::attributes(json!({ "level": 2 })),
            }
        )
    );
    call!(
        ctx,
        "CreateTenantUserRoles",
        c.create_tenant_user_roles(
            &tid,
            &alice_id,
            &dev,
            &types::CreateTenantUserRolesParam {
                role_names: vec!["admin".into(), "member".into()],
            }
        )
    );
    let read = call!(ctx, "GetTenantUser", c.get_tenant_user(&tid, &alice_id));
    assert_eq!(read.attributes["level"], json!(2));
    assert_eq!(read.envs.len(), 1);
    assert_eq!(read.envs[0].0.roles.len(), 2);
    let users = call!(ctx, "GetTenantUsers", c.get_tenant_users(&tid));
    assert_eq!(users.users.len(), 1);
    let all = call!(ctx, "GetAllTenantUsers", c.get_all_tenant_users());
    assert_eq!(all.users.len(), 1);
    call!(ctx, "GetAllTenantUser", c.get_all_tenant_user(&alice_id));
    call!(
        ctx,
        "SaveTenantUsersCounts",
        c.save_tenant_users_counts(&types::SaveTenantUsersCountsParam {
            tenant_user_counts: vec![types::SaveTenantUserCountParam {
                tenant_id: tid.clone(),
                count: 42,
            }],
        })
    );
    let counts = call!(
        ctx,
        "GetAllTenantUsersCount",
        c.get_all_tenant_users_count()
    );
    assert!(counts
        .tenant_user_counts
        .iter()
        .any(|c| c.tenant_id == tid && c.count == 42));
    let found = call!(
        ctx,
        "SearchTenantUsers",
        c.search_tenant_users(
            None,
            None,
            NonZeroU64::new(1),
            None,
            None,
            Some("admin"),
            None,
            Some(&tid)
        )
    );
    assert_eq!(found.users.len(), 1);

    // ---- credentials and user info
    let code = common::admin_login(&emu, alice_email, "Alice-Passw0rd-3!")
        .await
        .expect("a code");
    let code = types::Uuid(code);
    let creds = call!(
        ctx,
        "GetAuthCredentials",
        c.get_auth_credentials(
            Some(&types::GetAuthCredentialsAuthFlow::TempCodeAuth),
            Some(&code),
            None
        )
    );
    let info = call!(ctx, "GetUserInfo", c.get_user_info(&creds.id_token));
    assert_eq!(info.tenants.len(), 1);
    assert_eq!(info.tenants[0].envs[0].roles.len(), 2);
    call!(
        ctx,
        "GetUserInfoByEmail",
        c.get_user_info_by_email(alice_email)
    );
    call!(
        ctx,
        "GetUserInfoBySignInId",
        c.get_user_info_by_sign_in_id("alice")
    );
    let refreshed = call!(
        ctx,
        "GetAuthCredentials",
        c.get_auth_credentials(
            Some(&types::GetAuthCredentialsAuthFlow::RefreshTokenAuth),
            None,
            creds.refresh_token.as_deref()
        )
    );
    let store = |challenge: Option<&str>| types::CreateAuthCredentialsParam {
        id_token: refreshed.id_token.clone(),
        access_token: refreshed.access_token.clone(),
        refresh_token: refreshed.refresh_token.clone(),
        code_challenge: challenge.map(str::to_string),
        code_challenge_method: challenge
            .map(|_| types::CreateAuthCredentialsParamCodeChallengeMethod::S256),
    };
    let handed = call!(
        ctx,
        "CreateAuthCredentials",
        c.create_auth_credentials(&store(None))
    );
    let again = call!(
        ctx,
        "GetAuthCredentials",
        c.get_auth_credentials(
            Some(&types::GetAuthCredentialsAuthFlow::TempCodeAuth),
            Some(&handed.code),
            None
        )
    );
    call!(ctx, "GetUserInfo", c.get_user_info(&again.id_token));
    // PKCE: a code bound to the challenge of RFC 7636's example verifier.
    let bound = call!(
        ctx,
        "CreateAuthCredentials",
        c.create_auth_credentials(&store(Some("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM")))
    );
    let exchanged = call!(
        ctx,
        "ExchangeAuthCredentials",
        c.exchange_auth_credentials(&types::ExchangeAuthCredentialsParam {
            auth_flow: types::ExchangeAuthCredentialsParamAuthFlow::TempCodeAuth,
            code: Some(bound.code),
            code_verifier: Some("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk".into()),
        })
    );
    call!(ctx, "GetUserInfo", c.get_user_info(&exchanged.id_token));
    call!(
        ctx,
        "RevokeToken",
        c.revoke_token(&types::RevokeTokenParam {
            refresh_token: creds.refresh_token.clone().expect("a refresh token"),
        })
    );

    // ---- invitations
    let invite = |email: &str| types::CreateTenantInvitationParam {
        email: email.into(),
        access_token: creds.access_token.clone(),
        envs: vec![types::InvitedUserEnvironmentInformationItem {
            id: prod.clone(),
            role_names: vec!["member".into()],
        }],
    };
    let dave = call!(
        ctx,
        "CreateTenantInvitation",
        c.create_tenant_invitation(&tid, &invite("dave@example.com"))
    );
    let erin = call!(
        ctx,
        "CreateTenantInvitation",
        c.create_tenant_invitation(&tid, &invite("erin@example.com"))
    );
    let listed = call!(ctx, "GetTenantInvitations", c.get_tenant_invitations(&tid));
    assert_eq!(listed.invitations.len(), 2);
    call!(
        ctx,
        "GetTenantInvitation",
        c.get_tenant_invitation(&tid, &dave.id)
    );
    let validity = call!(
        ctx,
        "GetInvitationValidity",
        c.get_invitation_validity(&dave.id)
    );
    assert!(validity.is_valid);
    call!(
        ctx,
        "ValidateInvitation",
        c.validate_invitation(
            &dave.id,
            &types::ValidateInvitationParam {
                access_token: None,
                email: Some("dave@example.com".into()),
                password: Some("Dave-Passw0rd!".into()),
            }
        )
    );
    let validity = call!(
        ctx,
        "GetInvitationValidity",
        c.get_invitation_validity(&dave.id)
    );
    assert!(!validity.is_valid);
    let dave_info = c
        .get_user_info_by_email("dave@example.com")
        .await
        .unwrap()
        .into_inner();
    assert_eq!(dave_info.tenants[0].envs[0].roles[0].role_name, "member");
    call!(
        ctx,
        "DeleteTenantInvitation",
        c.delete_tenant_invitation(&tid, &erin.id)
    );

    // ---- deletions
    call!(
        ctx,
        "DeleteTenantUserRole",
        c.delete_tenant_user_role(&tid, &alice_id, &dev, "member")
    );
    call!(
        ctx,
        "DeleteTenantUser",
        c.delete_tenant_user(&tid, &alice_id)
    );
    call!(ctx, "DeleteRole", c.delete_role("member"));
    call!(ctx, "DeleteEnv", c.delete_env(&prod));
    call!(ctx, "DeleteUserAttribute", c.delete_user_attribute("level"));
    call!(
        ctx,
        "DeleteTenantAttribute",
        c.delete_tenant_attribute("tier")
    );
    call!(ctx, "DeleteTenant", c.delete_tenant(&tid));
    let deleted = call!(ctx, "DeleteSaasUser", c.delete_saas_user(&alice_id));
    assert_eq!(deleted.email, alice_email);

    let missing: Vec<&String> = ctx
        .spec
        .keys()
        .filter(|id| !ctx.seen.contains(id.as_str()))
        .collect();
    assert!(missing.is_empty(), "operations not exercised: {missing:?}");
    assert_eq!(ctx.seen.len(), ctx.spec.len());
    emu.shutdown().await;
}

/// A fixed UUID-shaped id.
fn uuid_like(n: u8) -> String {
    format!("00000000-0000-4000-8000-{n:012}")
}
