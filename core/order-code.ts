/** Human order codes: "FL-" + 8 Crockford base32 characters (no I, L, O, U), easy to read out at a desk. */
const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

export function orderCodeFrom(randomBytes: Uint8Array): string {
  let code = "";
  for (const byte of randomBytes.subarray(0, 8)) code += ALPHABET.charAt(byte % 32);
  return `FL-${code}`;
}

export function isOrderCode(value: string): boolean {
  return /^FL-[0-9A-HJKMNP-TV-Z]{8}$/.test(value);
}
