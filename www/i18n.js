// The checkout page's words in English and Japanese. Validation messages
// come from Tessera's validateDetails() in the chosen locale, except where the
// page can say more than its generic one ("fieldError.<field>.<code>").

export const LOCALES = ["en", "ja"];

const STRINGS = {
  en: {
    "page.title": "Checkout · Hinoki Tea Co.",
    "shop.name": "Hinoki Tea Co.",
    "lang.label": "Language",
    "summary.title": "Order summary",
    "item.name": "Sencha tasting set",
    "item.detail": "Three 50 g tins · Qty 1",
    "summary.subtotal": "Subtotal",
    "summary.shipping": "Shipping",
    "summary.shippingFree": "Free",
    "summary.total": "Total (tax included)",
    "payment.title": "Payment",
    "method.legend": "Payment method",
    "method.card": "Card",
    "method.konbini": "Konbini",
    "payment.testMode": "Test mode: use a test card such as 4111 1111 1111 1111.",
    "payment.legend": "Card details",
    "konbini.legend": "Pay at a convenience store",
    "konbini.testMode": "Test mode: nothing is charged; the sandbox shows sample payment instructions.",
    "payment.reassurance": "Your payment details are sent straight to the payment service: this shop never sees them.",
    "label.name": "Name on card",
    "label.number": "Card number",
    "label.expiry": "Expiry date",
    "label.cvc": "Security code",
    "label.expiryFormat": "(MM / YY)",
    "placeholder.expiry": "MM / YY",
    "label.store": "Convenience store",
    "store.choose": "Choose a store",
    "store.seven-eleven": "7-Eleven",
    "store.lawson": "Lawson",
    "store.family-mart": "FamilyMart",
    "store.ministop": "Ministop",
    "store.daily-yamazaki": "Daily Yamazaki",
    "store.seicomart": "Seicomart",
    "label.email": "Email",
    "hint.email": "The payment instructions are sent to this address too.",
    "label.phone": "Phone number",
    "label.optional": "(optional)",
    "fieldError.store.missing_field": "Choose the store where you will pay.",
    "fieldError.email.missing_field": "Enter your email address: the payment instructions are sent there.",
    "button.loading": "Loading…",
    "button.pay": "Pay {amount}",
    "button.payKonbini": "Pay {amount} at the store",
    "button.paying": "Processing…",
    "button.paid": "Paid",
    "button.ordered": "Order placed",
    "status.fixErrors": "Please check these fields:",
    "list.separator": ", ",
    "announce.fieldError": "{label}: {message}",
    "status.tokenizing": "Securing your card details…",
    "status.tokenizingDetails": "Securing your details…",
    "status.paying": "Confirming your payment…",
    "status.captured": "Payment complete",
    "status.capturedDetail": "{brand} ending in {last4} was charged {amount}.",
    "status.paymentId": "Payment ID: {id}",
    "status.authorized": "Order placed: pay at the store",
    "status.authorizedDetail": "Pay {amount} at {store}. The deadline is on the instructions page.",
    "status.paymentStatus": "Payment status: {status}",
    "paymentStatus.authorized": "waiting for your payment at the store",
    "status.instructions": "Pay at the store: see the instructions",
    "status.declined": "Your card was declined",
    "status.declinedHint": "Please try another card. Your details are still in the form.",
    "status.error": "The payment did not go through",
    "status.loadFailed": "The payment form could not be loaded. Please reload the page.",
    "status.errorCode": "Error code: {code}",
    "error.api_connection_error": "We could not reach the payment service. Check your connection and try again.",
    "error.offline": "You seem to be offline. Check your connection and try again.",
    "error.retryAfter": "You can try again in about {seconds} seconds.",
    "error.timeout_error": "The payment service took too long to answer. Please try again.",
    "error.rate_limit_error": "The payment service is busy. Please wait a moment and try again.",
    "error.authentication_error": "The shop's payment settings were refused. Please contact the shop.",
    "error.api_error": "The payment service had a problem. Please try again.",
    "error.invalid_request_error": "The payment service refused the card details.",
    "error.integration_error": "The payment form is not set up correctly. Please contact the shop.",
    "error.abort_error": "The payment was cancelled.",
    "error.card_error": "Your card issuer did not confirm the payment. Please try again or use another card.",
    "error.order": "The shop could not complete the order.",
    "error.orderUnreachable": "We could not reach the shop. Please try again.",
    "status.confirming": "Payment received: the shop is confirming your order…",
    "status.confirmingDetail": "This page updates by itself.",
    "status.paidAtStore": "Paid at the store: thank you",
    "status.paidAtStoreDetail": "{amount} was paid at {store}.",
    "paymentStatus.captured": "paid",
    "paymentStatus.expired": "expired: the deadline to pay has passed",
    "paymentStatus.cancelled": "cancelled",
    "paymentStatus.refunded": "refunded",
    "paymentStatus.failed": "failed",
    "status.ended": "The order was not paid.",
    "status.saved": "Saved for your next order: {label}",
    "status.saveFailed": "The card could not be saved for next time.",
    "savedCards.legend": "Pay with",
    "savedCards.new": "A new card",
    "label.saveCard": "Save this card for my next order",
    "error.three_d_secure_cancelled": "The card check was closed before it finished: nothing was charged. You can pay again.",
    "error.order_unreachable": "We could not reach the shop. Please try again.",
    "footer.scriptTag": "The same checkout with a script tag",
    "footer.fields": "The same checkout with the card in a secure frame",
  },
  ja: {
    "page.title": "お支払い · ひのき茶舗",
    "shop.name": "ひのき茶舗",
    "lang.label": "言語",
    "summary.title": "ご注文内容",
    "item.name": "煎茶 飲み比べセット",
    "item.detail": "50 g 缶 × 3 · 数量 1",
    "summary.subtotal": "小計",
    "summary.shipping": "送料",
    "summary.shippingFree": "無料",
    "summary.total": "合計（税込）",
    "payment.title": "お支払い",
    "method.legend": "お支払い方法",
    "method.card": "カード",
    "method.konbini": "コンビニ払い",
    "payment.testMode": "テストモード：4111 1111 1111 1111 などのテストカードをご利用ください。",
    "payment.legend": "カード情報",
    "konbini.legend": "コンビニでお支払い",
    "konbini.testMode": "テストモード：実際の請求は発生しません。サンドボックスがお支払い方法の見本を表示します。",
    "payment.reassurance": "お支払い情報は決済サービスへ直接送信され、当店が目にすることはありません。",
    "label.name": "カード名義",
    "label.number": "カード番号",
    "label.expiry": "有効期限",
    "label.cvc": "セキュリティコード",
    "label.expiryFormat": "（月 / 年）",
    "placeholder.expiry": "MM / YY",
    "label.store": "コンビニ",
    "store.choose": "コンビニを選択してください",
    "store.seven-eleven": "セブン-イレブン",
    "store.lawson": "ローソン",
    "store.family-mart": "ファミリーマート",
    "store.ministop": "ミニストップ",
    "store.daily-yamazaki": "デイリーヤマザキ",
    "store.seicomart": "セイコーマート",
    "label.email": "メールアドレス",
    "hint.email": "お支払い方法はこのアドレスにもお送りします。",
    "label.phone": "電話番号",
    "label.optional": "（任意）",
    "fieldError.store.missing_field": "お支払いいただくコンビニを選択してください。",
    "fieldError.email.missing_field": "お支払い方法をお送りするメールアドレスを入力してください。",
    "button.loading": "読み込み中…",
    "button.pay": "{amount} を支払う",
    "button.payKonbini": "コンビニで {amount} を支払う",
    "button.paying": "処理中…",
    "button.paid": "お支払い済み",
    "button.ordered": "ご注文済み",
    "status.fixErrors": "次の項目をご確認ください：",
    "list.separator": "、",
    "announce.fieldError": "{label}：{message}",
    "status.tokenizing": "カード情報を安全に送信しています…",
    "status.tokenizingDetails": "お客様情報を安全に送信しています…",
    "status.paying": "お支払いを確定しています…",
    "status.captured": "お支払いが完了しました",
    "status.capturedDetail": "{brand}（末尾 {last4}）で {amount} をお支払いいただきました。",
    "status.paymentId": "決済 ID：{id}",
    "status.authorized": "ご注文を承りました：店頭でお支払いください",
    "status.authorizedDetail": "{store}で {amount} をお支払いください。お支払い期限はお支払い方法のページに記載されています。",
    "status.paymentStatus": "決済状況：{status}",
    "paymentStatus.authorized": "店頭でのお支払い待ち",
    "status.instructions": "店頭でのお支払い：お支払い方法を見る",
    "status.declined": "カードが承認されませんでした",
    "status.declinedHint": "別のカードをお試しください。入力内容はそのまま残っています。",
    "status.error": "お支払いを完了できませんでした",
    "status.loadFailed": "お支払いフォームを読み込めませんでした。ページを再読み込みしてください。",
    "status.errorCode": "エラーコード：{code}",
    "error.api_connection_error": "決済サービスに接続できませんでした。通信環境をご確認のうえ、もう一度お試しください。",
    "error.offline": "オフラインのようです。通信環境をご確認のうえ、もう一度お試しください。",
    "error.retryAfter": "約 {seconds} 秒後にもう一度お試しいただけます。",
    "error.timeout_error": "決済サービスの応答がありませんでした。もう一度お試しください。",
    "error.rate_limit_error": "決済サービスが混み合っています。しばらくしてからもう一度お試しください。",
    "error.authentication_error": "当店の決済設定が拒否されました。お手数ですが当店までご連絡ください。",
    "error.api_error": "決済サービスで問題が発生しました。もう一度お試しください。",
    "error.invalid_request_error": "決済サービスがカード情報を受け付けませんでした。",
    "error.integration_error": "お支払いフォームの設定に問題があります。お手数ですが当店までご連絡ください。",
    "error.abort_error": "お支払いは取り消されました。",
    "error.card_error": "カード会社による本人認証が完了しませんでした。もう一度お試しいただくか、別のカードをご利用ください。",
    "error.order": "ご注文を完了できませんでした。",
    "error.orderUnreachable": "当店のサーバーに接続できませんでした。もう一度お試しください。",
    "status.confirming": "お支払いを受け付けました：ご注文を確認しています…",
    "status.confirmingDetail": "このページは自動的に更新されます。",
    "status.paidAtStore": "店頭でのお支払いが完了しました：ありがとうございます",
    "status.paidAtStoreDetail": "{store}で {amount} をお支払いいただきました。",
    "paymentStatus.captured": "お支払い済み",
    "paymentStatus.expired": "期限切れ：お支払い期限を過ぎました",
    "paymentStatus.cancelled": "キャンセル済み",
    "paymentStatus.refunded": "返金済み",
    "paymentStatus.failed": "失敗",
    "status.ended": "ご注文のお支払いは完了しませんでした。",
    "status.saved": "次回のご注文のために保存しました：{label}",
    "status.saveFailed": "カードを次回のために保存できませんでした。",
    "savedCards.legend": "お支払いに使うカード",
    "savedCards.new": "新しいカード",
    "label.saveCard": "次回のご注文のためにこのカードを保存する",
    "error.three_d_secure_cancelled": "カードの本人認証が完了する前に閉じられました。請求は発生していません。もう一度お支払いいただけます。",
    "error.order_unreachable": "当店のサーバーに接続できませんでした。もう一度お試しください。",
    "footer.scriptTag": "script タグ版の同じお支払いページ",
    "footer.fields": "カードを安全な入力欄（フレーム）で入力する同じお支払いページ",
  },
};

