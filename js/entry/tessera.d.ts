// Types of Tessera's package entry (js/entry/tessera.js). TesseraErrorType and
// TesseraError's properties must agree with src/error.rs (ErrorType) and
// src/client/error.rs (JS_FIELDS): tests/typescript.rs checks. The functions' own signatures are the ones
// wasm-bindgen generated from the Rust (tessera_glue.d.ts); this file adds the
// guarded `init` and the error class.
import type { InitInput } from "./tessera_glue.js";

export {
  validateCardNumber,
  cardBrands,
  validateExpiry,
  validateCvc,
  validateCardholderName,
  formatCardNumber,
  formatExpiry,
  cardNumberInput,
  expiryInput,
  cvcInput,
  validateCard,
  validateDetails,
  handleChallenge,
  Tokenizer,
} from "./tessera_glue.js";
export type {
  Brand,
  NumberValidation,
  NumberValidationOptions,
  ExpiryValidation,
  ExpiryValidationOptions,
  Validity,
  Formatted,
  NumberInput,
  ExpiryInput,
  CvcInput,
  Locale,
  CardDetails,
  CardField,
  FieldError,
  CardValidation,
  CardValidationOptions,
  TokenizerOptions,
  CreateTokenOptions,
  TokenResult,
  PaymentDetails,
  PaymentField,
  KonbiniStore,
  DetailsValidation,
  ChallengeOptions,
  CreateSecureTokenOptions,
  PaySessionOptions,
  FraudDetails,
  TokenCard,
  SecureTokenResult,
  SessionPayResult,
  HandleChallengeOptions,
  InitInput,
} from "./tessera_glue.js";

/** What kind of failure a {@link TesseraError} is. */
export type TesseraErrorType =
  | "integration_error"
  | "validation_error"
  | "invalid_request_error"
  | "authentication_error"
  | "rate_limit_error"
  | "api_error"
  | "api_connection_error"
  | "timeout_error"
  | "abort_error"
  | "card_error";

/** Every failure Tessera reports is one of these. */
export declare class TesseraError extends Error {
  readonly name: "TesseraError";
  /** The kind of failure. */
  readonly type: TesseraErrorType;
  /** A stable machine code, e.g. "invalid_number", "secret_key_in_browser". */
  readonly code: string;
  /** The offending field, where there is one. */
  readonly field?: string;
  /** The HTTP status, for errors that came from the API. */
  readonly status?: number;
  /** Every failing field, for validation errors. */
  readonly errors?: { field: string; code: string; message: string }[];
  /** Seconds the API asked to wait before trying again (HTTP 429's Retry-After). */
  readonly retryAfter?: number;
  /** Why the issuer declined the card (KOMOJU's decline_code, e.g. "insufficient_funds"), for card_error / card_declined. */
  readonly declineCode?: string;
}

/**
 * Loads and instantiates the WebAssembly module. Call it (and await it) once
 * before anything else; calling it again returns the same promise.
 */
export default function init(input?: InitInput | Promise<InitInput> | { module_or_path: InitInput | Promise<InitInput> }): Promise<void>;
