// node scripts/until-started.mjs <seconds> <command> [args…]
//
// Runs a wasm-bindgen browser suite and starts it again (twice at most) when
// its page never started: no "running N tests" line within <seconds> of the
// runner's "Running headless tests in …" (the clock starts there, so
// compiling the tests, however long, is never cut short).
//
// Why: wasm-bindgen-test-runner serves the test page with tiny_http 0.12,
// whose connection pool (util/task_pool.rs) can queue a new connection behind
// a keep-alive one when the browser opens several at once (`spawn` sees a
// thread "waiting" that a previous spawn already woke). The browser then waits
// minutes for one of the page's module scripts, the page stays at "Loading
// scripts...", and the runner gives up only after its 300 s page-load limit.
// Seen on this 2-core machine in Chromium (a snippet answered after 247 s,
// the request unread in the socket, no thread reading it). It is the
// runner's, not Tessera's: a run whose tests started is never retried, so a
// test that hangs or fails still fails.
import { spawn } from "node:child_process";

const [seconds, command, ...args] = process.argv.slice(2);
const limitMs = Number(seconds) * 1000;
if (!Number.isFinite(limitMs) || limitMs <= 0 || !command) {
  console.error("usage: node scripts/until-started.mjs <seconds> <command> [args…]");
  process.exit(2);
}
const ATTEMPTS = 3;
const RUNNER_UP = /Running headless tests in /;
const STARTED = /^running \d+ tests?$/m;

// The running attempt's process group: stopped with us (it is a group of its
// own, so a Ctrl-C or CI's SIGTERM would not reach it otherwise).
let running = null;
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) {
  process.on(signal, () => {
    try {
      if (running) process.kill(-running.pid, "SIGKILL");
    } catch {}
    process.exit(128 + { SIGINT: 2, SIGTERM: 15, SIGHUP: 1 }[signal]);
  });
}

function attempt(n) {
  return new Promise((resolve) => {
    // Its own process group, so a stalled run is stopped with its browser and driver.
    const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"], detached: true });
    running = child;
    let seen = "";
    let timer = null;
    let started = false;
    let stalled = false;
    const stall = () => {
      stalled = true;
      console.log(`\nuntil-started: attempt ${n}: the test page did not start within ${seconds} s (the runner's server stalled); stopping it`);
      try {
        process.kill(-child.pid, "SIGKILL");
      } catch {}
    };
    const watch = (stream, out) =>
      stream.on("data", (chunk) => {
        out.write(chunk);
        if (started) return;
        seen = (seen + chunk.toString("utf8")).slice(-4096);
        if (STARTED.test(seen)) {
          started = true;
          clearTimeout(timer);
        } else if (!timer && RUNNER_UP.test(seen)) {
          timer = setTimeout(stall, limitMs);
        }
      });
    watch(child.stdout, process.stdout);
    watch(child.stderr, process.stderr);
    child.on("close", (code, signal) => {
      running = null;
      clearTimeout(timer);
      resolve({ code: code ?? (signal ? 1 : 0), stalled });
    });
  });
}

for (let n = 1; n <= ATTEMPTS; n++) {
  const { code, stalled } = await attempt(n);
  if (!stalled) process.exit(code);
  if (n < ATTEMPTS) console.log(`until-started: starting attempt ${n + 1} of ${ATTEMPTS}`);
}
console.log(`until-started: the test page never started in ${ATTEMPTS} attempts`);
process.exit(1);
