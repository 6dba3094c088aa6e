#!/usr/bin/env node
// `npm start` (after scripts/start.sh has built everything): runs the sandbox
// and the demo shop on loopback, on different ports so the page's tokens call
// is cross-origin, and serves until Ctrl-C. The sandbox also serves Tessera's
// card frame (dist/fields/) for the shop's origin: /fields.html pays through it.
//
//   PORT=3000          the shop's port (default 3000; a free one if taken)
//   SANDBOX_PORT=0     the sandbox's port (default: any free port)
import { PUBLISHABLE_KEY, SECRET_KEY, WEBHOOK_SECRET, startStack } from "./stack.mjs";

function port(name, fallback) {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0 || value > 65535) {
    console.error(`start: ${name}=${raw} is not a port number`);
    process.exit(2);
  }
  return value;
}

const shopPort = port("PORT", 3000);
const stack = await startStack({
  shopPort,
  sandboxPort: port("SANDBOX_PORT", 0),
  logLine: (line) => console.log(`shop: ${line}`),
});

const shopPortInUse = Number(new URL(stack.shopUrl).port);
console.log("");
console.log(`  Shop (checkout):        ${stack.shopUrl}/`);
console.log(`  Script-tag checkout:    ${stack.shopUrl}/script-tag.html`);
if (stack.fieldsUrl) console.log(`  Card fields in a frame: ${stack.shopUrl}/fields.html   (the frame: ${stack.fieldsUrl})`);
else console.log("  Card fields in a frame: dist/fields/ is missing (node scripts/build.mjs builds it)");
console.log(`  Sandbox (payments API): ${stack.sandboxUrl}`);
console.log(`  Issuer (3-D Secure):    ${stack.issuerUrl}   (challenge card 4100 0000 0000 5000, password 123456)`);
console.log(`  Publishable key:        ${PUBLISHABLE_KEY}   (the browser's)`);
console.log(`  Secret key:             ${SECRET_KEY}   (the shop's server only)`);
console.log(`  Webhook secret:         ${WEBHOOK_SECRET}   (signs the sandbox's webhooks to ${stack.shopUrl}/webhooks/komoju)`);
if (shopPort !== 0 && shopPortInUse !== shopPort) console.log(`  (port ${shopPort} was taken, so the shop uses ${shopPortInUse})`);
console.log("  Test cards: 4111 1111 1111 1111 pays; 4123 1111 1111 1000 is declined (insufficient funds).");
console.log("  Konbini: pick a store and give an email; the order links to sample payment instructions.");
console.log("  Press Ctrl-C to stop.");
console.log("");

let stopping = false;
async function stop(signal) {
  if (stopping) return;
  stopping = true;
  console.log(`\nstart: ${signal}, stopping the shop and the sandbox`);
  await stack.close();
  process.exit(0);
}
process.on("SIGINT", () => stop("SIGINT"));
process.on("SIGTERM", () => stop("SIGTERM"));
stack.sandbox.process.once("exit", (code, signal) => {
  // Ctrl-C in a terminal reaches the sandbox too; let our own handler win.
  setTimeout(() => {
    if (stopping) return;
    stopping = true;
    console.error(`start: the sandbox exited (${code ?? signal}); stopping the shop\n${stack.sandbox.output()}`);
    stack.close().then(() => process.exit(1));
  }, 200);
});
