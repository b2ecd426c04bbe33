//! The cost of SAASUSSIGV1 signing alone, as the transport pays it per
//! attempt: `Signer::authorization` (timestamp from the system clock,
//! HMAC-SHA256, hex, header string) for a GET without a body and a POST
//! with a 1 KiB JSON body; and the parts: the signature alone with a fixed
//! timestamp, and the timestamp alone.
//!
//! `cargo bench --bench signing`.

#[path = "common/fixtures.rs"]
#[allow(dead_code)]
mod fixtures;

use std::hint::black_box;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use saasus_auth::signing::{signed_target, Signer};
use saasus_auth::SecretKey;

fn signing(c: &mut Criterion) {
    let signer = Signer::new(
        fixtures::SAAS_ID,
        fixtures::API_KEY,
        &SecretKey::new(fixtures::SECRET),
    );
    let body = fixtures::json_body_1kib();
    assert_eq!(body.len(), 1024);
    let url = fixtures::SIGNED_URL;
    let stamp = signer.timestamp();

    let mut group = c.benchmark_group("signing");
    group.throughput(Throughput::Elements(1));
    group.bench_function("authorization/GET_no_body", |b| {
        b.iter(|| signer.authorization(black_box("GET"), black_box(url), black_box(b"")))
    });
    group.bench_function("authorization/POST_1KiB_json", |b| {
        b.iter(|| signer.authorization(black_box("POST"), black_box(url), black_box(&body)))
    });
    group.bench_function("signature/GET_no_body", |b| {
        b.iter(|| {
            signer.signature(
                black_box(&stamp),
                black_box("GET"),
                signed_target(black_box(url)),
                black_box(b""),
            )
        })
    });
    group.bench_function("signature/POST_1KiB_json", |b| {
        b.iter(|| {
            signer.signature(
                black_box(&stamp),
                black_box("POST"),
                signed_target(black_box(url)),
                black_box(&body),
            )
        })
    });
    group.bench_function("timestamp", |b| b.iter(|| signer.timestamp()));
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .sample_size(30)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2));
    targets = signing
}
criterion_main!(benches);
