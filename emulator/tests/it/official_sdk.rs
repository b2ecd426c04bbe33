//! Regressions found by running the official SaaSus Python SDK against the
//! emulator binary (`emulator/tests/official-sdk/run.sh`): each test pins
//! a fix that made the emulator answer what the real API answers.

use crate::common;

use saasus_auth::types;
use saasus_auth_emulator::Emulator;

/// The invitation URL has the shape of the contract's example
/// (`https://auth.dev.saasus.io/invite?id=<invitation id>`): the hosted
/// auth domain's `/invite` page with the invitation id in `id`, so a
/// client can read the id back from the URL it mails.
#[tokio::test]
async fn invitation_url_is_the_hosted_invite_page_with_the_id() {
    let emu = Emulator::start().unwrap();
    let c = common::client(&emu);
    let owner = c
        .create_saas_user(&types::CreateSaasUserParam {
            email: Some("owner@example.com".into()),
            password: Some("Owner-Passw0rd!".into()),
            sign_in_id: None,
        })
        .await
        .unwrap()
        .into_inner()
        .id
        .to_string();
    let tenant = c
        .create_tenant(&types::CreateTenantParam(types::TenantProps {
            name: "Acme".into(),
            back_office_staff_email: "staff@example.com".into(),
            attributes: Default::default(),
        }))
        .await
        .unwrap()
        .into_inner()
        .id;
    let inv = c
        .create_tenant_invitation(
            &tenant,
            &types::CreateTenantInvitationParam {
                email: "guest@example.com".into(),
                access_token: emu.access_token(&owner).unwrap(),
                envs: vec![],
            },
        )
        .await
        .unwrap()
        .into_inner();
    let url = reqwest::Url::parse(&inv.invitation_url).unwrap();
    assert_eq!(url.scheme(), "https");
    assert!(url.host_str().unwrap().starts_with("auth."), "{url}");
    assert_eq!(url.path(), "/invite");
    let ids: Vec<String> = url
        .query_pairs()
        .filter(|(k, _)| k == "id")
        .map(|(_, v)| v.into_owned())
        .collect();
    assert_eq!(ids, vec![inv.id.to_string()]);
    assert_eq!(url.query_pairs().count(), 1, "{url}");
    emu.shutdown().await;
}

/// `code` and `refresh-token` are optional query parameters of
/// GetAuthCredentials, which documents 404 and no 400: without them there
/// is nothing to exchange, answered as an unknown code or refresh token.
#[tokio::test]
async fn get_auth_credentials_without_code_or_refresh_token_is_404() {
    let emu = Emulator::start().unwrap();
    let c = common::client(&emu);
    for (flow, expected_type) in [
        (None, "code_not_found"),
        (
            Some(&types::GetAuthCredentialsAuthFlow::TempCodeAuth),
            "code_not_found",
        ),
        (
            Some(&types::GetAuthCredentialsAuthFlow::RefreshTokenAuth),
            "refresh_token_not_found",
        ),
    ] {
        let err = c.get_auth_credentials(flow, None, None).await.unwrap_err();
        assert_eq!(common::status(&err), 404, "{flow:?}");
        assert_eq!(common::error_type(&err), expected_type, "{flow:?}");
    }
    emu.shutdown().await;
}
