//! A bounded, short-lived, single-flight cache of ID token → `UserInfo`.

use std::collections::{HashMap, VecDeque};
use std::fmt;
use std::future::Future;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use sha2::{Digest, Sha256};
use tokio::sync::OnceCell;

use crate::raw::types;

use super::failure::AuthFailure;

type Outcome = Result<Arc<types::UserInfo>, AuthFailure>;

/// The key of a token: its SHA-256, so the cache holds no token.
type Key = [u8; 32];

struct Entry {
    cell: Arc<OnceCell<Outcome>>,
    expires: Instant,
}

/// The entries, and their keys in the order they were made: with one
/// time-to-live for all, that is also the order they expire in, so the
/// oldest entry is found at the front in constant time.
#[derive(Default)]
struct Entries {
    map: HashMap<Key, Entry>,
    /// Key and expiry of each entry made; stale once its entry is gone or
    /// made anew (the expiry then differs), and skipped then.
    order: VecDeque<(Key, Instant)>,
}

/// Token → `UserInfo` for at most `ttl`, at most `capacity` tokens.
///
/// Concurrent misses on one token share one lookup (single-flight);
/// failures are shared by the requests waiting on that lookup and then
/// forgotten (never cached). When full, a new token evicts the oldest
/// entries, in amortised constant time.
pub(crate) struct UserInfoCache {
    capacity: usize,
    ttl: Duration,
    entries: Mutex<Entries>,
}

impl fmt::Debug for UserInfoCache {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("UserInfoCache")
            .field("capacity", &self.capacity)
            .field("ttl", &self.ttl)
            .field("len", &self.len())
            .finish()
    }
}

impl UserInfoCache {
    pub(crate) fn new(capacity: usize, ttl: Duration) -> Self {
        Self {
            capacity,
            ttl,
            entries: Mutex::new(Entries::default()),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Entries> {
        self.entries.lock().unwrap_or_else(|p| p.into_inner())
    }

    pub(crate) fn len(&self) -> usize {
        self.lock().map.len()
    }

    /// The user of `token`: from the cache, from a lookup in flight, or
    /// from `fetch`.
    pub(crate) async fn get_or_fetch<F, Fut>(&self, token: &str, fetch: F) -> Outcome
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Outcome>,
    {
        let key: Key = Sha256::digest(token.as_bytes()).into();
        let cell = self.cell(key);
        // If the task running `fetch` is cancelled, the next waiter runs
        // its own.
        let outcome = cell.get_or_init(fetch).await.clone();
        if outcome.is_err() {
            let mut entries = self.lock();
            if entries
                .map
                .get(&key)
                .is_some_and(|e| Arc::ptr_eq(&e.cell, &cell))
            {
                entries.map.remove(&key);
            }
        }
        outcome
    }

    /// The cell of `key`: the live one, or a new one (evicting the oldest
    /// entries when full).
    fn cell(&self, key: Key) -> Arc<OnceCell<Outcome>> {
        let now = Instant::now();
        let mut guard = self.lock();
        let entries = &mut *guard;
        if let Some(entry) = entries.map.get(&key)
            && (!entry.cell.initialized() || entry.expires > now)
        {
            return entry.cell.clone();
        }
        if !entries.map.contains_key(&key) {
            while entries.map.len() >= self.capacity {
                let Some((old, expires)) = entries.order.pop_front() else {
                    break;
                };
                if entries.map.get(&old).is_some_and(|e| e.expires == expires) {
                    entries.map.remove(&old);
                }
            }
        }
        let cell = Arc::new(OnceCell::new());
        let expires = now + self.ttl;
        entries.map.insert(
            key,
            Entry {
                cell: cell.clone(),
                expires,
            },
        );
        entries.order.push_back((key, expires));
        // Failures and renewals leave stale keys behind; drop them once
        // they outnumber the entries, so the queue stays within twice the
        // capacity.
        if entries.order.len() > self.capacity.saturating_mul(2) {
            let map = &entries.map;
            entries
                .order
                .retain(|(k, expires)| map.get(k).is_some_and(|e| e.expires == *expires));
        }
        cell
    }

    #[cfg(test)]
    fn queued(&self) -> usize {
        self.lock().order.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    fn user(email: &str) -> Arc<types::UserInfo> {
        Arc::new(
            serde_json::from_value(serde_json::json!({
                "id": "u", "email": email, "sign_in_id": "", "user_attribute": {}, "tenants": []
            }))
            .unwrap(),
        )
    }

    #[tokio::test]
    async fn bounded_and_expiring() {
        let cache = UserInfoCache::new(2, Duration::from_millis(50));
        let calls = AtomicUsize::new(0);
        let fetch = |email: &'static str| {
            let calls = &calls;
            move || async move {
                calls.fetch_add(1, Ordering::SeqCst);
                Ok(user(email))
            }
        };
        for token in ["a", "b", "a", "b"] {
            cache.get_or_fetch(token, fetch("x")).await.unwrap();
        }
        assert_eq!(calls.load(Ordering::SeqCst), 2);
        cache.get_or_fetch("c", fetch("x")).await.unwrap();
        assert_eq!(cache.len(), 2, "capacity holds");
        tokio::time::sleep(Duration::from_millis(60)).await;
        cache.get_or_fetch("c", fetch("x")).await.unwrap();
        assert_eq!(
            calls.load(Ordering::SeqCst),
            4,
            "expired entries are fetched again"
        );
    }

    #[tokio::test]
    async fn evicts_the_oldest_first_and_the_queue_stays_bounded() {
        let cache = UserInfoCache::new(3, Duration::from_secs(60));
        let calls = AtomicUsize::new(0);
        let fetch = || {
            let calls = &calls;
            move || async move {
                calls.fetch_add(1, Ordering::SeqCst);
                Ok(user("x"))
            }
        };
        for token in ["a", "b", "c", "d"] {
            cache.get_or_fetch(token, fetch()).await.unwrap();
        }
        assert_eq!(cache.len(), 3);
        assert_eq!(calls.load(Ordering::SeqCst), 4);
        // "a", the oldest, went; "b", "c" and "d" are still there.
        for token in ["b", "c", "d"] {
            cache.get_or_fetch(token, fetch()).await.unwrap();
        }
        assert_eq!(calls.load(Ordering::SeqCst), 4);
        cache.get_or_fetch("a", fetch()).await.unwrap();
        assert_eq!(calls.load(Ordering::SeqCst), 5);

        // Failures leave stale keys in the queue; it is compacted.
        let failure = || async { Err(AuthFailure::NoToken(super::super::TokenError::Missing)) };
        for i in 0..100 {
            let token = format!("bad-{i}");
            assert!(cache.get_or_fetch(&token, failure).await.is_err());
            assert!(cache.queued() <= 6, "queue {}", cache.queued());
        }
        // The first miss made room (evicting "b") before its lookup failed.
        assert_eq!(cache.len(), 2);
    }

    #[tokio::test]
    async fn failures_are_not_cached() {
        let cache = UserInfoCache::new(10, Duration::from_secs(60));
        let failure = || async { Err(AuthFailure::NoToken(super::super::TokenError::Missing)) };
        assert!(cache.get_or_fetch("t", failure).await.is_err());
        assert_eq!(cache.len(), 0);
        let ok = cache.get_or_fetch("t", || async { Ok(user("e")) }).await;
        assert_eq!(ok.unwrap().email, "e");
    }
}
