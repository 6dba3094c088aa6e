// As-you-type behaviour of the card inputs: the number grouped the way the
// card prints it, the expiry as "MM / YY", the security code digits only and
// as long as the brand's code; the caret stays where the shopper is typing.
import { formatCardNumber, formatExpiry, validateCardNumber } from "./tessera/tessera.js";

const DEFAULT_CODE = { name: "CVC", size: 4 };

function reformat(input, format) {
  const caret = input.selectionStart ?? input.value.length;
  const { value, caret: next } = format(input.value, caret);
  if (value !== input.value) input.value = value;
  if (document.activeElement === input) input.setSelectionRange(next, next);
}

function digitsOnly(input) {
  const caret = input.selectionStart ?? input.value.length;
  const before = input.value.slice(0, caret).replace(/\D/g, "");
  const value = input.value.replace(/\D/g, "").slice(0, input.maxLength > 0 ? input.maxLength : undefined);
  if (value !== input.value) {
    input.value = value;
    if (document.activeElement === input) input.setSelectionRange(before.length, before.length);
  }
}

/**
 * Wires the number, expiry and security-code inputs. `onBrand(brand|null)` is
 * called whenever the detected brand changes.
 */
export function bindCardInputs({ number, expiry, cvc, brandBadge, codeName }, onBrand = () => {}) {
  let current = null;

  function showBrand(brand) {
    brandBadge.textContent = brand ? brand.niceType : "";
    brandBadge.dataset.brand = brand ? brand.type : "";
    const code = brand ? brand.code : DEFAULT_CODE;
    cvc.maxLength = code.size;
    cvc.placeholder = code.name;
    codeName.textContent = `(${code.name})`;
  }

  function update() {
    const brand = number.value ? validateCardNumber(number.value).brand : null;
    if ((brand && brand.type) !== (current && current.type)) {
      current = brand;
      showBrand(brand);
      onBrand(brand);
    }
  }

  number.addEventListener("input", () => {
    reformat(number, formatCardNumber);
    update();
  });
  expiry.addEventListener("input", () => reformat(expiry, formatExpiry));
  cvc.addEventListener("input", () => digitsOnly(cvc));

  // Values put in before the script ran (autofill, back/forward cache).
  if (number.value) reformat(number, formatCardNumber);
  if (expiry.value) reformat(expiry, formatExpiry);
  showBrand(null);
  update();
  return { brand: () => current };
}
