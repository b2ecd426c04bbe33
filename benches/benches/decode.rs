//! Decoding `GET /v1/auth/users` bodies of 10,000 and 100,000 users with
//! `serde_json::from_slice` into `saasus_auth::types::SaasUsers`: time
//! (criterion). The peak heap of the same decodes is `decode_memory`'s.
//!
//! `cargo bench --bench decode`; `cargo test --bench decode` runs it once,
//! quickly, in test mode.

#[path = "common/fixtures.rs"]
#[allow(dead_code)]
mod fixtures;

use std::hint::black_box;
use std::time::Duration;

use criterion::{criterion_group, BatchSize, BenchmarkId, Criterion, Throughput};
use saasus_auth::types::SaasUsers;

/// The bodies decoded: (label, users, with attributes).
const CASES: &[(&str, usize, bool)] = &[
    ("10000", 10_000, true),
    ("100000", 100_000, true),
    ("100000_no_attributes", 100_000, false),
];

fn decode(c: &mut Criterion) {
    let mut group = c.benchmark_group("decode_saas_users");
    for &(label, n, attributes) in CASES {
        let json = fixtures::users_json(n, attributes);
        group.throughput(Throughput::Bytes(json.len() as u64));
        group.bench_with_input(BenchmarkId::from_parameter(label), &json, |b, json| {
            // One decode per timing, its result dropped untimed before the
            // next, so that each decode reuses freed heap as in a server.
            b.iter_batched(
                || (),
                |()| serde_json::from_slice::<SaasUsers>(black_box(json)).expect("SaasUsers"),
                BatchSize::PerIteration,
            )
        });
    }
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(5));
    targets = decode
}

fn main() {
    benches();
    Criterion::default().configure_from_args().final_summary();
}
