/**
 * Masks a phone number (or wa_id) for logs: every character but the last four becomes `*`.
 * `maskPhone('15551234567')` is `'*******4567'`. Short or missing values are masked entirely.
 */
export function maskPhone(phone: string | undefined | null): string {
  if (!phone) return '';
  if (phone.length <= 4) return '*'.repeat(phone.length);
  return '*'.repeat(phone.length - 4) + phone.slice(-4);
}
