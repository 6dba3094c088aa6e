// The payment methods the checkout offers, as data: each method's fieldset,
// its inputs (Tessera's field name → input id and the i18n key of its label,
// in the order the form shows them), the Pay button's words, and how the inputs become the
// `payment_details` Tessera validates and tokenizes.

/** @typedef {"card" | "konbini"} MethodName */

export const METHODS = {
  card: {
    fieldset: "card-fields",
    fields: [
      ["name", "cc-name", "label.name"],
      ["number", "cc-number", "label.number"],
      ["expiry", "cc-exp", "label.expiry"],
      ["verification_value", "cc-csc", "label.cvc"],
    ],
    payLabel: "button.pay",
    doneLabel: "button.paid",
    // credit_card is Tessera's default type; the number and expiry go as typed.
    details: (value) => ({
      number: value("number"),
      expiry: value("expiry"),
      verification_value: value("verification_value"),
      name: value("name").trim(),
    }),
  },
  konbini: {
    fieldset: "konbini-fields",
    fields: [
      ["store", "kb-store", "label.store"],
      ["email", "kb-email", "label.email"],
      ["phone", "kb-phone", "label.phone"],
    ],
    payLabel: "button.payKonbini",
    doneLabel: "button.ordered",
    details: (value) => {
      const details = { type: "konbini", store: value("store"), email: value("email").trim() };
      const phone = value("phone").trim();
      if (phone) details.phone = phone; // optional: left out rather than sent empty
      return details;
    },
  },
};

/** The method named `name`, or null. */
export function method(name) {
  return Object.hasOwn(METHODS, name) ? METHODS[name] : null;
}

/**
 * The form field an API error's `param` names ("payment_details[number]",
 * "payment_details.month", "email", ...) among `fields`, or null.
 */
export function formField(param, fields) {
  if (typeof param !== "string") return null;
  const name = param.replace(/^payment_details(?:\.|\[)/, "").replace(/\]$/, "");
  const field = name === "month" || name === "year" ? "expiry" : name;
  return fields.some(([known]) => known === field) ? field : null;
}
