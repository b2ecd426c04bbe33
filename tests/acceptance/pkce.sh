#!/usr/bin/env bash
# End to end with the real binaries: PKCE sign-in against login CSRF and
# sign-out, with the emulator binary, the example web app (feature axum)
# and the `saasus-auth` CLI. /login answers 303 to SAASUS_LOGIN_URL with the
# challenge and sets the verifier cookie; the emulator's login page mints a
# code bound to that challenge; the callback with the browser's cookies
# signs the user in (/me 200); the same kind of code, or one minted without
# a challenge, brought by a browser without the cookie is refused (401)
# and sets no session cookie; the cookies are Secure, HttpOnly and
# __Host- / __Secure- prefixed (curl 7.88 keeps Secure cookies for
# http://127.0.0.1); /login and /callback answers are not stored, the
# callback sends no referrer; a cross-site POST /logout is 403 and revokes
# nothing; one from the app's origin revokes the refresh token the
# callback stored, which then no longer refreshes.
#
#   bash tests/acceptance/pkce.sh
#
# Builds what it runs; kills everything it starts; exits non-zero, naming
# the step, on any difference.
set -euo pipefail
cd "$(dirname "$0")/../.."

source tests/acceptance/lib.sh

login_url="https://login.example.com/hosted?lang=en"
start emulator env -u SAASUS_SAAS_ID -u SAASUS_API_KEY -u SAASUS_SECRET_KEY "$target/saasus-auth-emulator" --port 0
emulator=$url
export SAASUS_API_URL_BASE="$emulator" SAASUS_SAAS_ID=emulator-saas-id \
  SAASUS_API_KEY=emulator-api-key SAASUS_SECRET_KEY=emulator-secret-key
start app env PORT=0 SAASUS_LOGIN_URL="$login_url" "$target/examples/web_app"
app=$url
cli="$target/saasus-auth"
echo "emulator at $emulator, app at $app"

# The value of cookie $2 in the curl cookie jar $1.
jar() { awk -v name="$2" '$6 == name { print $7 }' "$1"; }

"$cli" saas-user create-saas-user --body '{"email":"pkce@example.com","password":"Acceptance-Passw0rd!"}' >/dev/null

# GET /login: 303 to SAASUS_LOGIN_URL with the challenge, and the verifier cookie.
headers=$(curl -s -D - -o /dev/null -c "$work/browser" "$app/login")
expect "/login redirects" 303 "$(echo "$headers" | head -1 | awk '{print $2}')"
location=$(echo "$headers" | tr -d '\r' | sed -n 's/^[Ll]ocation: //p')
expect "to SAASUS_LOGIN_URL" "$login_url&" "${location%%code_challenge=*}"
expect "with code_challenge_method=S256" yes "$(case "$location" in *"&code_challenge_method=S256") echo yes;; *) echo no;; esac)"
set_cookie=$(echo "$headers" | tr -d '\r' | grep -i '^set-cookie: __Secure-SaaSus_pkceVerifier=' || true)
expect "the verifier cookie is __Secure-, HttpOnly, SameSite=Lax, Secure, for /callback" yes \
  "$(case "$set_cookie" in *"Path=/callback"*"HttpOnly; SameSite=Lax; Secure") echo yes;; *) echo "no: $set_cookie";; esac)"
expect "/login is not stored" no-store "$(echo "$headers" | tr -d '\r' | sed -n 's/^[Cc]ache-[Cc]ontrol: //p')"
challenge=$(echo "$location" | sed 's/.*code_challenge=\([^&]*\).*/\1/')
expect "the challenge is 43 characters" 43 "${#challenge}"

# The hosted login page (the emulator's) mints a code bound to the challenge.
pkce_code() {
  curl -s -X POST "$emulator/__emulator/login" -H 'content-type: application/json' \
    -d "{\"email\":\"pkce@example.com\",\"password\":\"Acceptance-Passw0rd!\",\"code_challenge\":\"$challenge\",\"code_challenge_method\":\"S256\"}" |
    json '["code"]'
}

# Login CSRF: the code reaches a browser that did not start the login.
expect "a PKCE code without the browser's cookie is refused" 401 "$(status "$app/callback?code=$(pkce_code)")"
plain_code=$(curl -s -X POST "$emulator/__emulator/login" -H 'content-type: application/json' \
  -d '{"email":"pkce@example.com","password":"Acceptance-Passw0rd!"}' | json '["code"]')
