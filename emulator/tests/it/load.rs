//! Concurrency: 64 clients creating 1,000 distinct users lose none; 64
//! concurrent creates of one email give exactly one 201.

use crate::common;

use std::sync::Arc;

use saasus_auth::types;
use saasus_auth_emulator::Emulator;

const CLIENTS: usize = 64;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn sixty_four_clients_creating_a_thousand_users_lose_none() {
    let emu = Emulator::start().unwrap();
    let total = 1000;
    let next = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let mut tasks = Vec::new();
    for _ in 0..CLIENTS {
        // One client (one connection pool) per task.
        let c = common::client(&emu);
        let next = next.clone();
        tasks.push(tokio::spawn(async move {
            let mut statuses = Vec::new();
            loop {
                let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                if i >= total {
                    break statuses;
                }
                let created = c
                    .create_saas_user(&types::CreateSaasUserParam {
                        email: Some(format!("load{i}@example.com")),
                        password: Some("load-password".into()),
                        sign_in_id: None,
                    })
                    .await;
                statuses.push(match created {
                    Ok(r) => r.status().as_u16(),
                    Err(e) => common::status(&e),
                });
            }
        }));
    }
    let mut statuses = Vec::new();
    for task in tasks {
        statuses.extend(task.await.unwrap());
    }
    assert_eq!(statuses.len(), total);
    assert!(statuses.iter().all(|s| *s == 201), "{statuses:?}");
    let users = common::client(&emu)
        .get_saas_users()
        .await
        .unwrap()
        .into_inner()
        .users;
    let mut emails: Vec<String> = users.into_iter().map(|u| u.email).collect();
    emails.sort();
    emails.dedup();
    assert_eq!(emails.len(), total);
    emu.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn sixty_four_creates_of_one_email_give_one_201() {
    let emu = Emulator::start().unwrap();
    let barrier = Arc::new(tokio::sync::Barrier::new(CLIENTS));
    let mut tasks = Vec::new();
    for _ in 0..CLIENTS {
        let c = common::client(&emu);
        let barrier = barrier.clone();
        tasks.push(tokio::spawn(async move {
            barrier.wait().await;
            match c
                .create_saas_user(&types::CreateSaasUserParam {
                    email: Some("same@example.com".into()),
                    password: Some("same-password".into()),
                    sign_in_id: None,
                })
                .await
            {
                Ok(r) => r.status().as_u16(),
                Err(e) => common::status(&e),
            }
        }));
    }
    let mut statuses = Vec::new();
    for task in tasks {
        statuses.push(task.await.unwrap());
    }
    assert_eq!(
        statuses.iter().filter(|s| **s == 201).count(),
        1,
        "{statuses:?}"
    );
    assert_eq!(
        statuses.iter().filter(|s| **s == 400).count(),
        CLIENTS - 1,
        "{statuses:?}"
    );
    let users = common::client(&emu)
        .get_saas_users()
        .await
        .unwrap()
        .into_inner()
        .users;
    assert_eq!(users.len(), 1);
    emu.shutdown().await;
}