// Why a payment was declined, by the payments API's `decline_code`, said
// once: the status title already says the card was declined, so the reason
// does not repeat it. An unknown code falls back to the API's own reason.
const DECLINE_REASONS_EN = {
  insufficient_funds: "The card has insufficient funds.",
  exceeded_limit: "The card's limit has been reached.",
  bad_verification_value: "The security code is incorrect.",
  card_expired: "The card has expired.",
  card_not_usable: "This card cannot be used.",
  invalid_number: "The card number is invalid.",
  three_d_secure_failed: "3-D Secure authentication failed.",
  three_d_secure_expired: "The card check was not finished in time.",
};

const DECLINE_REASONS_JA = {
  insufficient_funds: "残高が不足しています。",
  exceeded_limit: "ご利用限度額を超えています。",
  bad_verification_value: "セキュリティコードが正しくありません。",
  card_expired: "カードの有効期限が切れています。",
  card_not_usable: "このカードはご利用いただけません。",
  invalid_number: "カード番号が無効です。",
  three_d_secure_failed: "3D セキュア認証に失敗しました。",
  three_d_secure_expired: "カードの本人認証が時間内に完了しませんでした。",
};

// KOMOJU's brand names (payment_details.brand) as shoppers know them.
const BRAND_NAMES = {
  visa: "Visa",
  master: "Mastercard",
  jcb: "JCB",
  american_express: "American Express",
  diners_club: "Diners Club",
  discover: "Discover",
};

