// Types of `tessera/fields`: the card inputs in a frame of the payment
// provider's origin. See the README, "Isolated card fields".
import type { TesseraError } from "./tessera.js";

export type CardFieldName = "number" | "expiry" | "cvc" | "name";
export type FieldsLocale = "en" | "ja";
export type FieldsEvent = "ready" | "change" | "focus" | "blur";

/** Whitelisted style properties (camelCase CSS), values as CSS strings. */
export interface FieldsStyleDeclarations {
  color?: string;
  backgroundColor?: string;
  borderColor?: string;
  borderRadius?: string;
  borderWidth?: string;
  caretColor?: string;
  fontFamily?: string;
  fontSize?: string;
  fontStyle?: string;
  fontWeight?: string;
  letterSpacing?: string;
  lineHeight?: string;
  padding?: string;
  textTransform?: string;
}
export interface FieldsStyle {
  base?: FieldsStyleDeclarations & { "::placeholder"?: { color?: string; fontStyle?: string; fontWeight?: string } };
  complete?: FieldsStyleDeclarations;
  invalid?: FieldsStyleDeclarations;
  focus?: FieldsStyleDeclarations;
}

export interface MountCardFieldsOptions {
  /** The merchant's publishable key (pk_…). A secret key is refused before anything loads. */
  publishableKey: string;
  /** The absolute URL of the card frame page (dist/fields/fields.html as hosted), of another origin than the page. */
  fieldsUrl: string;
  /** Default "en". */
  locale?: FieldsLocale;
  style?: FieldsStyle;
  /** If given, must equal the API origin the frame's host configured; otherwise mounting fails (api_base_mismatch). */
  apiBase?: string;
  /** How long to wait for the frame to become ready. Default 30000. */
  readyTimeoutMs?: number;
}

export interface FieldsError { field: CardFieldName; code: string; message: string }
export interface FieldsChange {
  /** Every field valid. */
  complete: boolean;
  /** Every field empty. */
  empty: boolean;
  /** The detected brand's type ("visa", "mastercard", …), or null. */
  brand: string | null;
  /** The errors shown to the shopper now, at most one per field. */
  errors: FieldsError[];
}

export interface FieldsToken {
  id: string;
  createdAt: string;
  type: string;
  card?: { brand: string; komojuBrand: string | null; last4: string; month: string; year: string };
}

export interface FieldsSecureToken {
  id: string;
  verificationStatus: "OK" | "SKIPPED";
  card?: { brand: string; komojuBrand: string | null; last4: string; month: string; year: string };
}

export interface FieldsSessionPay {
  sessionId: string;
  status: "completed" | "pending" | "cancelled";
  payment?: { id: string; status: string; type: string; card?: { brand: string; last4: string }; instructionsUrl?: string };
  redirectUrl?: string;
}

export interface CardFields {
  on(event: "change", callback: (change: FieldsChange) => void): CardFields;
  on(event: "focus" | "blur", callback: (event: { field: CardFieldName }) => void): CardFields;
  on(event: "ready", callback: (event: {}) => void): CardFields;
  off(event: FieldsEvent, callback: (...args: any[]) => void): CardFields;
  /** The last state the frame reported. */
  readonly state: FieldsChange;
  /** Validates in the frame (showing every error) and tokenizes there. Rejects with a TesseraError. */
  createToken(options?: { currency?: string }): Promise<FieldsToken>;
  /**
   * 3-D Secure, the direct route: validates and creates a secure token in the frame; when the card
   * needs a challenge, this page shows the issuer's page in a modal dialog (in `challenge.container`
   * or <body>). `returnUrl` must be of this page's origin. Resolves only with an OK or SKIPPED token.
   * Rejects with a TesseraError (card_error / three_d_secure_failed, abort_error /
   * three_d_secure_cancelled, …); `{ mode: "redirect" }` is refused (invalid_option).
   */
  createSecureToken(options: {
    amount: number;
    currency: string;
    returnUrl: string;
    challenge?: { mode?: "dialog"; container?: HTMLElement };
  }): Promise<FieldsSecureToken>;
  /** Pays the Session `sessionId` (made by your server) with the frame's card; a challenge shows as for createSecureToken. */
  paySession(sessionId: string, options?: { capture?: "auto" | "manual"; challenge?: { mode?: "dialog"; container?: HTMLElement } }): Promise<FieldsSessionPay>;
  setLocale(locale: FieldsLocale): void;
  focus(field?: CardFieldName): void;
  clear(): void;
  destroy(): void;
}

/** Mounts the card frame in `target`; resolves once it is ready. Rejects with a TesseraError. */
export function mountCardFields(target: string | Element, options: MountCardFieldsOptions): Promise<CardFields>;
export type { TesseraError };
