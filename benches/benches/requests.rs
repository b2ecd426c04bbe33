//! Request benches against a loopback server started by the bench itself
//! (`benches/common/server.rs`): the `SaasUserApi` facade against a raw
//! reqwest + `Signer` baseline doing the same work, and raw reqwest
//! without signing.
//!
//! - `latency/*`: one request at a time;
//! - `in_flight_64/*`: a batch of 64 workers x 4 requests (256 requests,
//!   64 in flight), reported as requests per second;
//! - then, outside criterion's timing, a connection-reuse check (10,000
//!   requests at 64 in flight through one facade client) and, with
//!   `--bench`, interleaved paired ratios that are robust to load drifting
//!   on a shared machine.
//!
//! `cargo bench --bench requests`; `cargo test --bench requests` runs every
//! bench once, quickly, in test mode.

#[allow(dead_code)]
mod common;

use std::hint::black_box;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use criterion::{criterion_group, BenchmarkId, Criterion, Throughput};
use saasus_auth::types;
use tokio::runtime::Runtime;
use tokio::task::JoinSet;

use common::clients::{Client, Op};
use common::fixtures;
use common::server::Server;

/// Requests in flight in the throughput benches and the reuse check.
const IN_FLIGHT: usize = 64;
/// Sequential requests per worker in one throughput batch.
const PER_WORKER: usize = 4;

/// One scenario: a server, the operation, and the three clients.
struct Scenario {
    name: &'static str,
    op: Op,
    server: Arc<Server>,
    clients: Vec<(&'static str, Client)>,
}

struct Setup {
    rt: Runtime,
    param: Arc<types::CreateSaasUserParam>,
    scenarios: Vec<Scenario>,
}

/// The client side runs on a single-threaded runtime; the server has its
/// own thread, so each side has one of the machine's two cores.
fn client_runtime() -> Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("client runtime")
}

fn clients(server: &Server) -> Vec<(&'static str, Client)> {
    let base = server.base_path();
    vec![
        ("facade", Client::facade(&base)),
        ("reqwest+signing", Client::raw(&base, true)),
        ("reqwest", Client::raw(&base, false)),
    ]
}

fn setup() -> Setup {
    let created = fixtures::created_user_json();
    let one = Arc::new(Server::start(&fixtures::users_json(1, true), &created));
    let thousand = Arc::new(Server::start(&fixtures::users_json(1000, true), &created));
    let scenarios = vec![
        Scenario {
            name: "get_users_1",
            op: Op::GetUsers,
            clients: clients(&one),
            server: one.clone(),
        },
        Scenario {
            name: "get_users_1000",
            op: Op::GetUsers,
            clients: clients(&thousand),
            server: thousand,
        },
        Scenario {
            name: "create_user",
            op: Op::CreateUser,
            clients: clients(&one),
            server: one,
        },
    ];
    let setup = Setup {
        rt: client_runtime(),
        param: Arc::new(fixtures::create_param()),
        scenarios,
    };
    sanity_check(&setup);
    setup
}

/// Every client gets the expected answer, and only the signing ones sign.
fn sanity_check(setup: &Setup) {
    for s in &setup.scenarios {
        for (name, client) in &s.clients {
            let signed_before = s.server.signed();
            let n = setup.rt.block_on(client.run(s.op, &setup.param));
            let expected = match s.op {
                Op::GetUsers if s.name == "get_users_1" => 1,
                Op::GetUsers => 1000,
                Op::CreateUser => 36,
            };
            assert_eq!(n, expected, "{} {name}", s.name);
            let signed = s.server.signed() - signed_before;
            assert_eq!(
                signed,
                usize::from(*name != "reqwest"),
                "{} {name} signing",
                s.name
            );
        }
    }
}

async fn batch(client: &Client, op: Op, param: &Arc<types::CreateSaasUserParam>) {
    let mut set = JoinSet::new();
    for _ in 0..IN_FLIGHT {
        let (client, param) = (client.clone(), param.clone());
        set.spawn(async move {
            for _ in 0..PER_WORKER {
                black_box(client.run(op, &param).await);
            }
        });
    }
    while let Some(done) = set.join_next().await {
        done.expect("request task");
    }
}

fn benches_latency(c: &mut Criterion, setup: &Setup) {
    for s in &setup.scenarios {
        let mut group = c.benchmark_group(format!("latency/{}", s.name));
        group.throughput(Throughput::Elements(1));
        for (name, client) in &s.clients {
            group.bench_function(BenchmarkId::from_parameter(name), |b| {
                b.to_async(&setup.rt)
                    .iter(|| async { black_box(client.run(s.op, &setup.param).await) })
            });
        }
        group.finish();
    }
}

fn benches_in_flight(c: &mut Criterion, setup: &Setup) {
    for s in &setup.scenarios {
        let mut group = c.benchmark_group(format!("in_flight_64/{}", s.name));
        group.throughput(Throughput::Elements((IN_FLIGHT * PER_WORKER) as u64));
        if s.name == "get_users_1000" {
            group.sample_size(10);
        }
        for (name, client) in &s.clients {
            group.bench_function(BenchmarkId::from_parameter(name), |b| {
                b.to_async(&setup.rt)
                    .iter(|| batch(client, s.op, &setup.param))
            });
        }
        group.finish();
    }
}

fn requests(c: &mut Criterion) {
    let setup = setup();
    benches_latency(c, &setup);
    benches_in_flight(c, &setup);
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .sample_size(20)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    targets = requests
}

