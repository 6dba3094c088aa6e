#!/usr/bin/env bash
# Installs whatever Tessera's build, demo and tests need and is missing, and
# skips what is already there. Safe to run any number of times; `npm start` and
# `npm test` both run it first. Every install says what it is doing.
#
#   scripts/setup.sh            everything the demo and the tests need
#   scripts/setup.sh --build    only what building the package needs
#
# Facts this relies on (see DEVELOPERS notes in the README):
# - wasm-pack is installed from crates.io (the npm wasm-pack package needs GitHub).
# - wasm-bindgen-cli must be the exact version of the wasm-bindgen crate in
#   Cargo.lock; it is installed *without* --locked (with it the resolve fails),
#   with scripts/patches/tiny_http-0.12.0-task-pool.patch applied to its test
#   runner's web server.
# - wasm-opt comes from the npm `binaryen` package (node_modules/.bin); Debian's
#   binaryen 108 miscompiles wasm-bindgen output and must never be used.
# - Browsers come from Debian (chromium, chromium-driver, firefox-esr);
#   geckodriver from crates.io. No tool may download a browser of its own.
# - The fuzz targets need the nightly toolchain (preinstalled on our machines;
#   installed with rustup --profile minimal otherwise) and cargo-fuzz from
#   crates.io.
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$(pwd)
MODE=${1:-all}
WASM_PACK_VERSION=0.15.1
GECKODRIVER_VERSION=0.37.1
CARGO_FUZZ_VERSION=0.13.2

export PATH="$HOME/.cargo/bin:$ROOT/node_modules/.bin:$PATH"

say() { printf '\033[1msetup:\033[0m %s\n' "$*"; }
have() { command -v "$1" >/dev/null 2>&1; }

# --- Node packages -----------------------------------------------------------
if ! have node || ! have npm; then
  say "Node.js and npm are required (node >= 20) and were not found on PATH"; exit 1
fi
stamp=node_modules/.tessera-lock
if [ ! -f "$stamp" ] || ! cmp -s package-lock.json "$stamp"; then
  say "installing npm dependencies (npm ci)"
  npm ci --no-audit --no-fund --loglevel=error
  cp package-lock.json "$stamp"
else
  say "npm dependencies: up to date"
fi

# --- Rust toolchain pieces -----------------------------------------------------
if ! have cargo || ! have rustup; then
  say "cargo and rustup are required and were not found"; exit 1
fi
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "installing the Rust target wasm32-unknown-unknown (rustup)"
  rustup target add wasm32-unknown-unknown
fi
for comp in rustfmt clippy; do
  if ! rustup component list --installed | grep -q "^$comp"; then
    say "installing the Rust component $comp (rustup)"
    rustup component add "$comp"
  fi
done

installed_version() { "$1" --version 2>/dev/null | awk 'NR==1 {print $2}'; }

if [ "$(installed_version wasm-pack)" != "$WASM_PACK_VERSION" ]; then
  say "installing wasm-pack $WASM_PACK_VERSION (cargo install, ~3 min)"
  cargo install wasm-pack --version "$WASM_PACK_VERSION" --locked --force
fi

