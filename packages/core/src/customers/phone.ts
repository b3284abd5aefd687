/*
 * Phone numbers stored in E.164 ("+541145556677"), read the ways people in Argentina write them.
 *
 * Argentine numbers are 10 digits once the trunk "0" is dropped: an area code of 2 to 4 digits
 * (11 Buenos Aires, 351 Córdoba, 2202 …) and the subscriber number. Mobiles are written locally
 * with "15" after the area code ("011 15 4555-6677") and internationally with a "9" after the
 * country code ("+54 9 11 4555-6677"); both become "+549" + the 10 digits. A landline or a mobile
 * typed without either mark keeps the plain "+54" + 10 digits: whether it is a mobile cannot be
 * told from the digits alone.
 */

export interface PhoneReading {
  /**
   * How the digits reached us. `typed`: a person wrote it, so a number without "+" is read as
   * Argentine. `shared`: a channel's contact card, which carries the international number with or
   * without its "+" ("5491145556677"), so digits that are not an Argentine number are taken as
   * international.
   */
  readonly origin: 'typed' | 'shared';
}

const COUNTRY = '54';
/** Digits an Argentine number has after the trunk "0" and without "15" or "9". */
const NATIONAL_DIGITS = 10;

/** "1145556677" (10 digits) from a national number written with its mobile "15", or null. */
const dropMobile15 = (national: string): string | null => {
  if (national.length !== NATIONAL_DIGITS + 2) return null;
  // Area codes are 2 to 4 digits; the only 2-digit one is Buenos Aires' "11".
  for (const areaLength of national.startsWith('11') ? [2] : [3, 4]) {
    if (national.slice(areaLength, areaLength + 2) === '15') return national.slice(0, areaLength) + national.slice(areaLength + 2);
  }
  return null;
};

/** An Argentine number from its digits after the country code (with or without "9", "0" or "15"), or null. */
const argentine = (digits: string): string | null => {
  let rest = digits;
  let mobile = false;
  if (rest.startsWith('9') && rest.length === NATIONAL_DIGITS + 1) {
    mobile = true;
    rest = rest.slice(1);
  }
  if (rest.startsWith('0')) rest = rest.slice(1);
  if (rest.length === NATIONAL_DIGITS + 2) {
    const without15 = dropMobile15(rest);
    if (without15 === null) return null;
    mobile = true;
    rest = without15;
  }
  // Area codes start with 11 (Buenos Aires), 2 or 3: "15 4555-6677" lacks its area code.
  if (rest.length !== NATIONAL_DIGITS || !/^(?:11|[23])/.test(rest)) return null;
  return `+${COUNTRY}${mobile ? '9' : ''}${rest}`;
};

/**
 * A phone number in E.164, or null when it cannot be one (letters, too few or too many digits, an
 * Argentine number without its area code). Spaces, dashes, dots and parentheses are ignored.
 *
 * - `+54 9 11 4555-6677`, `5491145556677` (shared), `011 15 4555-6677` → `+5491145556677`
 * - `011 4555-6677`, `11 4555 6677`, `+54 11 4555-6677` → `+541145556677`
 * - `0054 11 4555 6677` → `+541145556677`; `+1 (212) 555-0100` → `+12125550100`
 */
export const toE164 = (text: string, reading: PhoneReading = { origin: 'typed' }): string | null => {
  const trimmed = text.trim();
  if (!/^\+?[\d\s().-]+$/.test(trimmed)) return null;
  let digits = trimmed.replace(/\D/g, '');
  let international = trimmed.startsWith('+');
  if (!international && digits.startsWith('00')) {
    digits = digits.slice(2);
    international = true;
  }
  if (international) {
    if (digits.startsWith(COUNTRY)) return argentine(digits.slice(COUNTRY.length));
    return digits.length >= 8 && digits.length <= 15 && !digits.startsWith('0') ? `+${digits}` : null;
  }
  const local = argentine(digits);
  if (local) return local;
  if (digits.startsWith(COUNTRY)) {
    const withCountry = argentine(digits.slice(COUNTRY.length));
    if (withCountry) return withCountry;
  }
  if (reading.origin === 'shared' && digits.length >= 8 && digits.length <= 15 && !digits.startsWith('0')) return `+${digits}`;
  return null;
};
