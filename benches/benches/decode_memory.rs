//! The peak heap of decoding `GET /v1/auth/users` bodies of 10,000 and
//! 100,000 users with `serde_json::from_slice` into
//! `saasus_auth::types::SaasUsers`, against the JSON's size, measured with
//! dhat's heap profiler (which counts only what is allocated while it
//! runs) and printed. A bench of its own, so that the timed `decode` bench
//! runs on the plain system allocator.
//!
//! `cargo bench --bench decode_memory` (or `cargo test --bench
//! decode_memory`: the same report).

#[path = "common/fixtures.rs"]
#[allow(dead_code)]
mod fixtures;

use std::hint::black_box;

use saasus_auth::types::SaasUsers;

#[global_allocator]
static ALLOC: dhat::Alloc = dhat::Alloc;

/// What one decode allocated.
struct Usage {
    /// Highest heap bytes during the decode.
    peak: usize,
    /// Heap bytes still held by the decoded value.
    retained: usize,
    allocations: u64,
}

fn measure(json: &[u8]) -> Usage {
    let profiler = dhat::Profiler::builder().testing().build();
    let users: SaasUsers = serde_json::from_slice(black_box(json)).expect("SaasUsers");
    let stats = dhat::HeapStats::get();
    drop(profiler);
    black_box(&users);
    Usage {
        peak: stats.max_bytes,
        retained: stats.curr_bytes,
        allocations: stats.total_blocks,
    }
}

/// The bodies decoded: (label, users, with attributes).
const CASES: &[(&str, usize, bool)] = &[
    ("10000", 10_000, true),
    ("100000", 100_000, true),
    ("100000_no_attributes", 100_000, false),
];

fn main() {
    println!("decode peak heap (serde_json::from_slice into SaasUsers; dhat):");
    for &(label, n, attributes) in CASES {
        let json = fixtures::users_json(n, attributes);
        let u = measure(&json);
        let ratio = u.peak as f64 / json.len() as f64;
        println!(
            "  {label:<21} json {:>11} B  peak {:>11} B ({ratio:.2}x json, target <= 3x: {})  \
             retained {:>11} B ({:.2}x)  {} allocations ({:.1}/user)  {:.0} B/user",
            json.len(),
            u.peak,
            if ratio <= 3.0 { "met" } else { "MISSED" },
            u.retained,
            u.retained as f64 / json.len() as f64,
            u.allocations,
            u.allocations as f64 / n as f64,
            u.retained as f64 / n as f64,
        );
    }
}