/** The message `key` in `locale` with `{name}` placeholders filled from `params`. */
export function t(locale, key, params = {}) {
  const text = STRINGS[locale]?.[key] ?? STRINGS.en[key];
  if (text === undefined) throw new Error(`i18n: no message "${key}"`);
  return text.replace(/\{(\w+)\}/g, (_, name) => (name in params ? String(params[name]) : `{${name}}`));
}

/** True when there is a message `key`. */
export function hasMessage(key) {
  return key in STRINGS.en;
}

/** `amount` (in the currency's smallest unit, e.g. yen) as shoppers in `locale` read it. */
export function formatAmount(locale, amount, currency) {
  const tag = locale === "ja" ? "ja-JP" : "en-US";
  const digits = new Intl.NumberFormat(tag, { style: "currency", currency }).resolvedOptions().maximumFractionDigits;
  return new Intl.NumberFormat(tag, { style: "currency", currency }).format(amount / 10 ** digits);
}

/**
 * What to show for a validateDetails() error ({ field, code, message }): the
 * page's own words where Tessera's are generic ("This field is required."),
 * else Tessera's message (already in `locale`).
 */
export function fieldErrorMessage(locale, error) {
  const key = `fieldError.${error.field}.${error.code}`;
  return hasMessage(key) ? t(locale, key) : error.message;
}

