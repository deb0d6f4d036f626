import { createHmac, timingSafeEqual } from 'node:crypto';
import { MAIL_CATEGORIES, type MailCategory } from './mail-messages';

/**
 * Unsubscribe links carry no address: a keyed hash of it (HMAC-SHA-256 with the deployment's
 * mail secret) and the category, signed. The same hash keys `mail_unsubscribes`, so an
 * unsubscribe is kept without keeping the address.
 */
export function addressHash(secret: string, address: string): string {
  return createHmac('sha256', secret)
    .update(`address:${address.trim().toLowerCase()}`)
    .digest('hex');
}

function signature(secret: string, category: string, hash: string): string {
  return createHmac('sha256', secret).update(`unsubscribe:${category}:${hash}`).digest('base64url');
}

export function unsubscribeToken(secret: string, category: MailCategory, hash: string): string {
  return `${category}.${hash}.${signature(secret, category, hash)}`;
}

/** The category and address hash of a well-signed token, or null. */
export function readUnsubscribeToken(
  secret: string,
  token: string,
): { category: MailCategory; hash: string } | null {
  const [category, hash, sent, ...rest] = token.split('.');
  if (rest.length > 0 || !category || !hash || !sent) return null;
  if (!(MAIL_CATEGORIES as readonly string[]).includes(category)) return null;
  if (!/^[0-9a-f]{64}$/.test(hash)) return null;
  const expected = Buffer.from(signature(secret, category, hash));
  const given = Buffer.from(sent);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  return { category: category as MailCategory, hash };
}
