// A stand-in for a card issuer's 3-D Secure challenge page, on its own
// loopback origin, for e2e/challenge.test.mjs. It is a real HTTP server with a
// plain HTML form (no JavaScript): a password field that POSTs back, and a 303
// to the challenge's return_url with `secure_token_id=` when the shopper is
// done (right password, three wrong ones, or Cancel).
//
// The sandbox's real issuer listener (issue 12: the challenge page on the
// sandbox's second loopback listener) replaces this stand-in once it is
// merged; the dialog tests then run against that page instead.
import { createServer } from "node:http";
import { randomBytes } from "node:crypto";

export const PASSWORD = "123456";

function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function page(challenge, message) {
  const target = challenge.breakout ? ' target="_top"' : "";
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Example Issuer: confirm your payment</title></head>
<body>
<h1>Example Issuer</h1>
<p>Confirm a payment of ¥${escapeHtml(challenge.amount)} to Tessera Shop with the card ending in 5000.</p>
${message ? `<p id="message" role="alert">${escapeHtml(message)}</p>` : ""}
<form method="post" action="/challenges/${challenge.id}"${target}>
<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="one-time-code">
<button type="submit" name="action" value="confirm">Confirm</button>
<button type="submit" name="action" value="cancel">Cancel</button>
</form>
</body>
</html>
`;
}

async function readForm(req) {
  let body = "";
  for await (const chunk of req) {
    body += chunk;
    if (body.length > 10_000) break;
  }
  return new URLSearchParams(body);
}

/**
 * Starts the stand-in on 127.0.0.1 (any free port). `shopOrigins` may frame
 * it and receive its form's redirect. Resolves to
 * { origin, create({ returnUrl, amount, breakout }) → { id, url },
 *   approve(id), challenge(id), requests, close() }.
 * `breakout` makes the form post to the top-level window (target="_top"), as
 * issuer pages that break out of frames do. `approve` finishes a challenge on
 * the issuer's side, as a shopper approving in the bank's app would.
 */
export async function startIssuerStandIn({ shopOrigins }) {
  const challenges = new Map();
  const requests = [];
  const csp = [
    "default-src 'none'",
    "style-src 'self'",
    "base-uri 'none'",
    `form-action 'self' ${shopOrigins.join(" ")}`,
    `frame-ancestors ${shopOrigins.join(" ")}`,
  ].join("; ");

  const server = createServer(async (req, res) => {
    const url = new URL(req.url, "http://issuer.invalid");
    requests.push({ method: req.method, path: url.pathname, referer: req.headers.referer ?? null });
    if (url.pathname === "/favicon.ico") {
      res.writeHead(204, { "Cache-Control": "no-store" });
      return res.end();
    }
    const match = /^\/challenges\/([a-z0-9]+)$/.exec(url.pathname);
    const challenge = match && challenges.get(match[1]);
    const html = (status, body) => {
      res.writeHead(status, { "Content-Type": "text/html; charset=utf-8", "Content-Security-Policy": csp, "Cache-Control": "no-store" });
      res.end(body);
    };
    const back = (status) => {
      challenge.status = status;
      const to = new URL(challenge.returnUrl);
      to.searchParams.set("secure_token_id", challenge.id);
      res.writeHead(303, { Location: to.href, "Cache-Control": "no-store" });
      res.end();
    };
    if (!challenge) return html(404, "<!doctype html><title>Not found</title><p>No such challenge.</p>");
    if (req.method === "GET") return html(200, page(challenge, challenge.status === "pending" ? "" : "This challenge is over."));
    if (req.method !== "POST") {
      res.writeHead(405, { Allow: "GET, POST" });
      return res.end();
    }
    const form = await readForm(req);
    if (challenge.status !== "pending") return html(409, page(challenge, "This challenge is over."));
    if (form.get("action") === "cancel") return back("cancelled");
    if (form.get("password") === PASSWORD) return back("ok");
    challenge.attempts += 1;
    if (challenge.attempts >= 3) return back("errored");
    return html(200, page(challenge, `Wrong password (${3 - challenge.attempts} tries left).`));
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const origin = `http://127.0.0.1:${server.address().port}`;

  return {
    origin,
    requests,
    create({ returnUrl, amount = 1200, breakout = false }) {
      const id = `tok${randomBytes(8).toString("hex")}`;
      challenges.set(id, { id, returnUrl, amount, breakout, status: "pending", attempts: 0 });
      return { id, url: `${origin}/challenges/${id}` };
    },
    approve(id) {
      const challenge = challenges.get(id);
      if (challenge && challenge.status === "pending") challenge.status = "ok";
    },
    challenge: (id) => challenges.get(id),
    close: () => new Promise((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}
