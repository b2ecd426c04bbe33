//! `GET /__emulator/emails`: what the emulator would have sent, newest
//! first, with codes and links; emails with control characters refused.

use crate::common;

use saasus_auth::types;
use saasus_auth_emulator::{Emulator, TEMPORARY_PASSWORD};

#[tokio::test]
async fn the_outbox_shows_sign_up_and_invitation_codes_newest_first() {
    let emu = Emulator::start().unwrap();
    let c = common::client(&emu);
    let user = c
        .sign_up(&types::SignUpParam {
            email: "new@example.com".into(),
        })
        .await
        .unwrap()
        .into_inner();
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
    let token = emu.access_token(user.id.as_str()).unwrap();
    let invitation = c
        .create_tenant_invitation(
            &tenant,
            &types::CreateTenantInvitationParam {
                email: "guest@example.com".into(),
                access_token: token,
                envs: vec![],
            },
        )
        .await
        .unwrap()
        .into_inner();
    let (status, body) = common::send(
        &emu,
        reqwest::Method::GET,
        "/__emulator/emails",
        vec![],
        None,
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let emails = body["emails"].as_array().unwrap();
    assert_eq!(emails.len(), 2, "{body}");
    // Newest first: the invitation, then the sign-up.
    assert_eq!(emails[0]["kind"], "invitation");
    assert_eq!(emails[0]["to"], "guest@example.com");
    assert_eq!(emails[0]["code"], invitation.id.as_str());
    assert_eq!(emails[0]["link"], invitation.invitation_url.as_str());
    assert_eq!(emails[1]["kind"], "temporary_password");
    assert_eq!(emails[1]["to"], "new@example.com");
    assert_eq!(emails[1]["code"], TEMPORARY_PASSWORD);
    assert!(emails[1]["sent_at"].as_i64().unwrap() > 0);
    // The library hands the same emails out; their Debug shows no code or link.
    let sent = emu.sent_emails();
    assert_eq!(sent.len(), 2);
    for email in &sent {
        let shown = format!("{email:?}");
        assert!(!shown.contains(&email.code), "{shown}");
        assert!(
            email
                .link
                .as_ref()
                .is_none_or(|l| !shown.contains(l.as_str())),
            "{shown}"
        );
        assert!(shown.contains(&email.to), "{shown}");
    }
    emu.shutdown().await;
}

#[tokio::test]
async fn emails_with_control_or_bidi_characters_are_refused() {
    let emu = Emulator::start().unwrap();
    let c = common::client(&emu);
    for email in [
        "moc.elpmaxe@\u{202E}user",
        "user\u{2066}@example.com",
        "user\u{0007}@example.com",
        "user@exa\u{200F}mple.com",
    ] {
        let err = c
            .create_saas_user(&types::CreateSaasUserParam {
                email: Some(email.into()),
                password: Some("long-enough".into()),
                sign_in_id: None,
            })
            .await
            .unwrap_err();
        assert_eq!(common::status(&err), 400, "{email:?}");
        assert_eq!(common::error_type(&err), "invalid_email");
    }
    // The same address without them is accepted.
    c.create_saas_user(&types::CreateSaasUserParam {
        email: Some("user@example.com".into()),
        password: Some("long-enough".into()),
        sign_in_id: None,
    })
    .await
    .unwrap();
    emu.shutdown().await;
}
