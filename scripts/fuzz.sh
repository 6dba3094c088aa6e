#!/usr/bin/env bash
# `npm run fuzz`: runs every fuzz target in fuzz/fuzz_targets/ (cargo-fuzz and
# libFuzzer, on the nightly toolchain that scripts/setup.sh checks), each for
# FUZZ_SECONDS, starting from the committed seed corpus fuzz/corpus/<target>/.
# What a run discovers goes to a temporary corpus, so the seeds stay as
# committed; a crash, a panic, a failed assertion or an input slower than 10 s
# fails the target and is saved under fuzz/artifacts/<target>/ (replay it with
# `cargo +nightly fuzz run <target> fuzz/artifacts/<target>/<file>`).
#
# Prints one line per target, `fuzz: <target> ok` or `fuzz: <target> FAILED`,
# which `npm test` (FUZZ_SECONDS=8) counts in its summary.
#
#   npm run fuzz                          60 s per target
#   FUZZ_SECONDS=600 npm run fuzz         longer
#   bash scripts/fuzz.sh expiry           one target
#   FUZZ_SANITIZER=address npm run fuzz   with AddressSanitizer (the default is
#                                         none: the code under test is safe
#                                         Rust, and the build is twice as fast)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
export PATH="$HOME/.cargo/bin:$PATH"

SECONDS_EACH=${FUZZ_SECONDS:-60}
SANITIZER=${FUZZ_SANITIZER:-none}
TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}/fuzz"
FUZZ=(cargo +nightly fuzz)
OPTS=(--fuzz-dir fuzz --sanitizer "$SANITIZER" --target-dir "$TARGET_DIR")

if ! command -v cargo-fuzz >/dev/null 2>&1; then
  echo "fuzz: cargo-fuzz is not installed: run scripts/setup.sh"; exit 1
fi

targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  mapfile -t targets < <("${FUZZ[@]}" list --fuzz-dir fuzz)
fi

echo "fuzz: building ${#targets[@]} targets (sanitizer: $SANITIZER)"
"${FUZZ[@]}" build "${OPTS[@]}"

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
failed=0
for target in "${targets[@]}"; do
  mkdir -p "$WORK/$target" "$ROOT/fuzz/artifacts/$target"
  args=(-max_total_time="$SECONDS_EACH" -timeout=10 -rss_limit_mb=2048
        -artifact_prefix="$ROOT/fuzz/artifacts/$target/")
  [ -f "fuzz/dict/$target.dict" ] && args+=(-dict="$ROOT/fuzz/dict/$target.dict")
  echo "fuzz: running $target for ${SECONDS_EACH}s"
  if "${FUZZ[@]}" run "${OPTS[@]}" "$target" "$WORK/$target" "$ROOT/fuzz/corpus/$target" -- "${args[@]}" \
      > "$WORK/$target.log" 2>&1; then
    runs=$(grep -aoE 'Done [0-9]+ runs' "$WORK/$target.log" | awk '{print $2}')
    echo "fuzz: $target ok (${runs:-?} runs, corpus $(ls "$WORK/$target" | wc -l) new entries)"
  else
    tail -n 40 "$WORK/$target.log"
    echo "fuzz: $target FAILED (the input is in fuzz/artifacts/$target/)"
    failed=1
  fi
done
exit "$failed"
