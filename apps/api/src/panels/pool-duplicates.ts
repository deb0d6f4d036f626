import type { PanelDuplicate } from '@permanente/contracts';

/** What finds the same person twice: a contact and, optionally, a year of birth. */
export interface Identity {
  name: string | null;
  email: string | null;
  phone: string | null;
  birthYear: number | null;
}

export const normaliseEmail = (email: string | null) => email?.trim().toLowerCase() || null;

/** Digits only; a French number written +33 6… or 0033 6… is the same as 06…. */
export function normalisePhone(phone: string | null): string | null {
  if (!phone) return null;
  let digits = phone.replace(/\D/g, '');
  if (digits.startsWith('0033')) digits = `0${digits.slice(4)}`;
  else if (digits.startsWith('33') && digits.length === 11) digits = `0${digits.slice(2)}`;
  return digits || null;
}

/** Lower case, no accents, single spaces. */
export function normaliseName(name: string | null): string | null {
  if (!name) return null;
  return (
    name
      .normalize('NFD')
      .replace(/\p{M}/gu, '')
      .toLowerCase()
      .replace(/[\s'’-]+/g, ' ')
      .trim() || null
  );
}

function keysOf(identity: Identity): Array<[PanelDuplicate['reason'], string]> {
  const keys: Array<[PanelDuplicate['reason'], string]> = [];
  const email = normaliseEmail(identity.email);
  const phone = normalisePhone(identity.phone);
  const name = normaliseName(identity.name);
  if (email) keys.push(['email', email]);
  if (phone) keys.push(['phone', phone]);
  if (name && identity.birthYear !== null)
    keys.push(['nameBirthYear', `${name}|${identity.birthYear}`]);
  return keys;
}

/**
 * The lines of a file that are the same person as a volunteer already in the pool or as an
 * earlier line: same email, same phone, or same name and year of birth. Each duplicate line is
 * listed once, with the first match found.
 */
export function findDuplicates(
  lines: ReadonlyArray<Identity & { line: number }>,
  pool: ReadonlyArray<Identity & { publicId: string }>,
): PanelDuplicate[] {
  const seen = new Map<string, string>();
  for (const volunteer of pool)
    for (const [reason, key] of keysOf(volunteer))
      if (!seen.has(`${reason}:${key}`)) seen.set(`${reason}:${key}`, volunteer.publicId);
  const duplicates: PanelDuplicate[] = [];
  for (const application of lines) {
    const keys = keysOf(application);
    const match = keys.find(([reason, key]) => seen.has(`${reason}:${key}`));
    if (match) {
      duplicates.push({
        line: application.line,
        matches: seen.get(`${match[0]}:${match[1]}`)!,
        reason: match[0],
      });
      continue;
    }
    for (const [reason, key] of keys) seen.set(`${reason}:${key}`, `line ${application.line}`);
  }
  return duplicates;
}
