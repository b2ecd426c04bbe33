//! Configuration from the environment, validation, and redaction of
//! credentials in everything that can be printed.

use crate::common;

use std::collections::HashMap;

use common::*;
use httpmock::prelude::*;
use saasus_auth::{raw, Configuration, Error, RequestOptions, SaasUserApi, BASE_PATH};

fn lookup(vars: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
    let map: HashMap<String, String> = vars
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    move |k| map.get(k).cloned()
}

#[test]
fn every_missing_variable_is_named_at_once() {
    let err = Configuration::from_lookup(lookup(&[])).unwrap_err();
    let msg = err.to_string();
    for var in ["SAASUS_SAAS_ID", "SAASUS_API_KEY", "SAASUS_SECRET_KEY"] {
        assert!(msg.contains(var), "{msg}");
    }
    match err {
        Error::InvalidConfiguration { problems } => assert_eq!(problems.len(), 3),
        other => panic!("{other:?}"),
    }
}

#[test]
fn empty_values_count_as_missing_and_present_ones_are_not_named() {
    let err = Configuration::from_lookup(lookup(&[
        ("SAASUS_SAAS_ID", "id"),
        ("SAASUS_API_KEY", "  "),
        ("SAASUS_SECRET_KEY", "s3cr3t-value"),
    ]))
    .unwrap_err();
    let msg = err.to_string();
    assert!(msg.contains("SAASUS_API_KEY"), "{msg}");
    assert!(
        !msg.contains("SAASUS_SAAS_ID") && !msg.contains("SAASUS_SECRET_KEY"),
        "{msg}"
    );
    assert!(!msg.contains("s3cr3t-value"));
}

#[test]
fn if_set_is_none_without_any_credential_and_names_the_missing_ones_otherwise() {
    // Nothing set (a URL base alone is not a credential): no configuration.
    for vars in [
        &[][..],
        &[("SAASUS_API_URL_BASE", "https://api.example.com")][..],
        &[("SAASUS_SAAS_ID", " "), ("SAASUS_API_KEY", "")][..],
    ] {
        assert!(Configuration::from_lookup_if_set(lookup(vars))
            .unwrap()
            .is_none());
    }
    // One or two of the three: an error naming exactly the missing ones.
    let err = Configuration::from_lookup_if_set(lookup(&[
        ("SAASUS_SAAS_ID", "x"),
        ("SAASUS_API_URL_BASE", "https://api.example.com"),
    ]))
    .unwrap_err();
    let msg = err.to_string();
    assert!(
        msg.contains("SAASUS_API_KEY") && msg.contains("SAASUS_SECRET_KEY"),
        "{msg}"
    );
    assert!(!msg.contains("SAASUS_SAAS_ID"), "{msg}");
    let err = Configuration::from_lookup_if_set(lookup(&[
        ("SAASUS_API_KEY", "k"),
        ("SAASUS_SECRET_KEY", "s3cr3t-value"),
    ]))
    .unwrap_err();
    let msg = err.to_string();
    assert!(
        msg.contains("SAASUS_SAAS_ID") && !msg.contains("SAASUS_API_KEY"),
        "{msg}"
    );
    assert!(!msg.contains("s3cr3t-value"), "{msg}");
    // All three: a configuration.
    let config = Configuration::from_lookup_if_set(lookup(&[
        ("SAASUS_SAAS_ID", "id"),
        ("SAASUS_API_KEY", "k"),
        ("SAASUS_SECRET_KEY", "s"),
    ]))
    .unwrap()
    .expect("a configuration");
    assert_eq!(config.saas_id(), "id");
}

#[test]
fn an_invalid_api_url_base_names_the_variable() {
    let creds = [
        ("SAASUS_SAAS_ID", "id"),
        ("SAASUS_API_KEY", "key"),
        ("SAASUS_SECRET_KEY", "secret"),
    ];
    for bad in ["not a url", "ftp://x.example", "https://x.example/?q=1"] {
        let mut vars = creds.to_vec();
        vars.push(("SAASUS_API_URL_BASE", bad));
        let msg = Configuration::from_lookup(lookup(&vars))
            .unwrap_err()
            .to_string();
        assert!(msg.contains("SAASUS_API_URL_BASE"), "{bad}: {msg}");
    }
    // Reported together with a missing credential.
    let msg = Configuration::from_lookup(lookup(&[("SAASUS_API_URL_BASE", "not a url")]))
        .unwrap_err()
        .to_string();
    assert!(
        msg.contains("SAASUS_API_URL_BASE") && msg.contains("SAASUS_SECRET_KEY"),
        "{msg}"
    );
}

