// The I/O of every API call: fetch, timers and abort signals, for the
// Tokenizer class (src/wasm/tokenizer.rs) and the Rust client
// (src/wasm/client.rs, through src/wasm/net.rs). Small on purpose and free of
// decisions: the Rust exchange reads every answer and says whether and when
// to try again.

import { runChallenge } from "./challenge.js";
import { TesseraError } from "./error.js";

const CUSTOM_POLL_MS = 3000;

// One request (`method` "GET" or "POST"; `body` undefined for a GET) with its own deadline, linked to the caller's `signal`. Resolves to
// [status, Retry-After, body parsed as JSON or undefined, timedOut], with
// status 0 when there was no answer (or `signal` had aborted). Never rejects.
export async function attempt(method, url, headers, body, ms, signal) {
  const controller = new AbortController();
  const abort = () => controller.abort();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    abort();
  }, ms);
  signal?.addEventListener("abort", abort);
  try {
    if (signal?.aborted) throw 0;
    const response = await fetch(url, { method, headers, body, signal: controller.signal });
    const text = await response.text();
    let json;
    try {
      json = JSON.parse(text);
    } catch {}
    return [response.status, response.headers.get("Retry-After"), json, false];
  } catch {
    return [0, null, undefined, timedOut];
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener("abort", abort);
  }
}

// Resolves after `ms`, or as soon as `signal` aborts.
export function delay(ms, signal) {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.aborted ? done() : signal?.addEventListener("abort", done);
  });
}

// Drives one call of the Tokenizer class: sends, hands what each
// attempt came to to `exchange` (Rust), and waits as long as it says. It
// returns the call's result or throws the TesseraError; an abort during a
// wait is reported by the next attempt.
export async function send(exchange, method, url, headers, body, ms, signal) {
  try {
    for (;;) {
      const next = exchange.step(...(await attempt(method, url, headers, body, ms, signal)));
      if (typeof next !== "number") return next;
      await delay(next, signal);
    }
  } finally {
    exchange.free();
  }
}

// Drives one call of several requests (createSecureToken, paySession,
// resume): sends `request` ([method, url, headers, body, timeoutMs]), hands
// what each attempt came to to `flow` (Rust), and does what it says next:
// wait and send again, send another request, or show the issuer's challenge
// (`challenge`: { mode, container?, locale }) with a `poll` that asks `flow`
// whether a read says it is over, then send the read `flow.challenged()`
// gives. Returns the result or throws the TesseraError.
export async function drive(flow, request, challenge, signal) {
  try {
    for (;;) {
      const next = flow.step(...(await attempt(...request, signal)));
      if (next[0] === "wait") await delay(next[1], signal);
      else if (next[0] === "send") request = next[1];
      else if (next[0] === "challenge") {
        const poll = next[3];
        const isFinal = async (s) => flow.isFinal(...(await attempt(...poll, s)));
        if (challenge && challenge.mode === "custom") await showCustom(challenge.show, next[1], next[2], isFinal, signal);
        else await runChallenge(next[1], { ...challenge, returnUrl: next[2], signal, poll: isFinal });
        request = flow.challenged();
      } else return next[1];
    }
  } finally {
    flow.free();
  }
}

// The challenge shown by the caller (`challenge: { mode: "custom", show }`):
// `show(url, { returnUrl, signal })` resolves when the shopper is done and
// rejects to cancel. Meanwhile the resource is read every few seconds; when a
// read says it is over, `signal` is aborted and the flow goes on. Whatever
// `show` says, the flow then reads the result itself: `show` decides nothing
// but when to look. A rejection that is not a TesseraError counts as the
// shopper cancelling. An abort of the caller's `signal` is reported by the
// next attempt.
async function showCustom(show, url, returnUrl, isFinal, signal) {
  const controller = new AbortController();
  const stop = () => controller.abort();
  signal?.addEventListener("abort", stop);
  const polled = (async () => {
    for (;;) {
      await delay(CUSTOM_POLL_MS, controller.signal);
      if (controller.signal.aborted) return new Promise(() => {});
      try {
        if (await isFinal(controller.signal)) return;
      } catch {}
    }
  })();
  try {
    await Promise.race([Promise.resolve().then(() => show(url, { returnUrl, signal: controller.signal })), polled]);
  } catch (error) {
    if (signal?.aborted) return;
    if (error instanceof TesseraError) throw error;
    const cancelled = new TesseraError("abort_error", "three_d_secure_cancelled", "The card's authentication was cancelled.");
    cancelled.cause = error;
    throw cancelled;
  } finally {
    signal?.removeEventListener("abort", stop);
    controller.abort();
  }
}

// A random key for X-KOMOJU-IDEMPOTENCY.
export function randomKey() {
  if (globalThis.crypto && typeof globalThis.crypto.randomUUID === "function") return globalThis.crypto.randomUUID();
  const bytes = new Uint8Array(16);
  globalThis.crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

// Whether a value is an AbortSignal (so options.signal can be checked).
export function isAbortSignal(value) {
  return typeof AbortSignal !== "undefined" && value instanceof AbortSignal;
}
