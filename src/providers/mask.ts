/**
 * Contact details in logs and in answers to anyone but their person: enough to tell two apart, never
 * enough to call or write to. Pure.
 */

/** "+15555550100" → "+1••••••0100": the country code and the last four digits. */
export function maskNumber(e164: string): string {
  const digits = e164.replace(/^\+/, '');
  if (digits.length <= 6) return '•'.repeat(e164.length);
  const country = digits.length > 10 ? digits.slice(0, digits.length - 10) : digits.slice(0, 1);
  return `+${country}${'•'.repeat(digits.length - country.length - 4)}${digits.slice(-4)}`;
}

/** "ana.lopez@example.com" → "a•••@example.com". */
export function maskEmail(address: string): string {
  const at = address.lastIndexOf('@');
  if (at <= 0) return '•••';
  return `${address[0]}•••${address.slice(at)}`;
}

/** "https://ntfy.example.com/topic/secret" → "https://ntfy.example.com/•••". */
export function maskUrl(url: string): string {
  try {
    return `${new URL(url).origin}/•••`;
  } catch {
    return '•••';
  }
}

export function maskAddress(kind: string, address: string): string {
  if (kind === 'sms' || kind === 'voice') return maskNumber(address);
  if (kind === 'email') return maskEmail(address);
  return maskUrl(address);
}