#[test]
fn the_api_url_base_comes_from_the_environment_or_defaults() {
    let creds = [
        ("SAASUS_SAAS_ID", "id"),
        ("SAASUS_API_KEY", "key"),
        ("SAASUS_SECRET_KEY", "secret"),
    ];
    let config = Configuration::from_lookup(lookup(&creds)).unwrap();
    assert_eq!(config.auth_base_path(), BASE_PATH);
    let api = SaasUserApi::new(Some(config), None, None).unwrap();
    assert_eq!(api.base_path(), "https://api.saasus.io/v1/auth");

    let mut with_base = creds.to_vec();
    with_base.push(("SAASUS_API_URL_BASE", "http://127.0.0.1:9999/"));
    let config = Configuration::from_lookup(lookup(&with_base)).unwrap();
    let api = SaasUserApi::new(Some(config), None, None).unwrap();
    assert_eq!(api.base_path(), "http://127.0.0.1:9999/v1/auth");
    // An explicit base path wins.
    let api = SaasUserApi::new(
        Some(api.configuration().clone()),
        Some("http://localhost:1/x"),
        None,
    )
    .unwrap();
    assert_eq!(api.base_path(), "http://localhost:1/x");
}

#[test]
fn validation_reports_every_problem() {
    let config = Configuration::new("", "key with space", "")
        .with_api_url_base("ftp://nope")
        .with_trace_id("line\nbreak")
        .with_timeout(std::time::Duration::ZERO)
        .with_max_attempts(0);
    let err = SaasUserApi::new(Some(config), None, None).unwrap_err();
    let Error::InvalidConfiguration { problems } = &err else {
        panic!("{err:?}")
    };
    assert_eq!(problems.len(), 7, "{problems:#?}");
}

#[test]
fn a_bad_base_path_is_an_error_not_a_panic() {
    for bad in ["", "not a url", "file:///etc/passwd"] {
        let err = SaasUserApi::new(Some(config()), Some(bad), None).unwrap_err();
        assert!(
            matches!(err, Error::InvalidConfiguration { .. }),
            "{bad}: {err:?}"
        );
    }
}

#[test]
fn nothing_printable_shows_the_credentials() {
    let config = Configuration::new(SAAS_ID, API_KEY, SECRET).with_trace_id("t");
    let api = SaasUserApi::new(Some(config.clone()), None, None).unwrap();
    let client = raw::Client::from_configuration(&config, None, None).unwrap();
    let printed = [
        format!("{config:?}"),
        format!("{api:?}"),
        format!("{api:#?}"),
        format!("{client:?}"),
        format!("{:?}", client.signer()),
        format!("{:?} {}", config.secret_key(), config.secret_key()),
    ];
    for p in printed {
        assert!(!p.contains(SECRET), "secret in {p}");
        assert!(!p.contains(API_KEY), "API key in {p}");
    }
}

#[tokio::test]
async fn no_error_shows_the_credentials() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|_, then| {
            then.status(500)
                .json_body(serde_json::json!({ "type": "boom", "message": "internal" }));
        })
        .await;
    let api = api(&server);
    let mut errors = vec![api.get_saas_users().await.unwrap_err()];
    // A transport error: nothing listens on port 9 of this host.
    let closed =
        SaasUserApi::new(Some(config()), Some("http://127.0.0.1:9/v1/auth"), None).unwrap();
    errors.push(closed.get_saas_user("u").await.unwrap_err());
    errors.push(Configuration::from_lookup(lookup(&[("SAASUS_SECRET_KEY", SECRET)])).unwrap_err());
    for e in errors {
        for p in [format!("{e}"), format!("{e:?}"), format!("{e:#?}")] {
            assert!(!p.contains(SECRET) && !p.contains(API_KEY), "{p}");
            assert!(!p.contains("SAASUSSIGV1"), "{p}");
        }
    }
}

