#!/usr/bin/env bash
# `npm run bench`: builds the release package and measures it against its
# peers (size, validation speed in Node and Chromium, start-up, the isolated
# card fields' parent script and time to interactive inputs, tokenization
# overhead, memory). Prints a table; writes bench/results/latest.json and
# bench/results/bench.svg (a full run also refreshes docs/bench.svg).
#
#   npm run bench                    the full bench (~2 min after the build)
#   npm run bench -- --quick         small inputs, few rounds (~30 s): proves
#                                    the bench works; writes quick.json/.svg
#   npm run bench -- --no-build      measure dist/ as it is
#
# Exits non-zero only when the bench itself breaks, never on its numbers.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)

say() { printf '\033[1mbench:\033[0m %s\n' "$*"; }
QUICK=0
for arg in "$@"; do [ "$arg" = "--quick" ] && QUICK=1; done

bash scripts/setup.sh --build
export PATH="$ROOT/node_modules/.bin:$HOME/.cargo/bin:$PATH"

# twiggy attributes the .wasm's bytes (the bench also reads the name section
# itself, so a quick run does not wait for this install).
TWIGGY_VERSION=0.8.0
if [ "$(twiggy --version 2>/dev/null | awk '{print $2}')" != "$TWIGGY_VERSION" ]; then
  if [ "$QUICK" = 1 ]; then
    say "twiggy is not installed; the quick run skips it (a full run installs it)"
  else
    say "installing twiggy $TWIGGY_VERSION for the .wasm size breakdown (cargo install --locked, ~3 min)"
    cargo install twiggy --version "$TWIGGY_VERSION" --locked
  fi
else
  say "twiggy $TWIGGY_VERSION: installed"
fi

[ -x /usr/bin/chromium ] || [ -n "${CHROMIUM:-}" ] || { say "Chromium (/usr/bin/chromium) is required: run scripts/setup.sh"; exit 1; }

say "building the sandbox (cargo build -p tessera-sandbox)"
cargo build -p tessera-sandbox --quiet

exec node bench/run.mjs "$@"