WBG_VERSION=$(awk '/^name = "wasm-bindgen"$/ {getline; gsub(/"/, "", $3); print $3; exit}' Cargo.lock)
if [ -z "$WBG_VERSION" ]; then say "cannot read the wasm-bindgen version from Cargo.lock"; exit 1; fi
# Its test runner serves the test page with tiny_http 0.12, whose thread pool
# can leave one of the page's scripts unanswered for minutes (see
# scripts/patches/tiny_http-0.12.0-task-pool.patch): the install builds it
# with that one-line fix, patched into tiny_http's source from cargo's own
# registry cache. A stamp beside the binary says the installed one has it.
TINY_HTTP_VERSION=0.12.0
RUNNER_STAMP="$HOME/.cargo/.tessera-wasm-bindgen-$WBG_VERSION-tiny_http-task-pool"
if [ "$(installed_version wasm-bindgen)" != "$WBG_VERSION" ] || [ ! -f "$RUNNER_STAMP" ]; then
  say "installing wasm-bindgen-cli $WBG_VERSION to match Cargo.lock, its test runner's tiny_http $TINY_HTTP_VERSION patched (cargo install, ~3.5 min)"
  patched=$(mktemp -d)
  # tiny_http's source as cargo fetches it (a throwaway crate that depends on it).
  mkdir -p "$patched/fetch/src"
  printf '[package]\nname = "tessera-fetch-tiny-http"\nversion = "0.0.0"\nedition = "2021"\n[dependencies]\ntiny_http = "=%s"\n' "$TINY_HTTP_VERSION" > "$patched/fetch/Cargo.toml"
  : > "$patched/fetch/src/lib.rs"
  cargo fetch --quiet --manifest-path "$patched/fetch/Cargo.toml"
  src=$(cargo metadata --format-version 1 --manifest-path "$patched/fetch/Cargo.toml" \
    | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const p=JSON.parse(s).packages.find(p=>p.name==="tiny_http");process.stdout.write(require("path").dirname(p.manifest_path))})')
  cp -r "$src" "$patched/tiny_http"
  chmod -R u+w "$patched/tiny_http"
  (cd "$patched/tiny_http" && git apply -p1 "$ROOT/scripts/patches/tiny_http-$TINY_HTTP_VERSION-task-pool.patch")
  cargo install wasm-bindgen-cli --version "$WBG_VERSION" --force \
    --config "patch.crates-io.tiny_http.path=\"$patched/tiny_http\""
  rm -rf "$patched"
  rm -f "$HOME"/.cargo/.tessera-wasm-bindgen-*-tiny_http-task-pool
  touch "$RUNNER_STAMP"
fi

if ! "$ROOT/node_modules/.bin/wasm-opt" --version >/dev/null 2>&1; then
  say "wasm-opt from the npm binaryen package is missing: run 'npm ci'"; exit 1
fi

[ "$MODE" = "--build" ] && { say "build tools ready"; exit 0; }

# --- Fuzzing (scripts/fuzz.sh: npm test runs each target briefly) -------------
# cargo fuzz needs the nightly toolchain (libFuzzer's instrumentation flags).
if ! rustup run nightly cargo --version >/dev/null 2>&1; then
  say "installing the nightly Rust toolchain for cargo fuzz (rustup toolchain install nightly --profile minimal)"
  if ! rustup toolchain install nightly --profile minimal || ! rustup run nightly cargo --version >/dev/null 2>&1; then
    say "ERROR: the nightly toolchain is missing and could not be installed; the fuzz targets cannot run."
    say "Install it with: rustup toolchain install nightly --profile minimal"
    exit 1
  fi
fi
if [ "$(installed_version cargo-fuzz)" != "$CARGO_FUZZ_VERSION" ]; then
  say "installing cargo-fuzz $CARGO_FUZZ_VERSION (cargo install --locked, ~2 min)"
  cargo install cargo-fuzz --version "$CARGO_FUZZ_VERSION" --locked --force
fi

# --- Browsers ------------------------------------------------------------------
apt_updated=0
apt_install() {
  if [ "$(id -u)" != 0 ]; then
    say "need the Debian packages: $* — run as root, or install them: apt-get install -y $*"; exit 1
  fi
  if [ "$apt_updated" = 0 ]; then
    say "refreshing the Debian package lists (apt-get update)"
    apt-get update -qq
    apt_updated=1
  fi
  say "installing Debian packages: $* (apt-get)"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
[ -x /usr/bin/chromedriver ] || missing+=(chromium-driver)
have firefox-esr || have firefox || missing+=(firefox-esr)
[ ${#missing[@]} -eq 0 ] || apt_install "${missing[@]}"

if [ "$(installed_version geckodriver)" != "$GECKODRIVER_VERSION" ]; then
  say "installing geckodriver $GECKODRIVER_VERSION (cargo install, ~2 min)"
  cargo install geckodriver --version "$GECKODRIVER_VERSION" --locked --force
fi

say "everything is installed"
