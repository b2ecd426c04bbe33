//! The three clients the request benches compare, doing the same work:
//!
//! - `facade`: `SaasUserApi` (transport hooks, signing, bounded body read,
//!   progenitor decode);
//! - `reqwest+signing`: a hand-written baseline with raw reqwest: the same
//!   headers, the same 30 s per-request timeout, the same `Signer`, the body
//!   read with `Response::bytes`, then `serde_json::from_slice` into types
//!   of its own, as a hand-written client would declare them (free-form
//!   attributes in a `serde_json::Map`);
//! - `reqwest`: the same baseline without the `Authorization` header.

use std::time::Duration;

use saasus_auth::reqwest::{
    self,
    header::{HeaderValue, ACCEPT, AUTHORIZATION, CONTENT_TYPE, USER_AGENT},
};
use saasus_auth::signing::Signer;
use saasus_auth::{config, types, Configuration, SaasUserApi, SecretKey};

use super::fixtures::{API_KEY, SAAS_ID, SECRET};

/// A SaaS user as a hand-written client would declare it.
#[derive(serde::Deserialize)]
pub struct HandUser {
    pub id: String,
    pub email: String,
    pub sign_in_id: String,
    pub attributes: serde_json::Map<String, serde_json::Value>,
    pub last_login_at: Option<i64>,
}

/// `GET /users`' answer, hand-written.
#[derive(serde::Deserialize)]
pub struct HandUsers {
    pub users: Vec<HandUser>,
}

/// `POST /users`' answer, hand-written.
#[derive(serde::Deserialize)]
pub struct HandCreatedUser {
    pub id: String,
    pub email: String,
    pub sign_in_id: String,
    pub attributes: serde_json::Map<String, serde_json::Value>,
    pub last_login_at: Option<i64>,
    pub password: Option<String>,
}

/// What one request does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    /// `GET /v1/auth/users`, decoded into `SaasUsers`.
    GetUsers,
    /// `POST /v1/auth/users` with `fixtures::create_param()`, decoded into
    /// `CreatedSaasUser`.
    CreateUser,
}

/// The facade or one of the baselines; cheap to clone (shared pools).
#[derive(Clone)]
pub enum Client {
    Facade(SaasUserApi),
    Raw(Box<Baseline>),
}

impl Client {
    /// The facade with default settings (its shared default HTTP client).
    pub fn facade(base_path: &str) -> Self {
        let config = Configuration::new(SAAS_ID, API_KEY, SECRET);
        Client::Facade(SaasUserApi::new(Some(config), Some(base_path), None).expect("facade"))
    }

    /// The raw reqwest baseline, signing with the crate's `Signer` or not.
    pub fn raw(base_path: &str, signed: bool) -> Self {
        Client::Raw(Box::new(Baseline::new(base_path, signed)))
    }

    /// One request; panics on any failure (the server is fixed).
    pub async fn run(&self, op: Op, param: &types::CreateSaasUserParam) -> usize {
        match (self, op) {
            (Client::Facade(api), Op::GetUsers) => {
                let r = api.get_saas_users().await.expect("facade GET /users");
                r.data.users.len()
            }
            (Client::Facade(api), Op::CreateUser) => {
                let r = api
                    .create_saas_user(param)
                    .await
                    .expect("facade POST /users");
                r.data.id.len()
            }
            (Client::Raw(b), Op::GetUsers) => b.get_users().await.users.len(),
            (Client::Raw(b), Op::CreateUser) => b.create_user(param).await.id.len(),
        }
    }
}

/// The hand-written raw reqwest client.
#[derive(Clone)]
pub struct Baseline {
    http: reqwest::Client,
    users_url: String,
    signer: Option<Signer>,
    timeout: Duration,
}

impl Baseline {
    pub fn new(base_path: &str, signed: bool) -> Self {
        // The same settings as the facade's default client.
        let http = saasus_auth::transport::http_client_builder()
            .expect("TLS set up")
            .connect_timeout(config::DEFAULT_CONNECT_TIMEOUT)
            .build()
            .expect("reqwest client");
        Self {
            http,
            users_url: format!("{base_path}/users"),
            signer: signed.then(|| Signer::new(SAAS_ID, API_KEY, &SecretKey::new(SECRET))),
            timeout: config::DEFAULT_TIMEOUT,
        }
    }

    fn sign(&self, request: &mut reqwest::Request) {
        if let Some(signer) = &self.signer {
            let body = request
                .body()
                .and_then(|b| b.as_bytes())
                .unwrap_or_default();
            let auth =
                signer.authorization(request.method().as_str(), request.url().as_str(), body);
            let mut value = HeaderValue::from_str(&auth).expect("header value");
            value.set_sensitive(true);
            request.headers_mut().insert(AUTHORIZATION, value);
        }
    }

    pub async fn get_users(&self) -> HandUsers {
        let mut request = self
            .http
            .get(self.users_url.as_str())
            .header(ACCEPT, "application/json")
            .header(USER_AGENT, config::USER_AGENT)
            .timeout(self.timeout)
            .build()
            .expect("GET request");
        self.sign(&mut request);
        let response = self.http.execute(request).await.expect("GET /users");
        assert_eq!(response.status(), 200, "GET /users status");
        let body = response.bytes().await.expect("GET /users body");
        serde_json::from_slice(&body).expect("users")
    }

    pub async fn create_user(&self, param: &types::CreateSaasUserParam) -> HandCreatedUser {
        let json = serde_json::to_vec(param).expect("encode CreateSaasUserParam");
        let mut request = self
            .http
            .post(self.users_url.as_str())
            .header(ACCEPT, "application/json")
            .header(CONTENT_TYPE, "application/json")
            .header(USER_AGENT, config::USER_AGENT)
            .timeout(self.timeout)
            .body(json)
            .build()
            .expect("POST request");
        self.sign(&mut request);
        let response = self.http.execute(request).await.expect("POST /users");
        assert_eq!(response.status(), 201, "POST /users status");
        let body = response.bytes().await.expect("POST /users body");
        serde_json::from_slice(&body).expect("created user")
    }
}
