import { randomBytes, timingSafeEqual, createHash } from 'node:crypto';

/** A fresh access token: 32 random bytes as hex. */
export function generateToken(): string {
  return randomBytes(32).toString('hex');
}

/** Constant-time comparison; hashing first makes both sides the same length whatever was sent. */
export function tokenMatches(expected: string, given: unknown): boolean {
  if (typeof given !== 'string' || given.length === 0 || given.length > 1024) return false;
  const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();
  return timingSafeEqual(digest(expected), digest(given));
}
