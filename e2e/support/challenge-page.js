// The browser side of the challenge test page (served by challenge-shop.mjs
// under a strict CSP): imports the module under test, collects the page's own
// securitypolicyviolation events, and keeps every run's outcome for the test.
import { SANDBOX, handleChallenge, runChallenge } from "/js/challenge.js";
import { TesseraError } from "/js/error.js";

const violations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  violations.push(`${event.effectiveDirective} blocked ${event.blockedURI || "inline"}`);
});

const runs = [];
const pollCalls = [];

// Records how a run ends; `settle(i)` resolves to that record.
function track(promise) {
  const record = promise.then(
    (value) => ({ state: "resolved", value }),
    (error) => ({
      state: "rejected",
      isTesseraError: error instanceof TesseraError,
      name: error && error.name,
      type: error && error.type,
      code: error && error.code,
      message: error && error.message,
    }),
  );
  runs.push(record);
  return runs.length - 1;
}

// A `poll` that asks the shop's server whether challenge `id` is finished.
function statusPoll(id) {
  return async (signal) => {
    pollCalls.push(id);
    const response = await fetch(`/status/${id}`, { signal });
    return (await response.json()).finished === true;
  };
}

window.challenge = {
  SANDBOX,
  runChallenge,
  handleChallenge,
  track,
  statusPoll,
  pollCalls,
  violations,
  settle: (i) => runs[i],
};

// The Pay button opens the challenge set up in `window.nextChallenge`
// ({ url, options }), as a checkout's click handler would.
document.getElementById("pay").addEventListener("click", () => {
  const { url, options } = window.nextChallenge;
  window.lastRun = track(runChallenge(url, options));
});

document.documentElement.dataset.ready = "1";
