//! TypeScript declarations for the objects the functions take and return, so
//! the generated `.d.ts` has no `any`. Hand-written, and held to the core by
//! `tests/typescript.rs`: each member of `PaymentDetails` must list exactly
//! its payment type's fields (`src/details/kind.rs`), required ones without
//! `?`; `PaymentField` every field (`src/field.rs`). A new payment type made
//! of existing fields is one row in `kind.rs` and one member here.

use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &'static str = r#"
/** A card brand's public facts. Brand objects are frozen and shared. */
export interface Brand {
  /** Stable identifier, as in npm credit-card-type ("visa", "mastercard", "american-express", …). */
  readonly type: string;
  /** Human name, e.g. "American Express". */
  readonly niceType: string;
  /** KOMOJU's name for the brand ("visa", "master", "american_express", …), or null. */
  readonly komoju: string | null;
  /** Valid number lengths. */
  readonly lengths: readonly number[];
  /** Digit positions after which a space is shown. */
  readonly gaps: readonly number[];
  /** The security code's printed name and size. */
  readonly code: { readonly name: string; readonly size: number };
}
export interface NumberValidation { brand: Brand | null; isPotentiallyValid: boolean; isValid: boolean }
export interface NumberValidationOptions { luhnValidateUnionPay?: boolean; maxLength?: number }
export interface ExpiryValidation { isValid: boolean; isPotentiallyValid: boolean; month: string | null; year: string | null }
export interface ExpiryValidationOptions { now?: Date; maxYearsAhead?: number }
/** A verdict. `validateCvc` may answer equal verdicts with one shared frozen object: read it, do not change it. */
export interface Validity { isValid: boolean; isPotentiallyValid: boolean }
export interface Formatted { value: string; caret: number }
/** The card number field after one keystroke (`cardNumberInput`). */
export interface NumberInput { value: string; caret: number; brand: Brand | null; isValid: boolean; isPotentiallyValid: boolean }
/** The expiry field after one keystroke (`expiryInput`); `month` "MM", `year` "YYYY" once known. */
export interface ExpiryInput { value: string; caret: number; month: string | null; year: string | null; isValid: boolean; isPotentiallyValid: boolean }
/** The security code field after one keystroke (`cvcInput`). */
export interface CvcInput { value: string; caret: number; isValid: boolean; isPotentiallyValid: boolean }
export type Locale = "en" | "ja";
/** KOMOJU credit_card payment_details. `expiry` may stand for `month` + `year`. */
export interface CardDetails {
  type?: "credit_card";
  number?: string;
  month?: string | number;
  year?: string | number;
  expiry?: string;
  verification_value?: string;
  name?: string;
  given_name?: string;
  family_name?: string;
  email?: string;
}
export type CardField = "number" | "expiry" | "verification_value" | "name";
export interface FieldError { field: CardField; code: string; message: string }
export interface CardValidation { isValid: boolean; errors: FieldError[] }
export interface TokenizerOptions {
  /** The merchant's publishable key (pk_…). A secret key (sk_…) is refused. */
  publishableKey: string;
  /** Default "https://komoju.com". Plain http: only for localhost, 127.0.0.1 and [::1]. */
  apiBase?: string;
  /** Language of messages. Default "en". */
  locale?: Locale;
  /** Per attempt. Default 15000. */
  timeoutMs?: number;
  /** Default 2. */
  maxRetries?: number;
  /** Send X-KOMOJU-IDEMPOTENCY (one key for all attempts of a call). Default: false for tokens and secure tokens; Session pays carry a key unless this is false. */
  idempotency?: boolean;
  /** Sent as X-KOMOJU-API-VERSION when set. */
  apiVersion?: string;
  /** Accepted brand types ("visa", "mastercard", …, or KOMOJU names). Default all. */
  brands?: string[];
}
/** Konbini (convenience store) chains. */
export type KonbiniStore = "seven-eleven" | "lawson" | "family-mart" | "ministop" | "daily-yamazaki" | "seicomart";
/** payment_details of any type the tokens API takes (credit_card when `type` is absent). */
export type PaymentDetails =
  | CardDetails
  | { type: "konbini"; store: KonbiniStore; email: string; phone?: string; expiry_days?: string | number }
  | { type: "bank_transfer"; given_name: string; family_name: string; given_name_kana: string; family_name_kana: string; phone: string; email: string; expiry_days?: string | number }
  | { type: "pay_easy"; given_name: string; family_name: string; given_name_kana: string; family_name_kana: string; phone: string; email: string }
  | { type: "web_money" | "net_cash" | "bit_cash" | "nanaco" | "steam_prepaid_card"; prepaid_number: string; email: string }
  | { type: "culture_voucher"; culture_id: string; culture_password: string }
  | { type: "happy_money"; happy_money_id: string; happy_money_password: string }
  | { type: "dospara"; user_no: string | number; user_password: string }
  | { type: "mobile" | "cvs" | "toss"; email: string }
  | { type: "zgold"; email: string; return_url: string };
