// Verifying KOMOJU's webhooks: `X-Komoju-Signature` is the lower-case hex
// HMAC-SHA256 of the raw request body, keyed with the webhook's secret.
// Compute it over the bytes exactly as received (never a re-serialised
// JSON) and compare in constant time.
import { createHmac, timingSafeEqual } from "node:crypto";

/** The hex HMAC-SHA256 of `raw` (a Buffer) keyed with `secret`. */
export function sign(raw, secret) {
  return createHmac("sha256", secret).update(raw).digest("hex");
}

/**
 * Whether `signature` (the header's value, maybe missing) is the signature
 * of `raw` under `secret`. Constant time in the signature's content.
 */
export function verifySignature(raw, signature, secret) {
  if (typeof signature !== "string" || !/^[0-9a-f]{64}$/i.test(signature.trim())) return false;
  const expected = Buffer.from(sign(raw, secret), "hex");
  const given = Buffer.from(signature.trim(), "hex");
  return given.length === expected.length && timingSafeEqual(given, expected);
}
