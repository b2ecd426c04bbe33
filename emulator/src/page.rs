//! The hosted sign-in page, at [`PATH`]: what `SAASUS_LOGIN_URL` points at
//! when an app runs against the emulator.
//!
//! Plain server-rendered HTML, no script: a form posting to its own origin
//! (so the loopback [`guard`](crate::guard) keeps other sites out).
//!
//! - `GET /sign-in?code_challenge=..&code_challenge_method=S256` shows the
//!   form; the PKCE pair, when given, is carried through it (a malformed
//!   pair: 400, as at `POST /__emulator/login`).
//! - The form posts an email address (any case) or a sign-in ID and a
//!   password. Wrong ones: the form again, with the message, 401.
//! - A user with a temporary password (created without one, signed up,
//!   reset) is asked for a new one (at least 8 characters).
//! - A user with MFA on is then asked for the code: the authenticator
//!   app's (RFC 6238 of [`SOFTWARE_TOKEN_SECRET`](crate::SOFTWARE_TOKEN_SECRET),
//!   or [`VERIFICATION_CODE`](crate::VERIFICATION_CODE)), or the one
//!   emailed (see `GET /__emulator/emails`).
//! - Signed in: a temporary code, minted as `POST /__emulator/login` mints
//!   it (bound to the challenge when one was given), and a 303 to the
//!   callback URL (UpdateAuthInfo, or the binary's `--callback-url`) with
//!   `?code=CODE` appended. Without a callback URL, the page shows the code
//!   and how to set one.

use axum::extract::{Query, RawQuery, State};
use axum::http::header::{CACHE_CONTROL, CONTENT_SECURITY_POLICY, LOCATION, REFERRER_POLICY};
use axum::http::{HeaderValue, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use axum::Form;
use serde::Deserialize;

use crate::error::Fault;
use saasus_auth::types::ChallengeName;

use crate::state::{pkce_challenge, PageStep};
use crate::App;

/// Where the page is served.
pub const PATH: &str = "/sign-in";

/// The PKCE pair of the page's query.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct Challenge {
    #[serde(default)]
    code_challenge: Option<String>,
    #[serde(default)]
    code_challenge_method: Option<String>,
}

/// What the form posts: the first step (`email`, `password`), a new
/// password (`session`, `new_password`) or the MFA step (`session`,
/// `mfa_code`), and the PKCE pair each time.
#[derive(Deserialize)]
pub(crate) struct Submission {
    #[serde(default)]
    email: Option<String>,
    #[serde(default)]
    password: Option<String>,
    #[serde(default)]
    session: Option<String>,
    #[serde(default)]
    mfa_code: Option<String>,
    #[serde(default)]
    new_password: Option<String>,
    #[serde(default)]
    code_challenge: Option<String>,
    #[serde(default)]
    code_challenge_method: Option<String>,
}

/// `GET /sign-in`.
pub(crate) async fn show(
    RawQuery(raw): RawQuery,
    query: Result<Query<Challenge>, axum::extract::rejection::QueryRejection>,
) -> Response {
    let Ok(Query(challenge)) = query else {
        return page(
            StatusCode::BAD_REQUEST,
            &notice(
                "The query string is not valid.",
                raw.as_deref().unwrap_or(""),
            ),
        );
    };
    let pair = (
        challenge.code_challenge.as_deref(),
        challenge.code_challenge_method.as_deref(),
    );
    if let Err(fault) = pkce_challenge(pair.0, pair.1) {
        return page(
            StatusCode::BAD_REQUEST,
            &notice("This sign-in link is not valid.", &fault.message),
        );
    }
    page(StatusCode::OK, &credentials_form(&challenge, "", None))
}

