// The shop's calls to the KOMOJU-compatible API, always with the secret key
// (server side only). Answers { status, body } with the parsed JSON (or null),
// or throws a KomojuUnreachable when no answer came.
const TIMEOUT_MS = 15_000;

export class KomojuUnreachable extends Error {
  constructor(timedOut) {
    super(timedOut ? "The payment service did not answer in time." : "The payment service could not be reached.");
    this.code = timedOut ? "payment_timeout" : "payment_unreachable";
  }
}

/** `method` `path` on `apiBase` with `secretKey`; `body` is sent as JSON. */
export async function komoju(method, path, body, { apiBase, secretKey, fetchImpl = fetch }) {
  let response;
  try {
    response = await fetchImpl(new URL(path, apiBase), {
      method,
      headers: {
        Authorization: "Basic " + Buffer.from(`${secretKey}:`).toString("base64"),
        Accept: "application/json",
        ...(body === undefined ? {} : { "Content-Type": "application/json" }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (error) {
    throw new KomojuUnreachable(error && error.name === "TimeoutError");
  }
  let parsed = null;
  try {
    parsed = await response.json();
  } catch {
    parsed = null;
  }
  return { status: response.status, body: parsed };
}
