import { randomInt } from "node:crypto";

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
