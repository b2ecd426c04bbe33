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

cargo build --quiet -p saasus-auth-emulator -p saasus-auth-cli
cargo build --quiet --example web_app --features axum
target="$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')/debug"
work="$(mktemp -d)"

# Every process this script starts is recorded here, in this shell (never
# in a subshell, where the list would be lost), with the address it
# listens on; all of them end with the script, on success, on failure and
# on Ctrl-C or SIGTERM, and the script checks that they did.
pids=()
urls=()
cleanup() {
  local status=$?
  trap - EXIT INT TERM
  local pid url left=0
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$pid" 2>/dev/null; then kill -KILL "$pid" 2>/dev/null || true; fi
    wait "$pid" 2>/dev/null || true
  done
  # Nothing started here may outlive the script: no process, no listener.
  for pid in "${pids[@]}"; do
    if kill -0 "$pid" 2>/dev/null; then
      echo "FAIL process $pid started by this script is still running" >&2
      left=1
    fi
  done
  for url in "${urls[@]}"; do
    if curl -s -o /dev/null --max-time 2 "$url/"; then
      echo "FAIL something still listens at $url" >&2
      left=1
    fi
  done
  if [ "$left" -eq 0 ] && [ "${#pids[@]}" -gt 0 ]; then
    echo "ok   every process the script started has ended (${#pids[@]}), nothing listens at ${urls[*]}"
  fi
  rm -rf "$work"
  if [ "$status" -eq 0 ] && [ "$left" -ne 0 ]; then status=1; fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# start NAME COMMAND...: runs a server that prints `listening on URL` first,
# in the background of this shell, and sets $url to its address.
url=
start() {
  local out="$work/$1.out"; shift
  "$@" >"$out" 2>&1 &
  pids+=($!)
  for _ in $(seq 1 100); do
    if head -1 "$out" 2>/dev/null | grep -q '^listening on '; then
      url=$(head -1 "$out" | sed 's/^listening on //')
      urls+=("$url")
      return
    fi
    sleep 0.1
  done
  echo "error: $* did not announce its address" >&2
  cat "$out" >&2
  exit 1
}

start emulator env -u SAASUS_SAAS_ID -u SAASUS_API_KEY -u SAASUS_SECRET_KEY "$target/saasus-auth-emulator" --port 0
emulator=$url
export SAASUS_API_URL_BASE="$emulator" SAASUS_SAAS_ID=emulator-saas-id \
  SAASUS_API_KEY=emulator-api-key SAASUS_SECRET_KEY=emulator-secret-key
start app env PORT=0 "$target/examples/web_app"
app=$url
cli="$target/saasus-auth"
echo "emulator at $emulator, app at $app"

passed=0
failures=0
expect() { # expect NAME WANTED GOT
  if [ "$2" = "$3" ]; then
    echo "ok   $1 ($3)"; passed=$((passed + 1))
  else
    echo "FAIL $1: wanted $2, got $3"; failures=$((failures + 1))
  fi
}
status() { curl -s -o /dev/null -w '%{http_code}' "$@"; }
json() { python3 -c "import json,sys; print(json.load(sys.stdin)$1)"; }

user_id=$("$cli" saas-user create-saas-user --body '{"email":"alice@example.com","password":"Acceptance-Passw0rd!"}' | json '["id"]')
code=$(curl -s -X POST "$emulator/__emulator/login" -H 'content-type: application/json' \
  -d '{"email":"alice@example.com","password":"Acceptance-Passw0rd!"}' | json '["code"]')
expect "callback exchanges the code" 200 "$(status -c "$work/cookies" "$app/callback?code=$code")"
expect "the code is single-use" 401 "$(status "$app/callback?code=$code")"
expect "/me by cookie" 200 "$(status -b "$work/cookies" "$app/me")"
expect "/me names the user" alice@example.com "$(curl -s -b "$work/cookies" "$app/me" | json '["email"]')"
expect "/me without a token" 401 "$(status "$app/me")"
expect "/me with a bad token" 401 "$(status -H 'Authorization: Bearer not-a-token' "$app/me")"

tenant=$("$cli" tenant create-tenant --body '{"name":"Acme","attributes":{},"back_office_staff_email":"ops@example.com"}' | json '["id"]')
"$cli" role create-role --body '{"role_name":"admin","display_name":"Administrator"}' >/dev/null
"$cli" env create-env --body '{"id":7,"name":"acceptance","display_name":"Acceptance"}' >/dev/null
"$cli" tenant-user create-tenant-user --tenant-id "$tenant" --body '{"email":"alice@example.com","attributes":{}}' >/dev/null
expect "admin route without the role" 403 "$(status -b "$work/cookies" "$app/tenants/$tenant/admin")"
"$cli" tenant-user create-tenant-user-roles --tenant-id "$tenant" --user-id "$user_id" --env-id 7 --body '{"role_names":["admin"]}' >/dev/null
expect "admin route with the role" 200 "$(status -b "$work/cookies" "$app/tenants/$tenant/admin")"

echo "$passed passed, $failures failed"
[ "$failures" -eq 0 ]