/** A field of any payment type. */
export type PaymentField =
  | CardField | "type" | "email" | "phone" | "store" | "expiry_days" | "given_name" | "family_name"
  | "given_name_kana" | "family_name_kana" | "prepaid_number" | "culture_id" | "culture_password"
  | "happy_money_id" | "happy_money_password" | "user_no" | "user_password" | "return_url";
export interface DetailsValidation { isValid: boolean; errors: { field: PaymentField; code: string; message: string }[] }
export interface CreateTokenOptions { currency?: string; signal?: AbortSignal }
export interface TokenResult {
  id: string;
  createdAt: string;
  type: string;
  card?: { brand: string; komojuBrand: string | null; last4: string; month: string; year: string };
}
/**
 * Where the issuer's 3-D Secure challenge shows: a modal dialog over the page (default), the whole
 * page (then call `tokenizer.resume()` on the return page), or your own UI (`custom`: `show` shows
 * `url` and resolves when the shopper is done — the issuer's page reached `returnUrl` — or rejects
 * to cancel; Tessera then reads the result itself, and aborts `signal` when a read finds the
 * challenge over first). `custom` is how Tessera's card frame has the merchant's page show it.
 */
export type ChallengeOptions =
  | { mode: "dialog"; container?: HTMLElement }
  | { mode: "redirect" }
  | { mode: "custom"; show: (url: string, context: { returnUrl: string; signal: AbortSignal }) => Promise<unknown> };
export interface CreateSecureTokenOptions {
  /** In the currency's smallest unit (a positive whole number). */
  amount: number;
  /** ISO 4217, e.g. "JPY". */
  currency: string;
  /** Where the issuer sends the shopper back; of this page's own origin for the dialog (for `custom`, of the origin whose UI shows it). */
  returnUrl: string;
  challenge?: ChallengeOptions;
  signal?: AbortSignal;
}
/** KOMOJU's fraud_details (customer_ip required). */
export interface FraudDetails {
  customer_ip: string;
  customer_email?: string;
  browser_language?: string;
  browser_user_agent?: string;
  browser_session_id?: string;
  customer_id?: string;
  phone?: string;
}
export interface PaySessionOptions {
  capture?: "auto" | "manual";
  fraudDetails?: FraudDetails;
  challenge?: ChallengeOptions;
  signal?: AbortSignal;
}
export interface TokenCard { brand: string; komojuBrand: string | null; last4: string; month: string; year: string }
/** A card token that has passed 3-D Secure (or skipped it): give `id` to your server. */
export interface SecureTokenResult { id: string; verificationStatus: "OK" | "SKIPPED"; card?: TokenCard }
export interface SessionPayResult {
  sessionId: string;
  status: "completed" | "pending" | "cancelled";
  payment?: { id: string; status: string; type: string; card?: { brand: string; last4: string }; instructionsUrl?: string };
  /** An offsite method's page the shopper must visit (never a card's challenge). */
  redirectUrl?: string;
}
export interface HandleChallengeOptions {
  /** Where the issuer sends the shopper back: of this page's own origin. */
  returnUrl: string;
  mode?: "dialog" | "redirect";
  container?: HTMLElement;
  signal?: AbortSignal;
  locale?: Locale;
  /** Default 600000 (10 minutes). */
  deadlineMs?: number;
}
export interface CardValidationOptions { now?: Date; locale?: Locale; maxYearsAhead?: number; luhnValidateUnionPay?: boolean; maxLength?: number }
"#;
