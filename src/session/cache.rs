//! A bounded, short-lived, single-flight cache of ID token → `UserInfo`.

use std::collections::HashMap;
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

/// Token → `UserInfo` for at most `ttl`, at most `capacity` tokens.
///
/// Concurrent misses on one token share one lookup (single-flight);
/// failures are shared by the requests waiting on that lookup and then
/// forgotten (never cached).
pub(crate) struct UserInfoCache {
    capacity: usize,
    ttl: Duration,
    entries: Mutex<HashMap<Key, Entry>>,
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
            entries: Mutex::new(HashMap::new()),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<Key, Entry>> {
        self.entries.lock().unwrap_or_else(|p| p.into_inner())
    }

    pub(crate) fn len(&self) -> usize {
        self.lock().len()
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
                .get(&key)
                .is_some_and(|e| Arc::ptr_eq(&e.cell, &cell))
            {
                entries.remove(&key);
            }
        }
        outcome
    }

    /// The cell of `key`: the live one, or a new one (evicting expired
    /// entries, then the oldest, when full).
    fn cell(&self, key: Key) -> Arc<OnceCell<Outcome>> {
        let now = Instant::now();
        let mut entries = self.lock();
        if let Some(entry) = entries.get(&key) {
            if !entry.cell.initialized() || entry.expires > now {
                return entry.cell.clone();
            }
        }
        if !entries.contains_key(&key) && entries.len() >= self.capacity {
            entries.retain(|_, e| !e.cell.initialized() || e.expires > now);
            if entries.len() >= self.capacity {
                let oldest = entries
                    .iter()
                    .min_by_key(|(_, e)| e.expires)
                    .map(|(k, _)| *k);
                if let Some(oldest) = oldest {
                    entries.remove(&oldest);
                }
            }
        }
        let cell = Arc::new(OnceCell::new());
        entries.insert(
            key,
            Entry {
                cell: cell.clone(),
                expires: now + self.ttl,
            },
        );
        cell
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
    async fn failures_are_not_cached() {
        let cache = UserInfoCache::new(10, Duration::from_secs(60));
        let failure = || async { Err(AuthFailure::NoToken(super::super::TokenError::Missing)) };
        assert!(cache.get_or_fetch("t", failure).await.is_err());
        assert_eq!(cache.len(), 0);
        let ok = cache.get_or_fetch("t", || async { Ok(user("e")) }).await;
        assert_eq!(ok.unwrap().email, "e");
    }
}