/// `POST /sign-in`.
pub(crate) async fn submit(State(app): State<App>, Form(form): Form<Submission>) -> Response {
    let challenge = Challenge {
        code_challenge: form.code_challenge.filter(|c| !c.is_empty()),
        code_challenge_method: form.code_challenge_method.filter(|m| !m.is_empty()),
    };
    let checked = match pkce_challenge(
        challenge.code_challenge.as_deref(),
        challenge.code_challenge_method.as_deref(),
    ) {
        Ok(checked) => checked,
        Err(fault) => {
            return page(
                StatusCode::BAD_REQUEST,
                &notice("This sign-in link is not valid.", &fault.message),
            )
        }
    };
    let mut store = app.store();
    let step = match (form.session, form.email) {
        (Some(session), _) => {
            let answer = form.new_password.or(form.mfa_code).unwrap_or_default();
            match store.page_answer(&session, answer.trim()) {
                Ok(step) => step,
                // A new password too weak: asked again, same session.
                Err(fault) if fault.error_type == "invalid_password" => {
                    return page(
                        StatusCode::BAD_REQUEST,
                        &new_password_form(
                            &challenge,
                            &session,
                            Some(&as_sentence(&fault.message)),
                        ),
                    );
                }
                Err(fault) if fault.error_type == "invalid_session" => {
                    return page(
                        StatusCode::UNAUTHORIZED,
                        &credentials_form(&challenge, "", Some(&as_sentence(&fault.message))),
                    );
                }
                Err(_) => {
                    // A wrong code used the session up: the user starts again.
                    return page(
                        StatusCode::UNAUTHORIZED,
                        &credentials_form(
                            &challenge,
                            "",
                            Some("The code is not valid. Sign in again."),
                        ),
                    );
                }
            }
        }
        (None, email) => {
            let email = email.unwrap_or_default();
            let password = form.password.unwrap_or_default();
            match store.page_sign_in(email.trim(), &password) {
                Ok(step) => step,
                Err(fault) => {
                    return page(
                        StatusCode::UNAUTHORIZED,
                        &credentials_form(&challenge, &email, Some(&as_sentence(&fault.message))),
                    )
                }
            }
        }
    };
    let user_id = match step {
        PageStep::SignedIn(user_id) => user_id,
        PageStep::Asks {
            session,
            challenge: ChallengeName::NewPasswordRequired,
        } => {
            return page(
                StatusCode::OK,
                &new_password_form(&challenge, &session, None),
            )
        }
        PageStep::Asks {
            session,
            challenge: asked,
        } => {
            let email_otp = asked == ChallengeName::EmailOtp;
            return page(StatusCode::OK, &mfa_form(&challenge, &session, email_otp));
        }
    };
    let code = match store.sign_in_code(&user_id, checked) {
        Ok(code) => code,
        Err(fault) => return fault.into_response(),
    };
    let callback_url = store.callback_url().to_string();
    drop(store);
    if callback_url.is_empty() {
        return page(StatusCode::OK, &code_page(&code));
    }
    let separator = if callback_url.contains('?') { '&' } else { '?' };
    let location = format!("{callback_url}{separator}code={}", url_encode(&code));
    match HeaderValue::from_str(&location) {
        Ok(location) => {
            let mut response = StatusCode::SEE_OTHER.into_response();
            response.headers_mut().insert(LOCATION, location);
            response
                .headers_mut()
                .insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
            response
        }
        Err(_) => Fault::internal("the callback URL is not a valid header value").into_response(),
    }
}

/// `message` as a sentence: capitalized, with a full stop.
fn as_sentence(message: &str) -> String {
    let mut chars = message.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect::<String>() + ".",
        None => String::new(),
    }
}

/// `text` escaped for HTML text and quoted attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Percent-encodes everything but the unreserved characters of RFC 3986.
fn url_encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                (b as char).to_string()
            }
            b => format!("%{b:02X}"),
        })
        .collect()
}

fn hidden_challenge(challenge: &Challenge) -> String {
    let mut out = String::new();
    for (name, value) in [
        ("code_challenge", &challenge.code_challenge),
        ("code_challenge_method", &challenge.code_challenge_method),
    ] {
        if let Some(value) = value {
            out.push_str(&format!(
                "<input type=\"hidden\" name=\"{name}\" value=\"{}\">\n",
                escape(value)
            ));
        }
    }
    out
}

/// The page's error message, escaped, or nothing.
fn error_paragraph(error: Option<&str>) -> String {
    error
        .map(|e| {
            format!(
                "<p class=\"error\" id=\"error\" role=\"alert\">{}</p>\n",
                escape(e)
            )
        })
        .unwrap_or_default()
}

fn credentials_form(challenge: &Challenge, email: &str, error: Option<&str>) -> String {
    let error = error_paragraph(error);
    format!(
        "<h1>Sign in</h1>\n{error}<form method=\"post\" action=\"{PATH}\">\n{hidden}\
         <label for=\"email\">Email address or sign-in ID</label>\n\
         <input id=\"email\" name=\"email\" type=\"text\" autocomplete=\"username\" value=\"{email}\" required autofocus>\n\
         <label for=\"password\">Password</label>\n\
         <input id=\"password\" name=\"password\" type=\"password\" autocomplete=\"current-password\" required>\n\
         <button id=\"sign-in\" type=\"submit\">Sign in</button>\n</form>\n",
        hidden = hidden_challenge(challenge),
        email = escape(email),
    )
}

