#!/usr/bin/env bash
# Instructions per request on the client thread, facade against the
# hand-written reqwest + signing baseline, from callgrind: for each
# scenario and client, a 2 s and a 6 s `--profile-time` run of the requests
# bench, and the slope (Ir(6 s) - Ir(2 s)) / (calls(6 s) - calls(2 s)),
# calls counted into reqwest's `Client::execute_request`. Instruction counts
# do not depend on what else the machine is doing.
#
#   bash benches/callgrind.sh                       # the three one-at-a-time scenarios
#   bash benches/callgrind.sh latency/get_users_1000   # one scenario
#
# Needs valgrind. Builds the bench in release mode into $CARGO_TARGET_DIR
# (default /tmp/target-bench); the callgrind files go to a temporary folder.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-/tmp/target-bench}
scenarios=("$@")
[ ${#scenarios[@]} -gt 0 ] || scenarios=(latency/get_users_1 latency/create_user latency/get_users_1000)

cargo bench -q -p saasus-auth-benches --bench requests --no-run
bin=$(ls -t "$CARGO_TARGET_DIR"/release/deps/requests-* | grep -v '\.d$' | head -1)
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

# Ir and execute_request calls of one callgrind file.
read_counts() {
  python3 - "$1" <<'PY'
import re, sys
ir = calls = 0
lines = open(sys.argv[1]).read().splitlines()
for i, line in enumerate(lines):
    if line.startswith("summary:"):
        ir = int(line.split()[1])
    if line.startswith("cfn=") and "Client::execute_request" in line and i + 1 < len(lines):
        m = re.match(r"calls=(\d+)", lines[i + 1])
        if m:
            calls += int(m.group(1))
print(ir, calls)
PY
}

printf '%-28s %14s %16s %8s\n' scenario facade 'reqwest+signing' ratio
for s in "${scenarios[@]}"; do
  declare -A slope=()
  for c in facade 'reqwest\+signing'; do
    for t in 2 6; do
      valgrind --tool=callgrind --compress-strings=no --compress-pos=no \
        --toggle-collect='requests::common::clients::Client::run*' \
        --callgrind-out-file="$out/cg-$t.out" "$bin" --bench --profile-time "$t" "$s/$c\$" \
        >/dev/null 2>&1
    done
    read -r ir2 calls2 < <(read_counts "$out/cg-2.out")
    read -r ir6 calls6 < <(read_counts "$out/cg-6.out")
    slope[$c]=$(( (ir6 - ir2) / (calls6 - calls2) ))
  done
  f=${slope[facade]}
  b=${slope['reqwest\+signing']}
  printf '%-28s %14d %16d %8s\n' "$s" "$f" "$b" "$(python3 -c "print(f'{$f/$b:.3f}')")"
  unset slope
done
