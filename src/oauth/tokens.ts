// Opaque tokens and client secrets: 256 bits from the CSPRNG, base64url. Only SHA-256 digests of
// token values are stored. Client secrets are server-generated with full entropy, so a salted
// HMAC-SHA256 is as strong as a slow KDF here and costs microseconds on every authenticated request
// (performance-notes.md: a KDF per request would cost more than the whole request).
import crypto from 'node:crypto';

export const newOpaqueValue = (): string => crypto.randomBytes(32).toString('base64url');

export const hashToken = (value: string): Buffer => crypto.createHash('sha256').update(value, 'utf8').digest();

export function hashSecret(secret: string, salt: Buffer): Buffer {
  return crypto.createHmac('sha256', salt).update(secret, 'utf8').digest();
}

export const newSalt = (): Buffer => crypto.randomBytes(16);

/** constant-time for equal-length inputs; digests are always 32 bytes */
export function digestsEqual(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && crypto.timingSafeEqual(a, b);
}

/** constant-time string comparison that does not leak the length of the expected value */
export function safeStringEqual(given: string, expected: string): boolean {
  const a = crypto.createHash('sha256').update(given, 'utf8').digest();
  const b = crypto.createHash('sha256').update(expected, 'utf8').digest();
  return crypto.timingSafeEqual(a, b);
}
