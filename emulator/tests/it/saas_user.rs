//! The `saasUser` operations in detail, through the generated client:
//! search pages, documented errors for unknown users, reserved characters
//! in path parameters, external links, and sign-in challenges.

use crate::common;

use std::num::NonZeroU64;

use common::{error_type, status};
use saasus_auth::{raw, types};
use saasus_auth_emulator::{EmailKind, Emulator, VERIFICATION_CODE};

async fn create(c: &raw::Client, email: &str) -> String {
    c.create_saas_user(&types::CreateSaasUserParam {
        email: Some(email.into()),
        password: Some("P@ssw0rd!".into()),
        sign_in_id: None,
    })
    .await
    .unwrap()
    .into_inner()
    .id
    .to_string()
}

#[tokio::test]
async fn search_pages_with_a_cursor() {
    let emu = Emulator::start().unwrap();
    let c = common::client(&emu);
    let mut ids = Vec::new();
    for i in 0..5 {
        ids.push(create(&c, &format!("user{i}@example.com")).await);
    }
    let mut pages: Vec<Vec<String>> = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let page = c
            .search_saas_users(cursor.as_deref(), None, None, NonZeroU64::new(2), None)
            .await
            .unwrap()
            .into_inner();
        pages.push(page.users.iter().map(|u| u.id.to_string()).collect());
        match page.cursor {
            Some(next) => cursor = Some(next),
            None => break,
        }
    }
    assert_eq!(pages.iter().map(Vec::len).collect::<Vec<_>>(), [2, 2, 1]);
    assert_eq!(pages.concat(), ids, "creation order");

    let page = c
        .search_saas_users(None, None, None, NonZeroU64::new(5), None)
        .await
        .unwrap()
        .into_inner();
    assert_eq!((page.users.len(), page.cursor), (5, None));

    let err = c
        .search_saas_users(None, None, None, NonZeroU64::new(101), None)
        .await
        .unwrap_err();
    assert_eq!(
        (status(&err), error_type(&err).as_str()),
        (400, "invalid_parameter")
    );
    let err = c
        .search_saas_users(Some("not-a-cursor"), None, None, None, None)
        .await
        .unwrap_err();
    assert_eq!(
        (status(&err), error_type(&err).as_str()),
        (400, "invalid_cursor")
    );
    emu.shutdown().await;
}

#[tokio::test]
async fn unknown_users_get_the_documented_errors() {
    let emu = Emulator::start().unwrap();
    let c = common::client(&emu);
    let missing = "f94bfffc-8be2-11ec-b41a-0242ac120004";
    assert_eq!(status(&c.get_saas_user(missing).await.unwrap_err()), 404);
    assert_eq!(status(&c.delete_saas_user(missing).await.unwrap_err()), 404);
    assert_eq!(
        status(&c.reset_saas_user_password(missing).await.unwrap_err()),
        404
    );
    assert_eq!(
        status(&c.get_all_tenant_user(missing).await.unwrap_err()),
        404
    );
    assert_eq!(
        status(
            &c.get_user_info_by_email("no@example.com")
                .await
                .unwrap_err()
        ),
        404
    );
    assert_eq!(
        status(&c.get_user_info_by_sign_in_id("nobody").await.unwrap_err()),
        404
    );
    // 500, the only error status documented, for the others; the type
    // still says what happened.
    let err = c.get_user_mfa_preference(missing).await.unwrap_err();
    assert_eq!(
        (status(&err), error_type(&err).as_str()),
        (500, "user_not_found")
    );

    // Path parameters are percent-decoded by axum: reserved characters
    // reach the store intact and come back in the message.
    let odd = "a/b?c#d%e f-日本.x";
    let err = c.get_saas_user(odd).await.unwrap_err();
    assert_eq!(status(&err), 404);
    match &err {
        progenitor_client::Error::ErrorResponse(r) => {
            assert!(r.message.contains(&format!("{odd:?}")), "{}", r.message)
        }
        other => panic!("{other:?}"),
    }
    emu.shutdown().await;
}

