#!/usr/bin/env bash
# End to end with the real binaries: the emulator binary, the example web
# app (feature axum), run with its defaults, and the `saasus-auth` CLI. The
# home page links to /login, /me and the admin route; a code minted without
# a PKCE challenge is refused; a user created through the API and signed in
# through the emulator's login page with the challenge of /login gets
# through /callback (303 to /) and /me, and the home page shows their email
# and a sign-out form; no token or a bad one is 401 (pointing at /login);
# the admin route is 403 until the user holds the `admin` role in the
# tenant, then 200. The app says at start-up that SAASUS_LOGIN_URL is
# missing.
#
#   bash tests/acceptance/web_app.sh
#
# Builds what it runs; exits non-zero, naming the step, on any difference.
# The emulator and the app it starts end with it, whatever the outcome;
# the last line checks that neither is still running or listening.
set -euo pipefail
cd "$(dirname "$0")/../.."

source tests/acceptance/lib.sh

start emulator env -u SAASUS_SAAS_ID -u SAASUS_API_KEY -u SAASUS_SECRET_KEY "$target/saasus-auth-emulator" --port 0
emulator=$url
export SAASUS_API_URL_BASE="$emulator" SAASUS_SAAS_ID=emulator-saas-id \
  SAASUS_API_KEY=emulator-api-key SAASUS_SECRET_KEY=emulator-secret-key
start bare_app env -u SAASUS_LOGIN_URL PORT=0 "$target/examples/web_app"
bare_app=$url
start app env PORT=0 SAASUS_LOGIN_URL="https://login.example.com/hosted" "$target/examples/web_app"
app=$url
cli="$target/saasus-auth"
echo "emulator at $emulator, app at $app"

home=$(curl -s "$app/")
expect "/ without a session links to /login" yes "$(case "$home" in *'id="login" href="/login"'*) echo yes;; *) echo "no: $home";; esac)"
expect "/ without a session links to /me" yes "$(case "$home" in *'href="/me"'*) echo yes;; *) echo no;; esac)"
expect "/ without a session links to the admin route" yes "$(case "$home" in *'href="/tenants/'*'/admin"'*) echo yes;; *) echo no;; esac)"

user_id=$("$cli" saas-user create-saas-user --body '{"email":"alice@example.com","password":"Acceptance-Passw0rd!"}' | json '["id"]')
# /login sets the verifier cookie (Secure: curl keeps it for http://127.0.0.1)
# and redirects with the challenge the hosted login page binds the code to.
location=$(curl -s -o /dev/null -w '%{redirect_url}' -c "$work/cookies" "$app/login")
challenge=$(echo "$location" | sed 's/.*code_challenge=\([^&]*\).*/\1/')
login() { # a code from the hosted login page, bound to $challenge if $1 is "pkce"
  local extra=
  if [ "${1:-}" = pkce ]; then extra=",\"code_challenge\":\"$challenge\",\"code_challenge_method\":\"S256\""; fi
  curl -s -X POST "$emulator/__emulator/login" -H 'content-type: application/json' \
    -d "{\"email\":\"alice@example.com\",\"password\":\"Acceptance-Passw0rd!\"$extra}" | json '["code"]'
}
expect "a code without PKCE is refused" 401 "$(status "$app/callback?code=$(login)")"
code=$(login pkce)
expect "callback exchanges the code, 303 to /" "303 /" "$(curl -s -o /dev/null -w '%{http_code} %header{location}' -b "$work/cookies" -c "$work/cookies" "$app/callback?code=$code")"
expect "the code is single-use" 401 "$(status "$app/callback?code=$code")"
expect "/me by cookie" 200 "$(status -b "$work/cookies" "$app/me")"
expect "/me names the user" alice@example.com "$(curl -s -b "$work/cookies" "$app/me" | json '["email"]')"
home=$(curl -s -b "$work/cookies" "$app/")
expect "/ signed in shows the email" yes "$(case "$home" in *'<span id="email">alice@example.com</span>'*) echo yes;; *) echo "no: $home";; esac)"
expect "/ signed in has the sign-out form" yes "$(case "$home" in *'<form method="post" action="/logout"><button type="submit" id="logout">'*) echo yes;; *) echo no;; esac)"
expect "/me without a token" 401 "$(status "$app/me")"
expect "/me without a token points at the app's /login" /login "$(curl -s "$app/me" | json '["redirect_url"]')"
expect "/me with a bad token" 401 "$(status -H 'Authorization: Bearer not-a-token' "$app/me")"
expect "without SAASUS_LOGIN_URL, the app says so at start-up" 1 "$(grep -c 'SAASUS_LOGIN_URL is not set' "$work/bare_app.out")"
expect "and /login answers 500 no_login_url" "500 no_login_url" \
  "$(curl -s -o "$work/bare.json" -w '%{http_code}' "$bare_app/login") $(json '["error"]' <"$work/bare.json")"
expect "with it, the app says nothing of it" 0 "$(grep -c 'SAASUS_LOGIN_URL' "$work/app.out" || true)"

tenant=$("$cli" tenant create-tenant --body '{"name":"Acme","attributes":{},"back_office_staff_email":"ops@example.com"}' | json '["id"]')
"$cli" role create-role --body '{"role_name":"admin","display_name":"Administrator"}' >/dev/null
"$cli" env create-env --body '{"id":7,"name":"acceptance","display_name":"Acceptance"}' >/dev/null
"$cli" tenant-user create-tenant-user --tenant-id "$tenant" --body '{"email":"alice@example.com","attributes":{}}' >/dev/null
expect "admin route without the role" 403 "$(status -b "$work/cookies" "$app/tenants/$tenant/admin")"
"$cli" tenant-user create-tenant-user-roles --tenant-id "$tenant" --user-id "$user_id" --env-id 7 --body '{"role_names":["admin"]}' >/dev/null
expect "admin route with the role" 200 "$(status -b "$work/cookies" "$app/tenants/$tenant/admin")"

finish
