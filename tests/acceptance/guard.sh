#!/usr/bin/env bash
# End to end with the real binaries, issue 18 items 7-9:
# - the example web app under a wrong SAASUS_SECRET_KEY answers /me with 500
#   (`misconfigured`, not 401) and logs a warning naming the credentials,
#   never their values;
# - the CLI reads a secret parameter from @FILE and from stdin (-);
# - the emulator binary refuses a web page's POST /__emulator/reset (state
#   kept) and a login under another Host name, serves curl on 127.0.0.1,
#   and prints no key or secret taken from the environment.
#
#   bash tests/acceptance/guard.sh
#
# Builds what it runs; kills what it starts; exits non-zero, naming the
# step, on any difference.
set -euo pipefail
cd "$(dirname "$0")/../.."

cargo build --quiet -p saasus-auth-emulator -p saasus-auth-cli
cargo build --quiet --example web_app --features axum
target="$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')/debug"
work="$(mktemp -d)"
# `start` runs in a command substitution (a subshell): each server's pid
# goes to a file, which the cleanup reads.
cleanup() {
  for file in "$work"/*.pid; do
    [ -e "$file" ] && kill "$(cat "$file")" 2>/dev/null || true
  done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

# Starts a server that prints `listening on URL` first; echoes the URL.
start() {
  local out="$work/$1.out" pidfile="$work/$1.pid"; shift
  "$@" >"$out" 2>&1 &
  echo $! >"$pidfile"
  for _ in $(seq 1 100); do
    if head -1 "$out" 2>/dev/null | grep -q '^listening on '; then
      head -1 "$out" | sed 's/^listening on //'
      return
    fi
    sleep 0.1
  done
  echo "error: $* did not announce its address" >&2
  cat "$out" >&2
  exit 1
}

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

key=marker-api-key-guard
secret=marker-secret-key-guard
wrong=marker-wrong-secret-guard
emulator=$(SAASUS_SAAS_ID=guard-saas SAASUS_API_KEY=$key SAASUS_SECRET_KEY=$secret \
  start emulator "$target/saasus-auth-emulator" --port 0)
port=${emulator##*:}
export SAASUS_API_URL_BASE="$emulator" SAASUS_SAAS_ID=guard-saas SAASUS_API_KEY=$key SAASUS_SECRET_KEY=$secret
cli="$target/saasus-auth"
echo "emulator at $emulator"

# The emulator binary: what it printed, and its guard.
expect "the emulator prints no key or secret" 0 "$(grep -c -e "$key" -e "$secret" "$work/emulator.out" || true)"
"$cli" role create-role --body '{"role_name":"admin","display_name":"Administrator"}' >/dev/null
roles() { "$cli" role get-roles | json '["roles"].__len__()'; }
expect "reset from a web page refused" 403 "$(status -X POST -H 'Origin: http://evil.example' "$emulator/__emulator/reset")"
expect "state kept" 1 "$(roles)"
"$cli" saas-user create-saas-user --body '{"email":"guard@example.com","password":"Guard-Passw0rd!"}' >/dev/null
login='{"email":"guard@example.com","password":"Guard-Passw0rd!"}'
expect "login under another Host refused" 403 "$(status -X POST -H "Host: evil.example:$port" -H 'content-type: application/json' -d "$login" "$emulator/__emulator/login")"
code=$(curl -s -X POST -H 'content-type: application/json' -d "$login" "$emulator/__emulator/login" | json '["code"]')
expect "curl on 127.0.0.1 served" 36 "${#code}"

# The CLI: secrets from a file and from stdin.
printf '%s\n' "$code" >"$work/code"
"$cli" credential get-auth-credentials --auth-flow tempCodeAuth --code "@$work/code" >"$work/credentials"
python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["id_token"])' "$work/credentials" >"$work/token"
expect "--token @FILE" guard@example.com "$("$cli" user-info get-user-info --token "@$work/token" | json '["email"]')"
expect "--token -" guard@example.com "$("$cli" user-info get-user-info --token - <"$work/token" | json '["email"]')"
missing=$("$cli" user-info get-user-info --token "@$work/no-such-file" 2>&1 >/dev/null; echo "exit $?")
expect "a missing file is a usage error" "exit 2" "$(tail -1 <<<"$missing")"

# The web app under a wrong secret key.
app=$(SAASUS_SECRET_KEY=$wrong PORT=0 start app "$target/examples/web_app")
token=$(cat "$work/token")
expect "/me under a wrong secret key is 500" 500 "$(status -H "Authorization: Bearer $token" "$app/me")"
expect "  ... answered misconfigured" misconfigured "$(curl -s -H "Authorization: Bearer $token" "$app/me" | json '["error"]')"
expect "  ... with a warning naming SAASUS_SECRET_KEY" 1 "$(grep WARN "$work/app.out" | grep -q SAASUS_SECRET_KEY && echo 1 || echo 0)"
expect "  ... and no secret or token in the log" 0 "$(grep -c -e "$wrong" -e "$secret" -e "$token" "$work/app.out" || true)"
# The same app with the right key: a bad token is still 401.
good=$(PORT=0 start good "$target/examples/web_app")
expect "/me with the right key and a bad token is 401" 401 "$(status -H 'Authorization: Bearer not-a-token' "$good/me")"
expect "/me with the right key and the token is 200" 200 "$(status -H "Authorization: Bearer $token" "$good/me")"

echo "$passed passed, $failures failed"
[ "$failures" -eq 0 ]
