// Passwords (scrypt, per-user salt), session ids, CSRF and API tokens. Only hashes reach the database.
import { createHash, randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/** scrypt cost: N=2^15, r=8, p=1 (OWASP's minimum), about 50 ms and 32 MiB per hash. */
const COST = { N: 32768, r: 8, p: 1 } as const;
const KEY_BYTES = 32;
const MAX_MEM = 64 * 1024 * 1024;

const b64 = (bytes: Buffer) => bytes.toString('base64url');

function derive(password: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFC'), salt, KEY_BYTES, { ...options, maxmem: MAX_MEM }, (err, key) => (err ? reject(err) : resolve(key))),
  );
}

/**
 * A one-time password is 12 random characters of 32 (60 bits), not something a person chose: a low
 * scrypt cost (N=2^10, about 2 ms) is enough against guessing it from a stolen table, and lets a
 * city's 20,000 unit accounts be made in one request. Its first use replaces it with a full-cost hash.
 */
const ONE_TIME_COST = { N: 1024, r: 8, p: 1 } as const;

/** 'scrypt$N$r$p$salt$hash'; the parameters travel with the hash so the cost can rise later. */
export async function hashPassword(password: string, cost: { N: number; r: number; p: number } = COST): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, cost);
  return ['scrypt', cost.N, cost.r, cost.p, b64(salt), b64(key)].join('$');
}

export const hashOneTimePassword = (password: string): Promise<string> => hashPassword(password, ONE_TIME_COST);

/** 12 characters of 32 without look-alikes (no 0/O, 1/I), easy to read out or copy from a printed list. */
export function newOneTimePassword(): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  return [...randomBytes(12)].map((b) => alphabet[b % 32]).join('');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [kind, n, r, p, salt, hash] = stored.split('$');
  if (kind !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64url');
  const key = await derive(password, Buffer.from(salt, 'base64url'), { N: Number(n), r: Number(r), p: Number(p) });
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/** A hash of nothing, verified against when the user name is unknown, so timing does not tell names apart. */
let dummy: Promise<string> | undefined;
export const dummyHash = (): Promise<string> => (dummy ??= hashPassword(randomBytes(16).toString('hex')));

export const sha256Hex = (text: string): string => createHash('sha256').update(text).digest('hex');

export const newSessionId = (): string => b64(randomBytes(32));
export const newCsrfToken = (): string => b64(randomBytes(32));
/** The device cookie: names a browser that signed in to an account before (login throttling only). */
export const newDeviceId = (): string => b64(randomBytes(32));
export const API_TOKEN_PREFIX = 'fz_';
export const newApiToken = (): string => API_TOKEN_PREFIX + b64(randomBytes(32));
/** A generated first-admin password: 18 characters from an alphabet without look-alikes. */
export function newPassword(): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789';
  return [...randomBytes(18)].map((b) => alphabet[b % alphabet.length]).join('');
}

export function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