#[tokio::test]
async fn provider_names_with_reserved_characters_round_trip() {
    let emu = Emulator::start().unwrap();
    let c = common::client(&emu);
    let id = create(&c, "linked@example.com").await;
    let odd = "Sign in/with ?#% 社";
    for provider in ["Google", odd] {
        let token = emu.external_access_token(provider, "LINKED@example.com");
        c.request_external_user_link(&types::RequestExternalUserLinkParam {
            access_token: token.clone(),
        })
        .await
        .unwrap();
        let err = c
            .confirm_external_user_link(&types::ConfirmExternalUserLinkParam {
                access_token: token.clone(),
                code: "000000".into(),
            })
            .await
            .unwrap_err();
        assert_eq!(
            (status(&err), error_type(&err).as_str()),
            (400, "invalid_code")
        );
        c.confirm_external_user_link(&types::ConfirmExternalUserLinkParam {
            access_token: token,
            code: VERIFICATION_CODE.into(),
        })
        .await
        .unwrap();
    }
    assert_eq!(emu.linked_providers(&id), ["Google", odd]);
    let sent = emu
        .sent_emails()
        .into_iter()
        .filter(|m| m.kind == EmailKind::ExternalUserLinkCode)
        .count();
    assert_eq!(sent, 2);

    c.unlink_provider(&id, odd).await.unwrap();
    assert_eq!(emu.linked_providers(&id), ["Google"]);
    let err = c.unlink_provider(&id, odd).await.unwrap_err();
    assert_eq!(
        (status(&err), error_type(&err).as_str()),
        (500, "provider_not_linked")
    );

    let err = c
        .request_external_user_link(&types::RequestExternalUserLinkParam {
            access_token: "garbage".into(),
        })
        .await
        .unwrap_err();
    assert_eq!(
        (status(&err), error_type(&err).as_str()),
        (400, "invalid_access_token")
    );
    emu.shutdown().await;
}

#[tokio::test]
async fn sign_in_challenges_reject_wrong_answers_and_used_sessions() {
    let emu = Emulator::start().unwrap();
    let c = common::client(&emu);
    let id = create(&c, "user@example.com").await;
    let start = |username: &str| types::SignInParam {
        sign_in_flow: types::SignInFlow::UserSrpAuth,
        sign_in_parameters: [("USERNAME".to_string(), username.to_string())].into(),
    };
    let err = c.sign_in(&start("nobody@example.com")).await.unwrap_err();
    assert_eq!(status(&err), 401);

    let respond = |session: Option<String>, name, key: &str, value: &str| {
        types::RespondToSignInChallengeParam {
            challenge_name: name,
            challenge_responses: [(key.to_string(), value.to_string())].into(),
            session,
        }
    };
    let started = c
        .sign_in(&start("user@example.com"))
        .await
        .unwrap()
        .into_inner();
    let pv = types::ChallengeName::PasswordVerifier;
    let err = c
        .respond_to_sign_in_challenge(&respond(
            started.session.clone(),
            pv.clone(),
            "PASSWORD",
            "wrong",
        ))
        .await
        .unwrap_err();
    assert_eq!(
        (status(&err), error_type(&err).as_str()),
        (401, "not_authorized")
    );
    // The session was used up by the wrong answer.
    let err = c
        .respond_to_sign_in_challenge(&respond(
            started.session,
            pv.clone(),
            "PASSWORD",
            "P@ssw0rd!",
        ))
        .await
        .unwrap_err();
    assert_eq!(
        (status(&err), error_type(&err).as_str()),
        (401, "invalid_session")
    );

    // Email MFA: a code is "sent", then credentials that GetUserInfo takes.
    c.update_user_mfa_preference(
        &id,
        &types::UpdateUserMfaPreferenceParam(types::MfaPreference {
            enabled: true,
            method: Some(types::MfaMethod::Email),
        }),
    )
    .await
    .unwrap();
    let started = c
        .sign_in(&start("user@example.com"))
        .await
        .unwrap()
        .into_inner();
    let step = c
        .respond_to_sign_in_challenge(&respond(
            started.session,
            pv.clone(),
            "PASSWORD",
            "P@ssw0rd!",
        ))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(step.challenge_name, Some(types::ChallengeName::EmailOtp));
    assert!(emu
        .sent_emails()
        .iter()
        .any(|m| m.kind == EmailKind::SignInCode && m.to == "user@example.com"));
    let done = c
        .respond_to_sign_in_challenge(&respond(
            step.session,
            types::ChallengeName::EmailOtp,
            "EMAIL_OTP_CODE",
            VERIFICATION_CODE,
        ))
        .await
        .unwrap()
        .into_inner();
    let credentials = done.credentials.expect("credentials");
    let info = c
        .get_user_info(&credentials.id_token)
        .await
        .unwrap()
        .into_inner();
    assert_eq!(info.id.as_str(), id);

    // Devices need the access token of a sign-in.
    let err = c
        .confirm_device(&types::ConfirmDeviceParam {
            access_token: "garbage".into(),
            device_key: "x".into(),
            device_name: None,
            device_secret_verifier_config: None,
        })
        .await
        .unwrap_err();
    assert_eq!(status(&err), 401);
    let err = c
        .confirm_device(&types::ConfirmDeviceParam {
            access_token: credentials.access_token,
            device_key: "no-such-device-key".into(),
            device_name: None,
            device_secret_verifier_config: None,
        })
        .await
        .unwrap_err();
    assert_eq!(
        (status(&err), error_type(&err).as_str()),
        (400, "unknown_device")
    );
    emu.shutdown().await;
}