/** The shopper-facing reason for a decline. */
export function declineReason(locale, code, serverReason) {
  const known = (locale === "ja" ? DECLINE_REASONS_JA : DECLINE_REASONS_EN)[code];
  if (known) return known;
  // "The card was declined: the card is lost." → "The card is lost."
  const reason = String(serverReason ?? "").replace(/^(?:the|your) card was declined\s*[:.]\s*/i, "");
  return reason ? reason.charAt(0).toUpperCase() + reason.slice(1) : "";
}

/** A konbini store's wire name ("family-mart") as shoppers in `locale` know it ("ファミリーマート"). */
export function storeName(locale, store) {
  return hasMessage(`store.${store}`) ? t(locale, `store.${store}`) : String(store ?? "");
}

/** A payment's status ("authorized") as shoppers in `locale` read it. */
export function paymentStatus(locale, status) {
  return hasMessage(`paymentStatus.${status}`) ? t(locale, `paymentStatus.${status}`) : String(status ?? "");
}

/** A KOMOJU brand code ("master") as a name ("Mastercard"). */
export function brandName(komojuBrand) {
  return BRAND_NAMES[komojuBrand] ?? komojuBrand ?? "";
}

/** The locale to start in: ?lang=, then the last choice, then the browser's language. */
export function initialLocale() {
  const fromUrl = new URLSearchParams(location.search).get("lang");
  if (LOCALES.includes(fromUrl)) return fromUrl;
  try {
    const saved = localStorage.getItem("checkout-locale");
    if (LOCALES.includes(saved)) return saved;
  } catch {
    // Storage may be unavailable (privacy settings); the browser's language decides.
  }
  return (navigator.language || "en").toLowerCase().startsWith("ja") ? "ja" : "en";
}

/** Remembers the shopper's choice of language for their next visit. */
export function saveLocale(locale) {
  try {
    localStorage.setItem("checkout-locale", locale);
  } catch {
    // Not remembering is fine.
  }
}
