//! The spec's string enums in [`types`](crate::types) accept a value the
//! spec does not list: it decodes into the enum's `Unknown(String)` variant,
//! which keeps it as received and serializes it back unchanged. A server
//! one API version ahead (a new invoice language, challenge name, invitation
//! status) so decodes in a build made from the older spec, and a
//! read-modify-write sends the value back as it came.
//!
//! The enums are `#[non_exhaustive]`: a `match` on one needs a wildcard arm,
//! where the unknown value is handled. `as_str`, `Display`, `FromStr` (it
//! never fails) and `Serialize` all give the wire value.
//!
//! [`strictly`] makes them refuse unknown values again, for code that must
//! hold others to the contract rather than tolerate them: a test double of
//! the API checking the requests it receives.

use std::cell::Cell;

thread_local! {
    static STRICT: Cell<bool> = const { Cell::new(false) };
}

/// Runs `f` with every generated enum refusing, on this thread, a value the
/// spec does not list: decoding fails with serde's `unknown variant ...,
/// expected one of ...` instead of giving `Unknown`. Decoding is
/// synchronous, so wrap the decoding call itself (`serde_json::from_slice`),
/// not a future.
///
/// ```
/// use saasus_auth::types::InvoiceLanguage;
///
/// let lenient: InvoiceLanguage = serde_json::from_str(r#""fr-FR""#).unwrap();
/// assert_eq!(lenient, InvoiceLanguage::Unknown("fr-FR".into()));
/// let strict = saasus_auth::enums::strictly(|| {
///     serde_json::from_str::<InvoiceLanguage>(r#""fr-FR""#)
/// });
/// assert!(strict.is_err());
/// ```
pub fn strictly<R>(f: impl FnOnce() -> R) -> R {
    /// Restores the previous setting, even if `f` panics.
    struct Restore(bool);
    impl Drop for Restore {
        fn drop(&mut self) {
            STRICT.with(|s| s.set(self.0));
        }
    }
    let _restore = Restore(STRICT.with(|s| s.replace(true)));
    f()
}

/// Whether this thread is inside [`strictly`] (read by the generated
/// enums, and only when a value is not one the spec lists).
#[doc(hidden)]
pub fn is_strict() -> bool {
    STRICT.with(Cell::get)
}
