#!/usr/bin/env bash
# End to end with the real binaries: the emulator binary, the example web
# app (feature axum) and the `saasus-auth` CLI. A user created through the
# API and signed in through the emulator's login page gets through
# /callback and /me; no token or a bad one is 401; the admin route is 403
# until the user holds the `admin` role in the tenant, then 200.
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
start app env PORT=0 "$target/examples/web_app"
app=$url
cli="$target/saasus-auth"
echo "emulator at $emulator, app at $app"

home=$(curl -s "$app/")
expect "/ without a session links to /login" yes "$(case "$home" in *'id="login" href="/login"'*) echo yes;; *) echo "no: $home";; esac)"
expect "/ without a session links to /me" yes "$(case "$home" in *'href="/me"'*) echo yes;; *) echo no;; esac)"
expect "/ without a session links to the admin route" yes "$(case "$home" in *'href="/tenants/'*'/admin"'*) echo yes;; *) echo no;; esac)"

user_id=$("$cli" saas-user create-saas-user --body '{"email":"alice@example.com","password":"Acceptance-Passw0rd!"}' | json '["id"]')
code=$(curl -s -X POST "$emulator/__emulator/login" -H 'content-type: application/json' \
  -d '{"email":"alice@example.com","password":"Acceptance-Passw0rd!"}' | json '["code"]')
expect "callback exchanges the code" 200 "$(status -c "$work/cookies" "$app/callback?code=$code")"
expect "the code is single-use" 401 "$(status "$app/callback?code=$code")"
expect "/me by cookie" 200 "$(status -b "$work/cookies" "$app/me")"
expect "/me names the user" alice@example.com "$(curl -s -b "$work/cookies" "$app/me" | json '["email"]')"
home=$(curl -s -b "$work/cookies" "$app/")
expect "/ signed in shows the email" yes "$(case "$home" in *'<span id="email">alice@example.com</span>'*) echo yes;; *) echo "no: $home";; esac)"
expect "/ signed in has the sign-out form" yes "$(case "$home" in *'<form method="post" action="/logout"><button type="submit" id="logout">'*) echo yes;; *) echo no;; esac)"
expect "/me without a token" 401 "$(status "$app/me")"
expect "/me with a bad token" 401 "$(status -H 'Authorization: Bearer not-a-token' "$app/me")"

tenant=$("$cli" tenant create-tenant --body '{"name":"Acme","attributes":{},"back_office_staff_email":"ops@example.com"}' | json '["id"]')
"$cli" role create-role --body '{"role_name":"admin","display_name":"Administrator"}' >/dev/null
"$cli" env create-env --body '{"id":7,"name":"acceptance","display_name":"Acceptance"}' >/dev/null
"$cli" tenant-user create-tenant-user --tenant-id "$tenant" --body '{"email":"alice@example.com","attributes":{}}' >/dev/null
expect "admin route without the role" 403 "$(status -b "$work/cookies" "$app/tenants/$tenant/admin")"
"$cli" tenant-user create-tenant-user-roles --tenant-id "$tenant" --user-id "$user_id" --env-id 7 --body '{"role_names":["admin"]}' >/dev/null
expect "admin route with the role" 200 "$(status -b "$work/cookies" "$app/tenants/$tenant/admin")"

finish