/// `total` requests with `IN_FLIGHT` workers pulling from one counter,
/// through a fresh server so that the connection count is this run's.
fn connection_reuse_check(total: usize) {
    let server = Server::start(
        &fixtures::users_json(1, true),
        &fixtures::created_user_json(),
    );
    let client = Client::facade(&server.base_path());
    let param = Arc::new(fixtures::create_param());
    let rt = client_runtime();
    let remaining = Arc::new(AtomicUsize::new(total));
    let started = Instant::now();
    rt.block_on(async {
        let mut set = JoinSet::new();
        for _ in 0..IN_FLIGHT {
            let (client, param, remaining) = (client.clone(), param.clone(), remaining.clone());
            set.spawn(async move {
                while remaining
                    .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |n| n.checked_sub(1))
                    .is_ok()
                {
                    black_box(client.run(Op::GetUsers, &param).await);
                }
            });
        }
        while let Some(done) = set.join_next().await {
            done.expect("request task");
        }
    });
    let elapsed = started.elapsed();
    let (connections, requests, signed) =
        (server.connections(), server.requests(), server.signed());
    println!(
        "connection reuse: {requests} requests (facade get_saas_users, {IN_FLIGHT} in flight, \
         {signed} signed) opened {connections} TCP connections in {elapsed:.2?} \
         (target <= {IN_FLIGHT}: {})",
        if connections <= IN_FLIGHT {
            "met"
        } else {
            "MISSED"
        }
    );
    assert_eq!(requests, total, "every request reached the server");
    assert!(
        connections <= IN_FLIGHT,
        "{connections} connections for {total} requests"
    );
}

/// CPU time this thread has used (user and kernel), in nanoseconds, from
/// the first field of `/proc/thread-self/schedstat`; Linux only (elsewhere
/// `None`, and the paired CPU ratios are left out). The client runtime is
/// single-threaded, so this is all of the client's work and none of the
/// server's.
fn thread_cpu() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let nanos = stat.split_whitespace().next()?.parse().ok()?;
    Some(Duration::from_nanos(nanos))
}

fn median_of(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

/// Interleaved measurement: each round times a block of requests (or one
/// 64-in-flight batch) per client, in rotating order, on the wall clock
/// and on the client thread's CPU clock. Ratios are taken within a round;
/// their medians are reported, which load drifting on a shared machine
/// hardly moves.
fn paired_ratios(setup: &Setup) {
    const ROUNDS: usize = 21;
    println!(
        "paired ({ROUNDS} interleaved rounds; medians; per request; wall = wall clock, \
         cpu = client thread CPU time):"
    );
    for in_flight in [false, true] {
        for s in &setup.scenarios {
            let block: u32 = match (in_flight, s.name) {
                (true, _) => 1,
                (false, "get_users_1000") => 20,
                (false, _) => 200,
            };
            let per_block = if in_flight {
                (IN_FLIGHT * PER_WORKER) as f64
            } else {
                f64::from(block)
            };
            // [client][round] = (wall, cpu) seconds per request.
            let mut times = vec![Vec::with_capacity(ROUNDS); s.clients.len()];
            for round in 0..ROUNDS {
                for k in 0..s.clients.len() {
                    let i = (round + k) % s.clients.len();
                    let client = &s.clients[i].1;
                    let (wall, cpu) = (Instant::now(), thread_cpu());
                    setup.rt.block_on(async {
                        for _ in 0..block {
                            if in_flight {
                                batch(client, s.op, &setup.param).await;
                            } else {
                                black_box(client.run(s.op, &setup.param).await);
                            }
                        }
                    });
                    let cpu = match (cpu, thread_cpu()) {
                        (Some(a), Some(b)) => (b - a).as_secs_f64(),
                        _ => f64::NAN,
                    };
                    times[i].push((wall.elapsed().as_secs_f64() / per_block, cpu / per_block));
                }
            }
            let wall = |i: usize| median_of(times[i].iter().map(|t| t.0).collect());
            let cpu = |i: usize| median_of(times[i].iter().map(|t| t.1).collect());
            let ratio = |a: usize, b: usize, cpu: bool| {
                median_of(
                    (0..ROUNDS)
                        .map(|k| {
                            let (x, y) = (times[a][k], times[b][k]);
                            if cpu {
                                x.1 / y.1
                            } else {
                                x.0 / y.0
                            }
                        })
                        .collect(),
                )
            };
            let us = |secs: f64| secs * 1e6;
            println!(
                "  {:<12} {:<14} wall us: facade {:>7.1} signed {:>7.1} raw {:>7.1} | \
                 cpu us: facade {:>7.1} signed {:>7.1} raw {:>7.1} | \
                 facade/signed wall {:.3} cpu {:.3} | signed/raw wall {:.3} cpu {:.3}",
                if in_flight { "in_flight_64" } else { "latency" },
                s.name,
                us(wall(0)),
                us(wall(1)),
                us(wall(2)),
                us(cpu(0)),
                us(cpu(1)),
                us(cpu(2)),
                ratio(0, 1, false),
                ratio(0, 1, true),
                ratio(1, 2, false),
                ratio(1, 2, true),
            );
        }
    }
}

fn main() {
    benches();
    // `--profile-time` (criterion's mode for profilers) runs the selected
    // bench only.
    if std::env::args().any(|a| a == "--profile-time") {
        return;
    }
    let bench = fixtures::bench_mode();
    connection_reuse_check(if bench { 10_000 } else { 1_000 });
    if bench {
        let setup = setup();
        paired_ratios(&setup);
    }
    Criterion::default().configure_from_args().final_summary();
}
