/**
 * Normalises a phone number to international digits (`0812…` → `62812…`, `+62 812-…` → `62812…`).
 * Group ids (`…@g.us`) pass through untouched. Returns '' when nothing usable is left.
 */
export function normalizePhone(input: string | null | undefined, countryCode = '62'): string {
  if (!input) return '';
  const raw = String(input).trim();
  if (raw.endsWith('@g.us')) return raw;
  const digits = raw.replace(/@.*$/, '').replace(/\D/g, '');
  if (!digits) return '';
  if (digits.startsWith('0')) return countryCode + digits.replace(/^0+/, '');
  return digits;
}

export const isGroupId = (id: string) => id.endsWith('@g.us');
