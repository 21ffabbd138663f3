/**
 * Addresses whose percent escapes cannot be decoded (docs/decisions/010): a `%` without two hex digits after it
 * (`/api/health%`, `/en/%`), or escapes whose bytes are not UTF-8 (`%FF`, `%C0%80`, `%ED%A0%80`, the last a lone
 * surrogate). Next.js decodes each dynamic segment with decodeURIComponent, fails on these and answers a plain-text
 * 500; next.config.ts rewrites them first to a route that answers 400.
 *
 * The pattern lists what a decodable path is made of (any character but `%`, or an escape sequence that is one
 * UTF-8 character, RFC 3629 section 4) and refuses a path that is not made only of that. Pure; its agreement with
 * decodeURIComponent is tested (core/percent-escapes.test.ts).
 */
const HEX = "[0-9a-fA-F]";
const TAIL = `%[89abAB]${HEX}`;

const DECODABLE_UNIT = [
  "[^%]",
  `%[0-7]${HEX}`,
  `%[cC][2-9a-fA-F]${TAIL}`,
  `%[dD]${HEX}${TAIL}`,
  `%[eE]0%[aAbB]${HEX}${TAIL}`,
  `%[eE][1-9a-cA-CeEfF]${TAIL}${TAIL}`,
  `%[eE][dD]%[89]${HEX}${TAIL}`,
  `%[fF]0%[9abAB]${HEX}${TAIL}${TAIL}`,
  `%[fF][1-3]${TAIL}${TAIL}${TAIL}`,
  `%[fF]4%8${HEX}${TAIL}${TAIL}`,
].join("|");

/**
 * A path-to-regexp pattern (no capturing groups) for the rest of a path that decodeURIComponent would refuse; as
 * a rewrite source: `/:path(${UNDECODABLE_REST})`.
 */
export const UNDECODABLE_REST = `(?!(?:${DECODABLE_UNIT})*$).*`;

// Built from this module's constants only; each alternative starts with its own character, so no backtracking blow-up.
// eslint-disable-next-line security/detect-non-literal-regexp
const UNDECODABLE_PATH = new RegExp(`^/${UNDECODABLE_REST}$`);

/** Whether decodeURIComponent would refuse this path (as sent, still encoded, starting with `/`). */
export function isUndecodablePath(path: string): boolean {
  return UNDECODABLE_PATH.test(path);
}
