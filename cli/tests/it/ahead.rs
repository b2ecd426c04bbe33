//! A server one API version ahead: the CLI prints an enum value the spec of
//! its build does not list exactly as the server sent it.

use crate::common;

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::thread;

use common::*;
use serde_json::{json, Value};

/// A server answering every request with `body` (200, JSON), on a thread
/// of its own for the life of the test process; its root URL.
fn answering(body: Value) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let body = body.to_string();
    thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            // The request's head (the CLI's GET has no body).
            let mut reader = BufReader::new(&stream);
            let mut line = String::new();
            while reader.read_line(&mut line).is_ok_and(|n| n > 0) && line != "\r\n" {
                line.clear();
            }
            let _ = write!(
                stream,
                "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                body.len()
            );
        }
    });
    url
}

/// GetTenants as a newer API answers it: an invoice language this build's
/// spec does not list.
fn tenants() -> Value {
    json!({"tenants": [{
        "id": "f94bfffc-8be2-11ec-b41a-0242ac120004",
        "name": "Future Inc.",
        "attributes": {},
        "back_office_staff_email": "staff@example.com",
        "plan_histories": [],
        "billing_info": {
            "name": "Future Inc.",
            "address": {
                "street": "1-1-1",
                "city": "Shibuya",
                "state": "Tokyo",
                "country": "JP",
                "postal_code": "150-0001"
            },
            "invoice_language": "FUTURE_ja-JP"
        }
    }]})
}

fn against(url: &str) -> std::process::Command {
    let mut cmd = bare();
    cmd.env("SAASUS_SAAS_ID", "saas-id")
        .env("SAASUS_API_KEY", "api-key")
        .env("SAASUS_SECRET_KEY", "secret-key")
        .env("SAASUS_API_URL_BASE", url);
    cmd
}

#[test]
fn get_tenants_prints_an_unknown_invoice_language_as_sent() {
    let url = answering(tenants());
    let printed = ok_json(against(&url), &["tenant", "get-tenants"]);
    assert_eq!(
        printed["tenants"][0]["billing_info"]["invoice_language"],
        json!("FUTURE_ja-JP"),
        "{printed}"
    );

    let o = run(
        against(&url),
        &["--output", "table", "tenant", "get-tenants"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let table = stdout(&o);
    assert!(
        table
            .lines()
            .next()
            .unwrap_or_default()
            .contains("billing_info"),
        "{table}"
    );
    assert!(
        table.contains(r#""invoice_language":"FUTURE_ja-JP""#),
        "{table}"
    );
}
