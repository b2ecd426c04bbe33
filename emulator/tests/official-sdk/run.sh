#!/usr/bin/env bash
# Runs flows.py (the official SaaSus Python SDK, which this project did not
# write) against the emulator binary. Creates the virtualenv on first use.
#
#   bash emulator/tests/official-sdk/run.sh
#
# SDK_VENV overrides where the virtualenv lives (default: a directory under
# the system temp dir). Exits with flows.py's status.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
cd "$root"

# The official SDK, pinned. It imports pydantic (v2) without declaring it,
# so pydantic is pinned beside it.
SDK_VERSION="0.2.0.dev20250404074154"
PYDANTIC_VERSION="2.14.4"
venv="${SDK_VENV:-${TMPDIR:-/tmp}/saasus-official-python-sdk-$SDK_VERSION}"

source tests/python-venv.sh
python_venv "$venv" "saasus_sdk_python, pydantic" \
  "saasus-sdk-python==$SDK_VERSION" "pydantic==$PYDANTIC_VERSION"

cargo build --quiet -p saasus-auth-emulator
target_dir="$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')"
emulator="$target_dir/debug/saasus-auth-emulator"

# Known credentials, on both sides.
export SAASUS_SAAS_ID="official-sdk-saas-id"
export SAASUS_API_KEY="official-sdk-api-key"
export SAASUS_SECRET_KEY="official-sdk-secret-key"

log="$(mktemp)"
coproc EMU { exec "$emulator" --port 0 2>"$log"; }
emu_pid=$EMU_PID
stop() {
  kill "$emu_pid" 2>/dev/null || true
  wait "$emu_pid" 2>/dev/null || true
  rm -f "$log"
}
trap stop EXIT

first=""
if ! IFS= read -r -t 20 first <&"${EMU[0]}"; then
  echo "error: the emulator did not start:" >&2
  cat "$log" >&2
  exit 1
fi
base="${first#listening on }"
case "$base" in
  http://127.0.0.1:*) ;;
  *) echo "error: unexpected first line from the emulator: $first" >&2; exit 1 ;;
esac
echo "emulator at $base"

# The SDK reads SAASUS_BASE_URL (default https://api.saasus.io/v1) and
# appends /auth; SAASUS_API_URL_BASE is not read by it.
status=0
SAASUS_BASE_URL="$base/v1" timeout 60 "$py" "$here/flows.py" || status=$?
exit "$status"
