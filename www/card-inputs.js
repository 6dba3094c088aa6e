// As-you-type behaviour of the card inputs: the number grouped the way the
// card prints it, the expiry as "MM / YY", the security code digits only and
// as long as the brand's code; the caret stays where the shopper is typing.
import { cardNumberInput, cvcInput, expiryInput } from "./tessera/tessera.js";

const DEFAULT_CODE = { name: "CVC", size: 4 };

// One Tessera call per keystroke: `field(value, caret, inputType)` formats,
// keeps the caret and validates; the result is put back and returned.
function reformat(input, field, inputType) {
  const caret = input.selectionStart ?? input.value.length;
  const result = field(input.value, caret, inputType);
  if (result.value !== input.value) input.value = result.value;
  if (document.activeElement === input) input.setSelectionRange(result.caret, result.caret);
  return result;
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

  function update(result) {
    const brand = number.value ? result.brand : null;
    if ((brand && brand.type) !== (current && current.type)) {
      current = brand;
      showBrand(brand);
      onBrand(brand);
    }
  }

  number.addEventListener("input", (event) => update(reformat(number, cardNumberInput, event.inputType)));
  expiry.addEventListener("input", (event) => reformat(expiry, expiryInput, event.inputType));
  // The code: digits only, at most the brand's code size (4 before a brand is known).
  const code = (value, caret) => cvcInput(value, caret, current && current.type);
  cvc.addEventListener("input", () => reformat(cvc, code));

  // Values put in before the script ran (autofill, back/forward cache).
  const first = reformat(number, cardNumberInput);
  if (expiry.value) reformat(expiry, expiryInput);
  showBrand(null);
  update(first);
  return { brand: () => current };
}