#[test]
fn the_api_url_base_is_normalised_so_the_path_is_never_doubled() {
    for base in [
        "https://api.example.com",
        " https://api.example.com ",
        "https://api.example.com/",
        "https://api.example.com/v1/auth",
        "https://api.example.com/v1/auth/",
        "\thttps://api.example.com//v1/auth\n",
    ] {
        let config = Configuration::new("id", "key", "secret").with_api_url_base(base);
        assert_eq!(
            config.auth_base_path(),
            "https://api.example.com/v1/auth",
            "{base:?}"
        );
        let client = saasus_auth::AuthClient::new(Some(config), None).expect(base);
        assert_eq!(
            client.base_path(),
            "https://api.example.com/v1/auth",
            "{base:?}"
        );
    }
    let lookup = |k: &str| match k {
        "SAASUS_SAAS_ID" => Some("id".to_string()),
        "SAASUS_API_KEY" => Some("key".to_string()),
        "SAASUS_SECRET_KEY" => Some("secret".to_string()),
        "SAASUS_API_URL_BASE" => Some("https://api.example.com/v1/auth ".to_string()),
        _ => None,
    };
    let config = Configuration::from_lookup(lookup).unwrap();
    assert_eq!(config.auth_base_path(), "https://api.example.com/v1/auth");
}

#[test]
fn a_base_url_that_is_not_http_is_an_invalid_configuration() {
    for base in [
        "api.example.com",
        "ftp://api.example.com",
        "https://",
        "https://h/?x=1",
    ] {
        let config = Configuration::new("id", "key", "secret").with_api_url_base(base);
        let err = saasus_auth::AuthClient::new(Some(config), None).unwrap_err();
        assert!(
            matches!(err, saasus_auth::Error::InvalidConfiguration { .. }),
            "{base}: {err:?}"
        );
        assert!(err.to_string().contains("not an http(s) URL"), "{err}");
    }
    let err = SaasUserApi::new(Some(config()), Some("not a url"), None).unwrap_err();
    assert!(
        matches!(err, saasus_auth::Error::InvalidConfiguration { .. }),
        "{err:?}"
    );
}

#[tokio::test]
async fn per_call_options_that_cannot_be_honoured_are_refused_not_clamped() {
    let server = MockServer::start_async().await;
    let api = api(&server);
    for options in [
        RequestOptions::new().timeout(std::time::Duration::ZERO),
        RequestOptions::new().max_attempts(0),
        RequestOptions::new().header("bad header", "x"),
    ] {
        assert!(options.problem().is_some());
        let err = api
            .with_options(options)
            .get_saas_users()
            .await
            .unwrap_err();
        assert!(
            matches!(err, saasus_auth::Error::InvalidRequest { .. }),
            "{err:?}"
        );
        assert_eq!(err.operation(), Some("GetSaasUsers"));
    }
}

/// A refused URL is named without its userinfo or query (either may hold
/// a credential), from the environment, a builder or a base path.
#[test]
fn invalid_configuration_does_not_echo_a_urls_userinfo_or_query() {
    let creds = [
        ("SAASUS_SAAS_ID", "id"),
        ("SAASUS_API_KEY", "key"),
        ("SAASUS_SECRET_KEY", "secret"),
    ];
    for bad in [
        "https://user:hunter2@x.example/v1?token=hunter3",
        "ftp://user:hunter2@x.example/",
        "https://x.example/?api_key=hunter3",
        "https://x.example/#hunter3",
        "user:hunter2@x.example?hunter3",
    ] {
        let mut vars = creds.to_vec();
        vars.push(("SAASUS_API_URL_BASE", bad));
        let from_env = Configuration::from_lookup(lookup(&vars)).unwrap_err();
        let built = Configuration::new("id", "key", "secret")
            .with_api_url_base(bad)
            .validate()
            .unwrap_err();
        let base_path = raw::Client::from_configuration(
            &Configuration::new("id", "key", "secret"),
            Some(bad),
            None,
        )
        .map(|_| ())
        .unwrap_err();
        for err in [from_env, built, base_path] {
            let shown = format!("{err} {err:?}");
            assert!(matches!(err, Error::InvalidConfiguration { .. }), "{shown}");
            assert!(!shown.contains("hunter"), "{bad}: {shown}");
            assert!(shown.contains("x.example"), "{bad}: {shown}");
        }
    }
}
