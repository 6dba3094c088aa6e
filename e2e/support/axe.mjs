// Accessibility checks for the e2e tests: axe-core (every rule it runs by
// default, `color-contrast` included) on the page as it is, plus the two
// contrast checks axe does not make: the outline of a form control against
// what surrounds it (WCAG 1.4.11, 3:1) and placeholder text (4.5:1).
import { createRequire } from "node:module";

// axe-core is a devDependency; its `source` is the script to run in the page.
const require = createRequire(import.meta.url);
let axeSource = null;

/**
 * Runs axe on `page` and returns its violations, plus any `color-contrast`
 * result axe could not decide ("incomplete"), as short readable lines: an
 * empty list means none. `state` names what is on screen, for the messages.
 * `frames: true` checks the page's frames as well (see below); otherwise
 * axe does not descend into them.
 */
export async function axeProblems(page, state, { frames = false } = {}) {
  axeSource ??= require("axe-core").source;
  // With `frames`, axe runs in every frame of the page too (cross-origin ones
  // included: each gets its own copy, and the page's axe asks them over
  // postMessage), so the frames' nodes are checked as parts of this page.
  const targets = frames ? page.frames() : [page];
  for (const target of targets) {
    if (!(await target.evaluate(() => typeof window.axe === "object"))) await target.evaluate(axeSource);
    // axe talks only to frames of its own origin unless told otherwise (a test setting, never a page's).
    if (frames) await target.evaluate(() => window.axe.configure({ allowedOrigins: ["<unsafe_all_origins>"] }));
  }
  // Contrast is judged on the settled page: a colour mid-transition (the Pay
  // button turning from its disabled grey) is neither state's.
  for (const target of targets) {
    await target.evaluate(() => Promise.all(document.getAnimations()
      .filter((a) => a.effect && a.effect.getComputedTiming().endTime !== Infinity)
      .map((a) => a.finished.catch(() => {}))));
  }
  const results = await page.evaluate((iframes) => window.axe.run(document, { iframes, resultTypes: ["violations", "incomplete"] }), frames);
  const problems = [];
  for (const violation of results.violations) {
    for (const node of violation.nodes) problems.push(`${state}: ${violation.id} (${violation.impact}) at ${node.target.join(" ")}: ${node.failureSummary}`);
  }
  // Undecided contrast is a contrast nobody checked.
  for (const incomplete of results.incomplete.filter((result) => result.id === "color-contrast")) {
    for (const node of incomplete.nodes) problems.push(`${state}: color-contrast undecided at ${node.target.join(" ")}: ${node.any.map((c) => c.message).join("; ")}`);
  }
  return problems;
}

/**
 * Contrast of every visible input's, select's and payment-method option's
 * border against the background outside it (at least 3:1), and of every
 * visible placeholder against its input (at least 4.5:1). Returns problems.
 */
export async function controlContrastProblems(page, state) {
  const found = await page.evaluate(() => {
    const rgb = (text) => (text.match(/[\d.]+/g) || []).map(Number);
    const luminance = ([r, g, b]) => {
      const channel = (c) => {
        const v = c / 255;
        return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
      };
      return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
    };
    const ratio = (a, b) => {
      const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p);
      return (x + 0.05) / (y + 0.05);
    };
    const opaqueBackground = (element) => {
      for (let node = element; node; node = node.parentElement) {
        const color = rgb(getComputedStyle(node).backgroundColor);
        if (color.length === 3 || (color.length === 4 && color[3] === 1)) return color.slice(0, 3);
      }
      return [255, 255, 255];
    };
    const visible = (element) => element.getClientRects().length > 0 && getComputedStyle(element).visibility !== "hidden";
    const problems = [];
    for (const control of document.querySelectorAll("input:not([type=radio]), select, .method-option")) {
      if (!visible(control) || control.disabled) continue;
      const border = rgb(getComputedStyle(control).borderTopColor).slice(0, 3);
      const outside = opaqueBackground(control.parentElement);
      const value = ratio(border, outside);
      if (value < 3) problems.push(`border of ${control.id || control.className} ${value.toFixed(2)}:1`);
      if (control.tagName === "INPUT" && control.placeholder && control.value === "") {
        const placeholder = rgb(getComputedStyle(control, "::placeholder").color).slice(0, 3);
        const text = ratio(placeholder, opaqueBackground(control));
        if (text < 4.5) problems.push(`placeholder of ${control.id} ${text.toFixed(2)}:1`);
      }
    }
    return problems;
  });
  return found.map((problem) => `${state}: ${problem}`);
}
