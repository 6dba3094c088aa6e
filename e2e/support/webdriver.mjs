// A small W3C WebDriver client (the classic HTTP protocol) for the tests
// that Playwright cannot run: Debian's firefox-esr, driven by geckodriver
// (both installed by scripts/setup.sh). Only the commands the tests use:
// sessions, navigation, elements, frames, keys, clicks and scripts.
import { spawn } from "node:child_process";
import { createServer } from "node:net";

export const FIREFOX = process.env.TESSERA_FIREFOX || "/usr/bin/firefox-esr";
const GECKODRIVER = process.env.GECKODRIVER || `${process.env.HOME}/.cargo/bin/geckodriver`;
// The W3C key for "this JSON object is an element".
const ELEMENT = "element-6066-11e4-a52e-4f735466cecf";

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function call(base, method, path, body) {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: body === undefined ? {} : { "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = await response.json();
  if (!response.ok) {
    const e = json.value ?? {};
    throw new Error(`webdriver ${method} ${path}: ${e.error}: ${e.message}`);
  }
  return json.value;
}

/** Starts geckodriver and a headless Firefox session. Close it with `session.quit()`. */
export async function startFirefox() {
  const port = await freePort();
  const driver = spawn(GECKODRIVER, ["--host", "127.0.0.1", "--port", String(port), "--log", "warn"], { stdio: ["ignore", "ignore", "pipe"] });
  let driverLog = "";
  driver.stderr.on("data", (d) => (driverLog = (driverLog + d).slice(-4000)));
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 10_000;
  for (;;) {
    try {
      const status = await call(base, "GET", "/status");
      if (status.ready) break;
    } catch {}
    if (Date.now() > deadline) {
      driver.kill("SIGKILL");
      throw new Error(`geckodriver did not start: ${driverLog}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  let created;
  try {
    created = await call(base, "POST", "/session", {
      capabilities: {
        alwaysMatch: {
          browserName: "firefox",
          "moz:firefoxOptions": { binary: FIREFOX, args: ["-headless"], prefs: { "intl.accept_languages": "en-US" } },
        },
      },
    });
  } catch (error) {
    driver.kill("SIGKILL");
    throw new Error(`${error.message}\n${driverLog}`);
  }
  return new Session(base, created.sessionId, created.capabilities, driver);
}

class Session {
  constructor(base, id, capabilities, driver) {
    this.base = base;
    this.path = `/session/${id}`;
    this.capabilities = capabilities;
    this.driver = driver;
  }

  cmd(method, path, body) {
    return call(this.base, method, `${this.path}${path}`, body);
  }

  goto(url) {
    return this.cmd("POST", "/url", { url });
  }

  /** Runs `script` (a function body; `arguments` are `args`) in the current frame. */
  run(script, ...args) {
    return this.cmd("POST", "/execute/sync", { script, args });
  }

  /** The element for `css` in the current frame (WebDriver's implicit wait is 0: it must be there). */
  async find(css) {
    const found = await this.cmd("POST", "/element", { using: "css selector", value: css });
    return found[ELEMENT];
  }

  async type(css, text) {
    await this.cmd("POST", `/element/${await this.find(css)}/value`, { text });
  }

  async click(css) {
    await this.cmd("POST", `/element/${await this.find(css)}/click`, {});
  }

  /** Into the `<iframe>` found by `css` in the current frame. */
  async enterFrame(css) {
    await this.cmd("POST", "/frame", { id: { [ELEMENT]: await this.find(css) } });
  }

  /** Back to the top-level page. */
  topFrame() {
    return this.cmd("POST", "/frame", { id: null });
  }

  /** Polls `script` in the current frame until it returns a truthy value (returned), or throws after `timeoutMs`. */
  async waitFor(script, { timeoutMs = 20_000, what = script } = {}) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await this.run(script).catch(() => null);
      if (value) return value;
      if (Date.now() > deadline) throw new Error(`timed out waiting for: ${what}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  async quit() {
    try {
      await call(this.base, "DELETE", this.path);
    } finally {
      this.driver.kill("SIGKILL");
    }
  }
}
