// The card frame's own words in English and Japanese. Validation messages are
// not here: validateCard() gives them in the chosen locale.
const TEXT = {
  en: {
    title: "Card details",
    number: "Card number",
    expiry: "Expiry date",
    cvc: "Security code",
    name: "Name on card",
    expiryPlaceholder: "MM / YY",
  },
  ja: {
    title: "カード情報",
    number: "カード番号",
    expiry: "有効期限",
    cvc: "セキュリティコード",
    name: "カード名義",
    expiryPlaceholder: "MM / YY",
  },
};

/** The frame's words in `locale` ("en" when unknown). */
export function frameText(locale) {
  return TEXT[locale] ?? TEXT.en;
}
