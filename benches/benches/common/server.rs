//! A minimal HTTP/1.1 keep-alive server on loopback that answers from
//! precomputed bytes, so that the benches measure the client, not the
//! server: `GET /v1/auth/users` and `POST /v1/auth/users` only.
//!
//! It runs on a thread of its own with a single-threaded tokio runtime and
//! counts accepted TCP connections, requests, and requests that carried a
//! SAASUSSIGV1 `Authorization` header.

use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// Counters kept by the server.
#[derive(Debug, Default)]
pub struct Stats {
    /// TCP connections accepted.
    pub connections: AtomicUsize,
    /// Requests answered.
    pub requests: AtomicUsize,
    /// Requests whose `Authorization` started with `SAASUSSIGV1 Sig=`.
    pub signed: AtomicUsize,
}

/// A running server; it stops with the process.
pub struct Server {
    pub addr: SocketAddr,
    pub stats: Arc<Stats>,
    /// Bytes of the `GET /v1/auth/users` body.
    pub get_body_len: usize,
}

struct Responses {
    get_users: Vec<u8>,
    post_users: Vec<u8>,
    not_found: Vec<u8>,
}

fn response(status: &str, body: &[u8]) -> Vec<u8> {
    let mut out = format!(
        "HTTP/1.1 {status}\r\n\
         content-type: application/json\r\n\
         content-length: {}\r\n\
         date: Sat, 29 Nov 2025 03:04:05 GMT\r\n\
         x-amzn-requestid: 6f1c2d3e-4a5b-6c7d-8e9f-0a1b2c3d4e5f\r\n\
         \r\n",
        body.len()
    )
    .into_bytes();
    out.extend_from_slice(body);
    out
}

impl Server {
    /// Starts a server answering `GET /v1/auth/users` with `users_body`
    /// (200) and `POST /v1/auth/users` with `created_body` (201).
    pub fn start(users_body: &[u8], created_body: &[u8]) -> Self {
        let responses = Arc::new(Responses {
            get_users: response("200 OK", users_body),
            post_users: response("201 Created", created_body),
            not_found: response(
                "404 Not Found",
                br#"{"type":"not_found","message":"no route"}"#,
            ),
        });
        let std_listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
        std_listener
            .set_nonblocking(true)
            .expect("non-blocking listener");
        let addr = std_listener.local_addr().expect("listener address");
        let stats = Arc::new(Stats::default());
        let thread_stats = stats.clone();
        std::thread::Builder::new()
            .name(format!("bench-server-{}", addr.port()))
            .spawn(move || {
                let rt = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .expect("server runtime");
                rt.block_on(async move {
                    let listener = TcpListener::from_std(std_listener).expect("tokio listener");
                    loop {
                        let Ok((stream, _)) = listener.accept().await else {
                            continue;
                        };
                        thread_stats.connections.fetch_add(1, Ordering::Relaxed);
                        let (responses, stats) = (responses.clone(), thread_stats.clone());
                        tokio::spawn(async move {
                            // A reset or malformed request just ends the connection.
                            let _ = serve(stream, &responses, &stats).await;
                        });
                    }
                });
            })
            .expect("spawn the server thread");
        Self {
            addr,
            stats,
            get_body_len: users_body.len(),
        }
    }

    /// The Auth API base path on this server.
    pub fn base_path(&self) -> String {
        format!("http://{}/v1/auth", self.addr)
    }

    pub fn connections(&self) -> usize {
        self.stats.connections.load(Ordering::Relaxed)
    }

    pub fn requests(&self) -> usize {
        self.stats.requests.load(Ordering::Relaxed)
    }

    pub fn signed(&self) -> usize {
        self.stats.signed.load(Ordering::Relaxed)
    }
}

async fn serve(mut stream: TcpStream, responses: &Responses, stats: &Stats) -> std::io::Result<()> {
    stream.set_nodelay(true)?;
    let mut buf: Vec<u8> = Vec::with_capacity(8 * 1024);
    let mut scanned = 0;
    loop {
        // One request head, then its body (Content-Length only: reqwest
        // sends byte bodies with a length).
        let head_end = loop {
            if let Some(i) = find_head_end(&buf, scanned) {
                break i;
            }
            scanned = buf.len().saturating_sub(3);
            if read_more(&mut stream, &mut buf).await? == 0 {
                return Ok(());
            }
        };
        let head = &buf[..head_end];
        let mut content_length = 0usize;
        let mut signed = false;
        let mut lines = head.split(|&b| b == b'\n');
        let request_line = lines.next().unwrap_or_default();
        for line in lines {
            let Some(colon) = line.iter().position(|&b| b == b':') else {
                continue;
            };
            let (name, value) = (&line[..colon], trim(&line[colon + 1..]));
            if name.eq_ignore_ascii_case(b"content-length") {
                content_length = std::str::from_utf8(value)
                    .ok()
                    .and_then(|v| v.parse().ok())
                    .unwrap_or(0);
            } else if name.eq_ignore_ascii_case(b"authorization") {
                signed = value.starts_with(b"SAASUSSIGV1 Sig=");
            }
        }
        let reply = if request_line.starts_with(b"GET /v1/auth/users ") {
            &responses.get_users
        } else if request_line.starts_with(b"POST /v1/auth/users ") {
            &responses.post_users
        } else {
            &responses.not_found
        };
        let total = head_end + 4 + content_length;
        while buf.len() < total {
            if read_more(&mut stream, &mut buf).await? == 0 {
                return Ok(());
            }
        }
        buf.drain(..total);
        scanned = 0;
        stats.requests.fetch_add(1, Ordering::Relaxed);
        if signed {
            stats.signed.fetch_add(1, Ordering::Relaxed);
        }
        stream.write_all(reply).await?;
    }
}

async fn read_more(stream: &mut TcpStream, buf: &mut Vec<u8>) -> std::io::Result<usize> {
    let mut chunk = [0u8; 8 * 1024];
    let n = stream.read(&mut chunk).await?;
    buf.extend_from_slice(&chunk[..n]);
    Ok(n)
}

fn find_head_end(buf: &[u8], from: usize) -> Option<usize> {
    buf.get(from..)?
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .map(|i| from + i)
}

fn trim(bytes: &[u8]) -> &[u8] {
    let start = bytes
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(bytes.len());
    let end = bytes
        .iter()
        .rposition(|b| !b.is_ascii_whitespace())
        .map_or(start, |i| i + 1);
    &bytes[start..end]
}
