/** What the phone keeps of a participation: the credential and enough to find the way back. */
export interface StoredParticipation {
  token: string;
  participantId: string;
  workshopId: string;
  workshopTitle: string;
}

const STORAGE_KEY = 'permanente.participation';
// Storage can be disabled (private mode on old phones): the participation then lasts as long
// as the page stays open.
let inMemory: StoredParticipation | null = null;

function isParticipation(value: unknown): value is StoredParticipation {
  if (!value || typeof value !== 'object') return false;
  const record = value as Record<string, unknown>;
  return ['token', 'participantId', 'workshopId', 'workshopTitle'].every(
    (key) => typeof record[key] === 'string',
  );
}

export function readParticipation(): StoredParticipation | null {
  try {
    const raw = window.localStorage.getItem(STORAGE_KEY);
    const parsed: unknown = raw ? JSON.parse(raw) : null;
    if (isParticipation(parsed)) return parsed;
  } catch {
    // unreadable storage or damaged value: fall back to this page's memory
  }
  return inMemory;
}

export function saveParticipation(participation: StoredParticipation): void {
  inMemory = participation;
  try {
    window.localStorage.setItem(STORAGE_KEY, JSON.stringify(participation));
  } catch {
    // kept in memory only
  }
}

export function forgetParticipation(): void {
  inMemory = null;
  try {
    window.localStorage.removeItem(STORAGE_KEY);
  } catch {
    // nothing was stored
  }
}
