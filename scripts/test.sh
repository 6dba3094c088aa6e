#!/usr/bin/env bash
# `npm test`: every check and every test suite, in order, on a machine that
# scripts/setup.sh has just completed. Exits non-zero on the first failure and
# ends with each suite's count and one closing "N passed, N failed" line.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)

bash scripts/setup.sh
export PATH="$ROOT/node_modules/.bin:$HOME/.cargo/bin:$PATH"
export CARGO_TERM_COLOR=never

LOGDIR=$(mktemp -d)
SUMMARY=()
TOTAL_PASS=0
TOTAL_FAIL=0
PIDS=()
cleanup() {
  for pid in "${PIDS[@]:-}"; do [ -n "$pid" ] && kill "$pid" 2>/dev/null || true; done
  rm -rf "$LOGDIR"
}
trap cleanup EXIT

step() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }

# Runs a test suite, shows its output, and adds its counts to the summary.
# $1 = label, $2 = parser (cargo|node|fuzz|check), rest = command. The fuzz
# parser counts each `fuzz: <target> ok` line as a passed check and each
# `fuzz: <target> FAILED` as a failed one (scripts/fuzz.sh prints them); the
# check parser counts the command itself as one check.
suite() {
  local label=$1 parser=$2; shift 2
  step "$label: $*"
  local log="$LOGDIR/suite.log" status=0
  "$@" 2>&1 | tee "$log" || status=${PIPESTATUS[0]}
  local pass=0 fail=0
  if [ "$parser" = cargo ]; then
    pass=$(grep -aE '^test result: ' "$log" | sed -E 's/.* ([0-9]+) passed; ([0-9]+) failed.*/\1/' | awk '{s+=$1} END {print s+0}')
    fail=$(grep -aE '^test result: ' "$log" | sed -E 's/.* ([0-9]+) passed; ([0-9]+) failed.*/\2/' | awk '{s+=$1} END {print s+0}')
  elif [ "$parser" = check ]; then
    if [ "$status" -eq 0 ]; then pass=1; else fail=1; fi
  elif [ "$parser" = fuzz ]; then
    pass=$(grep -acE '^fuzz: [^ ]+ ok' "$log" || true)
    fail=$(grep -acE '^fuzz: [^ ]+ FAILED' "$log" || true)
  else
    pass=$(grep -aE '^# pass [0-9]+' "$log" | awk '{s+=$3} END {print s+0}')
    fail=$(grep -aE '^# fail [0-9]+' "$log" | awk '{s+=$3} END {print s+0}')
  fi
  pass=${pass:-0}; fail=${fail:-0}
  SUMMARY+=("$(printf '%-34s %5d passed, %d failed' "$label" "$pass" "$fail")")
  TOTAL_PASS=$((TOTAL_PASS + pass)); TOTAL_FAIL=$((TOTAL_FAIL + fail))
  if [ "$status" -ne 0 ]; then
    echo "npm test: $label failed (exit $status)"; print_summary; exit "$status"
  fi
  if [ "$pass" -eq 0 ]; then
    echo "npm test: $label ran no test"; print_summary; exit 1
  fi
}

print_summary() {
  printf '\n\033[1m==> summary\033[0m\n'
  for line in "${SUMMARY[@]}"; do echo "$line"; done
  echo "$TOTAL_PASS passed, $TOTAL_FAIL failed"
}

step "cargo fmt --check"
cargo fmt --all -- --check

step "clippy (host, all targets, -D warnings)"
cargo clippy --workspace --all-targets --quiet -- -D warnings

step "clippy (wasm32, all targets, -D warnings)"
cargo clippy -p tessera --target wasm32-unknown-unknown --all-targets --quiet -- -D warnings

step "clippy (wasm32, the no_std npm build, -D warnings)"
cargo clippy -p tessera --target wasm32-unknown-unknown --lib --no-default-features --quiet -- -D warnings

suite "native (cargo test --workspace)" cargo cargo test --workspace

# Each fuzz target for a few seconds from its seed corpus (npm run fuzz: longer).
suite "fuzz (cargo fuzz, 8 s per target)" fuzz env FUZZ_SECONDS=8 bash scripts/fuzz.sh

step "release build (npm run build)"
node scripts/build.mjs

# The browser and Node suites talk to a real sandbox on loopback, cross-origin
# from the test page. Its URL is compiled into the tests (a missing URL fails).
step "starting the sandbox"
cargo build -p tessera-sandbox --quiet
PORT_FILE="$LOGDIR/sandbox.url"
"${CARGO_TARGET_DIR:-$ROOT/target}/debug/tessera-sandbox" --listen 127.0.0.1:0 --port-file "$PORT_FILE" > "$LOGDIR/sandbox.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 1 100); do [ -s "$PORT_FILE" ] && break; sleep 0.1; done
[ -s "$PORT_FILE" ] || { echo "npm test: the sandbox did not start"; cat "$LOGDIR/sandbox.log"; exit 1; }
export TESSERA_SANDBOX_URL=$(cat "$PORT_FILE")
echo "sandbox at $TESSERA_SANDBOX_URL"

# Without debug info (the debug module is 23 MB; 3.7 MB without; panics
# still print their messages). The test runner's web server (tiny_http) could
# stall one of the test page's scripts for minutes: setup.sh installs the
# runner with a fix (scripts/patches/), and, as a safety net, a page that has
# not started its tests within 60 s of the runner opening the browser (it
# takes about 3; compiling is not counted) is started again, saying so
# (scripts/until-started.mjs); a run whose tests started is never retried.
suite "wasm in Chromium (wasm-pack test)" cargo node scripts/until-started.mjs 60 env CARGO_PROFILE_DEV_DEBUG=0 wasm-pack test --headless --chrome -- --test browser
suite "wasm in Firefox (wasm-pack test)" cargo node scripts/until-started.mjs 60 env CARGO_PROFILE_DEV_DEBUG=0 wasm-pack test --headless --firefox -- --test browser
suite "wasm in Node (wasm-pack test)" cargo env CARGO_PROFILE_DEV_DEBUG=0 wasm-pack test --node -- --test node
# What a release build leaves in wasm memory differs (a leak through a stack
# buffer showed only there): the memory tests again, on the shipped profile.
suite "wasm memory, release (Node)" cargo wasm-pack test --node --release -- --test node -- memory

if [ -d e2e ]; then
  # A test that hangs fails by name after 5 minutes instead of holding CI.
  suite "end to end (node --test e2e/)" node node --test --test-concurrency=1 --test-timeout=300000 e2e/
fi

# The bench is not a test and fails no build on its numbers: this proves it
# still runs (small inputs, few rounds), on the release build just tested.
suite "bench, quick (npm run bench)" check bash scripts/bench.sh --quick --no-build

print_summary
[ "$TOTAL_FAIL" -eq 0 ]
