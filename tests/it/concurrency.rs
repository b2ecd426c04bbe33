//! Many calls at once through clones of one client.

use crate::common;

use common::*;
use httpmock::prelude::*;
use saasus_auth::{raw, Configuration, RequestOptions, SaasUserApi};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_thousand_concurrent_calls_through_clones_all_succeed_signed() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path_prefix("/v1/auth/users/")
                .is_true(signature_ok);
            then.status(200).json_body(serde_json::json!({
                "id": "u", "email": "a@example.com", "sign_in_id": "", "attributes": {}
            }));
        })
        .await;
    let api = api(&server);
    let mut tasks = tokio::task::JoinSet::new();
    for i in 0..1000 {
        let api = api.clone();
        tasks.spawn(async move {
            api.get_saas_user(&format!("user-{i}"))
                .await
                .map(|r| r.data.email)
        });
    }
    let mut ok = 0;
    while let Some(result) = tasks.join_next().await {
        assert_eq!(result.expect("task").expect("call"), "a@example.com");
        ok += 1;
    }
    assert_eq!(ok, 1000);
    assert_eq!(mock.calls_async().await, 1000);
}

#[test]
fn clients_are_send_sync_and_clone() {
    fn assert<T: Send + Sync + Clone + 'static>() {}
    assert::<SaasUserApi>();
    assert::<raw::Client>();
    assert::<Configuration>();
    assert::<RequestOptions>();
    fn assert_error<T: std::error::Error + Send + Sync + 'static>() {}
    assert_error::<saasus_auth::Error>();
}