refused=$(curl -s -D - -o "$work/refused.json" "$app/callback?code=$plain_code" | tr -d '\r')
expect "a code minted without a challenge is refused" "401 pkce_required" \
  "$(echo "$refused" | head -1 | awk '{print $2}') $(json '["error"]' <"$work/refused.json")"
expect "and sets no session cookie" 0 "$(echo "$refused" | grep -ci '^set-cookie: [^=]*idToken=[^;]' || true)"
expect "the refusal is not stored" no-store "$(echo "$refused" | sed -n 's/^[Cc]ache-[Cc]ontrol: //p')"
expect "the callback sends no referrer" no-referrer "$(echo "$refused" | sed -n 's/^[Rr]eferrer-[Pp]olicy: //p')"
expect "GetAuthCredentials refuses a PKCE code (exit 3: 4xx)" 3 \
  "$("$cli" credential get-auth-credentials --auth-flow tempCodeAuth --code "$(pkce_code)" >/dev/null 2>&1; echo $?)"

# The browser that started the login is signed in.
signed_in=$(curl -s -D - -o /dev/null -b "$work/browser" -c "$work/browser" "$app/callback?code=$(pkce_code)" | tr -d '\r')
expect "callback with the browser's cookies: 303 to /" "303 /" \
  "$(echo "$signed_in" | head -1 | awk '{print $2}') $(echo "$signed_in" | sed -n 's/^[Ll]ocation: //p')"
expect "every cookie of the callback is Secure, HttpOnly and prefixed" 3 \
  "$(echo "$signed_in" | grep -i '^set-cookie: ' | grep -E '^set-cookie: (__Host-[^=]*=[^;]*; Path=/;|__Secure-[^=]*=[^;]*; Path=/[^;])' | grep -c 'HttpOnly; SameSite=Lax; Secure$' || true)"
expect "the callback's answer is not stored" no-store "$(echo "$signed_in" | sed -n 's/^[Cc]ache-[Cc]ontrol: //p')"
expect "the verifier cookie is cleared" "" "$(jar "$work/browser" __Secure-SaaSus_pkceVerifier)"
expect "/me by cookie" 200 "$(status -b "$work/browser" "$app/me")"
expect "/me names the user" pkce@example.com "$(curl -s -b "$work/browser" "$app/me" | json '["email"]')"
refresh=$(jar "$work/browser" __Secure-SaaSus_refreshToken)
expect "the refresh token cookie is set" yes "$([ -n "$refresh" ] && echo yes || echo no)"
expect "the refresh token cookie is for /logout only" /logout "$(awk '$6 == "__Secure-SaaSus_refreshToken" { print $3 }' "$work/browser")"

# The refresh token works, until /logout revokes it.
refresh_status() {
  # exit 3: the API answered 4xx
  if "$cli" credential get-auth-credentials --auth-flow refreshTokenAuth --refresh-token "$refresh" >/dev/null 2>&1; then echo ok; else echo "refused ($?)"; fi
}
expect "the stored refresh token refreshes" ok "$(refresh_status)"
expect "a cross-site POST /logout is refused" 403 \
  "$(status -X POST -D "$work/csrf.headers" -b "$work/browser" -H 'Origin: https://evil.example' "$app/logout")"
expect "and clears nothing" 0 "$(grep -ci '^set-cookie:' "$work/csrf.headers" || true)"
expect "and revokes nothing" ok "$(refresh_status)"
expect "/logout from the app's origin: 303 to /" "303 /" \
  "$(curl -s -o /dev/null -w '%{http_code} %header{location}' -X POST -D "$work/logout.headers" -b "$work/browser" -H "Origin: $app" "$app/logout")"
expect "the refresh token no longer refreshes (revoked)" "refused (3)" "$(refresh_status)"
# What /logout tells the browser (curl 7.88 keeps a replaced cookie in a
# jar it also reads, so the headers are checked rather than the jar).
expect "/logout clears the ID token cookie" 1 "$(grep -ci '^set-cookie: __Host-SaaSus_idToken=; Path=/; Max-Age=0' "$work/logout.headers")"
expect "/logout clears the refresh token cookie" 1 "$(grep -ci '^set-cookie: __Secure-SaaSus_refreshToken=; Path=/logout; Max-Age=0' "$work/logout.headers")"
expect "GET /logout does not sign out" 405 "$(status -b "$work/browser" "$app/logout")"

# Nothing secret in the servers' output.
expect "no refresh token in any log" 0 "$(cat "$work"/*.out | grep -c -F "$refresh" || true)"

finish
