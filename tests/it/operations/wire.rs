//! The facades build their requests themselves (codegen writes the builder
//! beside progenitor's client); the generated client builds its own. Both
//! must put the same request on the wire, byte for byte: method, target,
//! every header (the signature included, under a fixed clock) and body.

use super::*;

#[tokio::test]
async fn facades_and_the_generated_client_send_the_same_request_for_every_operation() {
    let server = RawServer::start(|_, _| {
        Reply::json(
            500,
            error_body("internal_server_error", "recorded").to_string(),
        )
    })
    .await;
    let base = format!("http://{}", server.addr);
    let client = AuthClient::new(Some(config().with_api_url_base(&base)), None).unwrap();
    let api = spec();
    let mut problems = Vec::new();
    let mut compared = 0;
    for op in Operation::all() {
        let s = sample(&api, op.id, &|_, _| None);
        let before = server.requests().len();
        let _ = client.invoke(op, &s.args, s.body.as_ref()).await;
        let _ = client.raw().invoke(op, &s.args, s.body.as_ref()).await;
        let sent = server.requests();
        let [facade, generated] = &sent[before..] else {
            problems.push(format!(
                "{}: {} requests, not one per layer",
                op.id,
                sent.len() - before
            ));
            continue;
        };
        let headers = |r: &RawRequest| {
            let mut h: Vec<(String, String)> = r
                .headers
                .iter()
                .map(|(n, v)| (n.to_ascii_lowercase(), v.clone()))
                .collect();
            h.sort();
            h
        };
        if facade.method != generated.method
            || facade.target != generated.target
            || facade.body != generated.body
            || headers(facade) != headers(generated)
        {
            problems.push(format!(
                "{}:\n  facade    {} {} {:?} {}\n  generated {} {} {:?} {}",
                op.id,
                facade.method,
                facade.target,
                headers(facade),
                String::from_utf8_lossy(&facade.body),
                generated.method,
                generated.target,
                headers(generated),
                String::from_utf8_lossy(&generated.body),
            ));
        }
        compared += 1;
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    assert_eq!(compared, Operation::all().len());
}