fn new_password_form(challenge: &Challenge, session: &str, error: Option<&str>) -> String {
    let error = error_paragraph(error);
    format!(
        "<h1>Choose a new password</h1>\n{error}<p>Your password is a temporary one: choose your own.</p>\n\
         <form method=\"post\" action=\"{PATH}\">\n{hidden}\
         <input type=\"hidden\" name=\"session\" value=\"{session}\">\n\
         <label for=\"new_password\">New password</label>\n\
         <input id=\"new_password\" name=\"new_password\" type=\"password\" autocomplete=\"new-password\" required autofocus>\n\
         <button id=\"set-password\" type=\"submit\">Set password</button>\n</form>\n",
        hidden = hidden_challenge(challenge),
        session = escape(session),
    )
}

fn mfa_form(challenge: &Challenge, session: &str, email_otp: bool) -> String {
    let hint = if email_otp {
        "Enter the code sent to your email address (see GET /__emulator/emails)."
    } else {
        "Enter the code your authenticator app shows."
    };
    format!(
        "<h1>Verification code</h1>\n<p>{hint}</p>\n<form method=\"post\" action=\"{PATH}\">\n{hidden}\
         <input type=\"hidden\" name=\"session\" value=\"{session}\">\n\
         <label for=\"mfa_code\">Code</label>\n\
         <input id=\"mfa_code\" name=\"mfa_code\" type=\"text\" inputmode=\"numeric\" autocomplete=\"one-time-code\" required autofocus>\n\
         <button id=\"verify\" type=\"submit\">Verify</button>\n</form>\n",
        hidden = hidden_challenge(challenge),
        session = escape(session),
    )
}

fn notice(title: &str, detail: &str) -> String {
    format!(
        "<h1>{}</h1>\n<p class=\"error\" id=\"error\">{}</p>\n",
        escape(title),
        escape(detail)
    )
}

fn code_page(code: &str) -> String {
    format!(
        "<h1>Signed in</h1>\n<p>No callback URL is set, so here is the temporary code \
         (single use, valid for a few seconds):</p>\n<p><code id=\"code\">{}</code></p>\n\
         <p>To be sent back to your app instead, set the callback URL: start the emulator with \
         <code>--callback-url http://127.0.0.1:3000/callback</code>, or call UpdateAuthInfo \
         (<code>saasus-auth auth-info update-auth-info</code>).</p>\n",
        escape(code)
    )
}

/// The whole page around `body`, with headers that allow no script, no
/// framing and no referrer.
fn page(status: StatusCode, body: &str) -> Response {
    let html = format!(
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>Sign in: SaaSus Auth emulator</title>\n<style>{STYLE}</style>\n</head>\n\
         <body>\n<main>\n<p class=\"brand\">SaaSus Auth emulator</p>\n{body}</main>\n</body>\n</html>\n"
    );
    let mut response = (status, Html(html)).into_response();
    let headers = response.headers_mut();
    headers.insert(
        CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
        ),
    );
    headers.insert(REFERRER_POLICY, HeaderValue::from_static("same-origin"));
    headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

const STYLE: &str = "body{font-family:system-ui,sans-serif;background:#f4f5f7;margin:0}\
main{max-width:22rem;margin:1.5rem auto;background:#fff;padding:2rem;border-radius:8px;\
box-shadow:0 1px 4px rgba(0,0,0,.15)}h1{font-size:1.4rem;margin:.2rem 0 1rem}\
.brand{color:#667;font-size:.85rem;margin:0}label{display:block;margin:.8rem 0 .3rem}\
input[type=text],input[type=password]{width:100%;box-sizing:border-box;padding:.5rem;\
font-size:1rem}button{margin-top:1.2rem;width:100%;padding:.6rem;font-size:1rem;\
background:#2456c9;color:#fff;border:0;border-radius:4px}\
.error{color:#b00020;background:#fdecee;padding:.5rem;border-radius:4px}\
code{word-break:break-all}";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reflected_text_is_escaped() {
        assert_eq!(
            escape(r#"<script>"a" & 'b'</script>"#),
            "&lt;script&gt;&quot;a&quot; &amp; &#39;b&#39;&lt;/script&gt;"
        );
        let form = credentials_form(&Challenge::default(), "\"><img src=x>", Some("<b>"));
        assert!(!form.contains("<img"));
        assert!(!form.contains("<b>"));
        assert_eq!(url_encode("a b/é"), "a%20b%2F%C3%A9");
    }
}
