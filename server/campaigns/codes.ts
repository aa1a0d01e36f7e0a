import { createHash, randomInt } from "node:crypto";

// No 0/O, 1/I/L: codes are read off paper and typed on phones.
const ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";

/** A random access code; 10 characters give about 50 bits, far beyond guessing at any rate limit. */
export function generateCode(length = 10): string {
  let code = "";
  for (let i = 0; i < length; i++) code += ALPHABET[randomInt(ALPHABET.length)];
  return code;
}

export function generateCodes(count: number, length?: number): string[] {
  const codes = new Set<string>();
  while (codes.size < count) codes.add(generateCode(length));
  return [...codes];
}

/**
 * A code as managers see it after it was made: enough to tell codes apart on paper, never enough to use
 * one. Six hidden characters of 31 leave about 887 million codes, beyond guessing at the rate limits.
 */
export function maskCode(code: string): string {
  return `${code.slice(0, 2)}••••••${code.slice(-2)}`;
}

/** What is stored of a secret only its holder keeps (a revision key, a device token). */
export function hashSecret(secret: string): string {
  return createHash("sha256").update(secret).digest("hex");
}
