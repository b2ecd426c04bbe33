#!/usr/bin/env bash
# Runs client.py (the official MCP Python SDK, mcp==2.3.0, as the client)
# against `saasus-auth mcp` over stdio, the API being the emulator binary.
# Creates the virtualenv on first use.
#
#   bash cli/tests/mcp-client/run.sh
#
# MCP_VENV overrides where the virtualenv lives (default: a directory under
# the system temp dir). Exits with client.py's status.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
cd "$root"

MCP_VERSION="2.3.0"
venv="${MCP_VENV:-${TMPDIR:-/tmp}/saasus-mcp-python-sdk-$MCP_VERSION}"

source tests/python-venv.sh
python_venv "$venv" mcp.client.stdio "mcp==$MCP_VERSION"

cargo build --quiet -p saasus-auth-emulator
cargo build --quiet -p saasus-auth-cli --features saasus-auth-cli/mcp
target_dir="$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')"
emulator="$target_dir/debug/saasus-auth-emulator"
export SAASUS_AUTH_BIN="$target_dir/debug/saasus-auth"

# Known credentials, on both sides, so that the test can look for them in
# the server's stderr.
export SAASUS_SAAS_ID="mcp-test-saas-id"
export SAASUS_API_KEY="mcp-test-api-key-$RANDOM$RANDOM"
export SAASUS_SECRET_KEY="mcp-test-secret-key-$RANDOM$RANDOM"

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
export SAASUS_API_URL_BASE="$base"

status=0
timeout 120 "$py" "$here/client.py" || status=$?
exit "$status"
