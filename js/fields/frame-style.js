// Applies the merchant's style object inside the card frame through the CSSOM:
// empty rules are inserted into a stylesheet the frame constructs, and each
// whitelisted property is set with CSSStyleDeclaration.setProperty, which
// parses the value as that one property's value (nothing can break out of the
// declaration). No <style> element and no style attribute is written, so the
// frame's Content-Security-Policy needs no 'unsafe-inline'.
import { PLACEHOLDER, PLACEHOLDER_PROPERTIES, STYLE_PROPERTIES, cssName, styleProblems } from "./protocol.js";

// Which elements each variant styles. `base` also sets the frame's font and
// colour for the labels and messages.
const SELECTORS = {
  base: ".tf-input",
  complete: ".tf-input.tf-complete",
  invalid: '.tf-input[aria-invalid="true"]',
  focus: ".tf-input:focus",
};
// Text properties of `base` that the labels inherit from <body>.
const INHERITED = ["color", "fontFamily", "fontSize", "fontStyle", "fontWeight", "letterSpacing", "lineHeight", "textTransform"];

let sheet = null;

function rule(selector) {
  const index = sheet.insertRule(`${selector}{}`, sheet.cssRules.length);
  return sheet.cssRules[index].style;
}

function set(declaration, property, value) {
  const name = cssName(property);
  if (typeof CSS !== "undefined" && CSS.supports && !CSS.supports(name, value)) return;
  declaration.setProperty(name, value);
}

/** Applies `style` (already checked by styleProblems); replaces what an earlier call applied. */
export function applyStyle(style) {
  if (styleProblems(style).length) return;
  if (!sheet) {
    sheet = new CSSStyleSheet();
    document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
  }
  while (sheet.cssRules.length) sheet.deleteRule(0);
  if (!style) return;
  for (const [variant, declarations] of Object.entries(style)) {
    const target = rule(SELECTORS[variant]);
    for (const [property, value] of Object.entries(declarations)) {
      if (property === PLACEHOLDER) continue;
      if (STYLE_PROPERTIES.includes(property)) set(target, property, value);
    }
    if (variant === "base") {
      const body = rule("body");
      for (const property of INHERITED) if (typeof declarations[property] === "string") set(body, property, declarations[property]);
      const placeholder = declarations[PLACEHOLDER];
      if (placeholder) {
        const p = rule(`.tf-input${PLACEHOLDER}`);
        for (const [property, value] of Object.entries(placeholder)) {
          if (PLACEHOLDER_PROPERTIES.includes(property)) set(p, property, value);
        }
      }
    }
    if (variant === "invalid" && typeof declarations.color === "string") {
      set(rule(".tf-error"), "color", declarations.color);
    }
  }
}
