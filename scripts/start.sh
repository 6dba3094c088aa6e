#!/usr/bin/env bash
# `npm start`: installs what is missing (and says what), builds the release
# package and the sandbox, then runs the demo shop against the sandbox.
#   PORT=3000 SANDBOX_PORT=0 npm start
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$(pwd)/node_modules/.bin:$PATH"

bash scripts/setup.sh --build
echo "start: building the release package (node scripts/build.mjs)"
node scripts/build.mjs
echo "start: building the sandbox (cargo build -p tessera-sandbox)"
cargo build -p tessera-sandbox --quiet
exec node scripts/start.mjs
