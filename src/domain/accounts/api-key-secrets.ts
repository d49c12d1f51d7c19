import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

const KEY_PREFIX = 'tnt_';
const DISPLAY_LENGTH = KEY_PREFIX.length + 8;

export interface NewApiKey {
  /** Shown to the caller once; never stored. */
  key: string;
  prefix: string;
  hash: string;
}

/** 32 random bytes: with that much entropy a fast SHA-256 is enough to store it safely. */
export function generateApiKey(): NewApiKey {
  const key = KEY_PREFIX + randomBytes(32).toString('base64url');
  return { key, prefix: key.slice(0, DISPLAY_LENGTH), hash: hashApiKey(key) };
}

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** Constant-time comparison of two hex digests. */
export function sameHash(a: string, b: string): boolean {
  const left = Buffer.from(a, 'hex');
  const right = Buffer.from(b, 'hex');
  return left.length === right.length && timingSafeEqual(left, right);
}

/** Cheap shape check before touching the database: anything else is not one of our keys. */
export function looksLikeApiKey(value: string): boolean {
  return value.startsWith(KEY_PREFIX) && value.length >= DISPLAY_LENGTH + 8 && value.length <= 128;
}
