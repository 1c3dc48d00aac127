/** A BSUID's country prefix (`US.` in `US.13491208655302741918`): kept visible, like a phone number's last digits. */
const USER_ID_PREFIX = /^[A-Z]{2}\./;

/**
 * Masks a user reference for logs: a phone number (wa_id) keeps its last four characters, a business-scoped user
 * id (BSUID) its country prefix and last four. `maskPhone('15551234567')` is `'*******4567'`,
 * `maskPhone('US.13491208655302741918')` is `'US.****************1918'`. Short or missing values are masked entirely.
 */
export function maskPhone(phone: string | undefined | null): string {
  if (!phone) return '';
  const prefix = USER_ID_PREFIX.exec(phone)?.[0] ?? '';
  const rest = phone.slice(prefix.length);
  if (rest.length <= 4) return prefix + '*'.repeat(rest.length);
  return prefix + '*'.repeat(rest.length - 4) + rest.slice(-4);
}
