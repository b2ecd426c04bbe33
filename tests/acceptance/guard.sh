#!/usr/bin/env bash
# End to end with the real binaries:
# - the example web app under a wrong SAASUS_SECRET_KEY answers /me and the
#   sign-in callback with 500 (`misconfigured`, not 401 or a verifier
#   mismatch) and logs a warning naming the credentials, never their values;
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

source tests/acceptance/lib.sh

key=marker-api-key-guard
secret=marker-secret-key-guard
wrong=marker-wrong-secret-guard
start emulator env SAASUS_SAAS_ID=guard-saas SAASUS_API_KEY=$key SAASUS_SECRET_KEY=$secret \
  "$target/saasus-auth-emulator" --port 0
emulator=$url
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
start app env SAASUS_SECRET_KEY=$wrong SAASUS_LOGIN_URL=https://login.example.com/hosted PORT=0 "$target/examples/web_app"
app=$url
token=$(cat "$work/token")
expect "/me under a wrong secret key is 500" 500 "$(status -H "Authorization: Bearer $token" "$app/me")"
expect "  ... answered misconfigured" misconfigured "$(curl -s -H "Authorization: Bearer $token" "$app/me" | json '["error"]')"
expect "  ... with a warning naming SAASUS_SECRET_KEY" 1 "$(grep WARN "$work/app.out" | grep -q SAASUS_SECRET_KEY && echo 1 || echo 0)"
# The callback under the wrong key: ExchangeAuthCredentials refuses the
# signature with 401, which is not read as a verifier mismatch.
challenge=$(curl -s -o /dev/null -w '%{redirect_url}' -c "$work/browser" "$app/login" | sed 's/.*code_challenge=\([^&]*\).*/\1/')
pkce_code=$(curl -s -X POST -H 'content-type: application/json' \
  -d "{\"email\":\"guard@example.com\",\"password\":\"Guard-Passw0rd!\",\"code_challenge\":\"$challenge\",\"code_challenge_method\":\"S256\"}" \
  "$emulator/__emulator/login" | json '["code"]')
expect "the callback under a wrong secret key is 500 misconfigured" "500 misconfigured" \
  "$(curl -s -o "$work/callback.json" -w '%{http_code}' -b "$work/browser" "$app/callback?code=$pkce_code") $(json '["error"]' <"$work/callback.json")"
expect "  ... with a warning naming SAASUS_SECRET_KEY" 1 "$(grep WARN "$work/app.out" | grep 'sign-in callback' | grep -q SAASUS_SECRET_KEY && echo 1 || echo 0)"
expect "  ... and no secret, token or code in the log" 0 "$(grep -c -e "$wrong" -e "$secret" -e "$token" -e "$pkce_code" "$work/app.out" || true)"
# The same app with the right key: a bad token is still 401.
start good env PORT=0 "$target/examples/web_app"
good=$url
expect "/me with the right key and a bad token is 401" 401 "$(status -H 'Authorization: Bearer not-a-token' "$good/me")"
expect "/me with the right key and the token is 200" 200 "$(status -H "Authorization: Bearer $token" "$good/me")"

finish
