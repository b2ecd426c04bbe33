# Shared by the end-to-end scripts in this folder (`source`d, not run):
# builds the binaries they drive, starts servers in this shell and ends
# every one of them with the script (on success, failure, Ctrl-C or
# SIGTERM), then checks that none is still running or listening; and the
# `expect` / `status` / `json` helpers with the pass/fail count that
# `finish` reports.
#
# After `source tests/acceptance/lib.sh`: $target (the debug directory),
# $work (a scratch folder removed at the end), `start NAME COMMAND...`
# (sets $url), `expect NAME WANTED GOT`, `status CURL-ARGS...`,
# `json PYTHON-SUBSCRIPT`, `finish`.

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

finish() { # the summary line; non-zero when any expectation failed
  echo "$passed passed, $failures failed"
  [ "$failures" -eq 0 ]
}
