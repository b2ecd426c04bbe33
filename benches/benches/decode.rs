//! Decoding `GET /v1/auth/users` bodies of 10,000 and 100,000 users with
//! `serde_json::from_slice` into `saasus_auth::types::SaasUsers`: time
//! (criterion), then peak heap during the decode against the JSON's size,
//! measured with a counting global allocator and printed.
//!
//! `cargo bench --bench decode`; `cargo test --bench decode` runs it once,
//! quickly, in test mode.

#[path = "common/fixtures.rs"]
#[allow(dead_code)]
mod fixtures;

use std::alloc::{GlobalAlloc, Layout, System};
use std::hint::black_box;
use std::sync::atomic::{AtomicBool, AtomicIsize, AtomicUsize, Ordering};
use std::time::Duration;

use criterion::{criterion_group, BatchSize, BenchmarkId, Criterion, Throughput};
use saasus_auth::types::SaasUsers;

/// `System`, plus live and peak byte counts while `ENABLED` (so that the
/// timed benches pay one relaxed load per call, nothing more).
struct Counting;

static ENABLED: AtomicBool = AtomicBool::new(false);
/// Net bytes allocated since counting was enabled.
static CURRENT: AtomicIsize = AtomicIsize::new(0);
static PEAK: AtomicIsize = AtomicIsize::new(0);
static ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);

fn grow(bytes: isize) {
    let now = CURRENT.fetch_add(bytes, Ordering::Relaxed) + bytes;
    PEAK.fetch_max(now, Ordering::Relaxed);
}

// SAFETY: every call is forwarded unchanged to `System`; the counters have
// no effect on the memory handed out.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: same contract as the caller's.
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() && ENABLED.load(Ordering::Relaxed) {
            ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
            grow(layout.size() as isize);
        }
        p
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: same contract as the caller's.
        let p = unsafe { System.alloc_zeroed(layout) };
        if !p.is_null() && ENABLED.load(Ordering::Relaxed) {
            ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
            grow(layout.size() as isize);
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: same contract as the caller's.
        unsafe { System.dealloc(ptr, layout) };
        if ENABLED.load(Ordering::Relaxed) {
            CURRENT.fetch_sub(layout.size() as isize, Ordering::Relaxed);
        }
    }

    /// Counted as the net change: glibc grows large blocks in place or
    /// with `mremap`, without holding the old and new block at once.
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: same contract as the caller's.
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() && ENABLED.load(Ordering::Relaxed) {
            ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
            grow(new_size as isize - layout.size() as isize);
        }
        p
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// What one decode allocated.
struct Usage {
    /// Highest net heap bytes during the decode.
    peak: usize,
    /// Net heap bytes still held by the decoded value.
    retained: usize,
    allocations: usize,
}

fn measure(json: &[u8]) -> Usage {
    CURRENT.store(0, Ordering::SeqCst);
    PEAK.store(0, Ordering::SeqCst);
    ALLOCATIONS.store(0, Ordering::SeqCst);
    ENABLED.store(true, Ordering::SeqCst);
    let users: SaasUsers = serde_json::from_slice(black_box(json)).expect("SaasUsers");
    let retained = CURRENT.load(Ordering::SeqCst);
    ENABLED.store(false, Ordering::SeqCst);
    let usage = Usage {
        peak: PEAK.load(Ordering::SeqCst).max(0) as usize,
        retained: retained.max(0) as usize,
        allocations: ALLOCATIONS.load(Ordering::SeqCst),
    };
    black_box(&users);
    drop(users);
    usage
}

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

fn memory_report() {
    println!(
        "decode peak heap (serde_json::from_slice into SaasUsers; counting global allocator):"
    );
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
    memory_report();
    Criterion::default().configure_from_args().final_summary();
}
