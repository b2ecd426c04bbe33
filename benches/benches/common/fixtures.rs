//! Fixed, realistic payloads shared by the benches: SaaS user lists, a
//! created user, the create request, credentials and a 1 KiB JSON body.

use saasus_auth::types;

pub const SAAS_ID: &str = "e7a3cbc2-1d4b-4d7e-9f4b-6c1f3a2b9d01";
pub const API_KEY: &str = "f2f1f0e9d8c7b6a5f2f1f0e9d8c7b6a5";
pub const SECRET: &str = "pNrZ3o7kq2Vf9XbW1sT6yH4mC8dJ0aLe";

/// The URL the signing bench signs (the production host).
pub const SIGNED_URL: &str = "https://api.saasus.io/v1/auth/users";

/// One SaaS user as the API returns it: a UUID, an email address, an empty
/// sign-in ID, two free-form attributes and a last sign-in time.
///
/// `attributes` false gives `"attributes":{}` (a user pool without custom
/// attributes), for comparison in the decode bench.
pub fn user_json(i: usize, attributes: bool) -> String {
    let attrs = if attributes {
        format!(r#"{{"name":"User {i:06}","department":"Sales"}}"#)
    } else {
        "{}".to_string()
    };
    format!(
        r#"{{"id":"{i:08x}-8be2-11ec-b41a-0242ac120004","email":"user{i:06}@example.com","sign_in_id":"","attributes":{attrs},"last_login_at":{}}}"#,
        1_717_000_000 + i as i64
    )
}

/// `{"users":[...]}` with `n` users, as `GET /v1/auth/users` returns it.
pub fn users_json(n: usize, attributes: bool) -> Vec<u8> {
    let mut out = String::with_capacity(16 + n * 200);
    out.push_str(r#"{"users":["#);
    for i in 0..n {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&user_json(i, attributes));
    }
    out.push_str("]}");
    out.into_bytes()
}

/// The 201 body of `POST /v1/auth/users`.
pub fn created_user_json() -> Vec<u8> {
    br#"{"id":"f94bfffc-8be2-11ec-b41a-0242ac120004","email":"new-user@example.com","sign_in_id":"","attributes":{},"password":"Tmp#Pass-4821"}"#.to_vec()
}

/// The request body the create benches send.
pub fn create_param() -> types::CreateSaasUserParam {
    types::CreateSaasUserParam {
        email: Some("new-user@example.com".to_string()),
        password: Some("P@ssw0rd-0001!".to_string()),
        sign_in_id: None,
    }
}

/// A JSON object of exactly 1,024 bytes (a user creation request padded
/// with a note), for the signing bench.
pub fn json_body_1kib() -> Vec<u8> {
    let head =
        r#"{"email":"new-user@example.com","password":"P@ssw0rd-0001!","attributes":{"note":""#;
    let tail = r#""}}"#;
    let pad = 1024 - head.len() - tail.len();
    let mut body = String::with_capacity(1024);
    body.push_str(head);
    body.extend(std::iter::repeat_n('x', pad));
    body.push_str(tail);
    debug_assert_eq!(body.len(), 1024);
    body.into_bytes()
}

/// Whether the binary runs as a benchmark (`cargo bench`, which passes
/// `--bench`) rather than in criterion's quick test mode (`cargo test
/// --benches`).
pub fn bench_mode() -> bool {
    std::env::args().any(|a| a == "--bench")
}
