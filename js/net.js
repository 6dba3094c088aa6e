// Timers, abort signals and random keys for the tokens client
// (src/client/transport.rs). Small on purpose: the decisions stay in Rust.

// Aborts `controller` after `ms` with a TimeoutError; returns the timer id.
export function startTimer(ms, controller) {
  return setTimeout(() => controller.abort(new DOMException("Tessera: the request timed out", "TimeoutError")), ms);
}

export function stopTimer(id) {
  clearTimeout(id);
}

// Aborts `controller` when the caller's `signal` aborts. Returns the listener
// (to remove later), or null when there is no signal.
export function linkSignal(signal, controller) {
  if (!signal) return null;
  if (signal.aborted) {
    controller.abort(signal.reason);
    return null;
  }
  const listener = () => controller.abort(signal.reason);
  signal.addEventListener("abort", listener, { once: true });
  return listener;
}

export function unlinkSignal(signal, listener) {
  if (signal && listener) signal.removeEventListener("abort", listener);
}

// Resolves after `ms`, or rejects as soon as `signal` aborts.
export function delay(ms, signal) {
  return new Promise((resolve, reject) => {
    if (signal && signal.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      if (signal) signal.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    if (signal) signal.addEventListener("abort", onAbort, { once: true });
  });
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
