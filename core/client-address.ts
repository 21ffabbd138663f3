/**
 * The client address that rate limits are keyed by (docs/decisions/011-csp-and-client-address.md), as pure logic:
 * IP parsing, CIDR ranges, and the walk through `X-Forwarded-For` past trusted proxies.
 *
 * The chain is what each hop says it saw, oldest first, ending with the socket's peer (the one address nobody can
 * forge). Reading from the right, every address that is a trusted proxy vouches for the entry to its left; the
 * first address that is not trusted is the client. With no trusted proxies the client is the peer itself, whatever
 * `X-Forwarded-For` says.
 */

export interface IpAddress {
  version: 4 | 6;
  /** 4 or 16 bytes, network order. */
  bytes: number[];
}

export interface IpRange {
  version: 4 | 6;
  bytes: number[];
  prefix: number;
}

function parseIpv4(text: string): [number, number, number, number] | null {
  const parts = text.split(".");
  if (parts.length !== 4) return null;
  const bytes: number[] = [];
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part)) return null;
    const n = Number(part);
    if (n > 255) return null;
    bytes.push(n);
  }
  const [a, b, c, d] = bytes;
  return a === undefined || b === undefined || c === undefined || d === undefined ? null : [a, b, c, d];
}

function parseIpv6(input: string): number[] | null {
  let text = input;
  // An IPv4 tail (::ffff:192.0.2.1) stands for the last two groups.
  if (text.includes(".")) {
    const lastColon = text.lastIndexOf(":");
    const v4 = parseIpv4(text.slice(lastColon + 1));
    if (!v4) return null;
    text = `${text.slice(0, lastColon + 1)}${((v4[0] << 8) | v4[1]).toString(16)}:${((v4[2] << 8) | v4[3]).toString(16)}`;
  }
  const halves = text.split("::");
  if (halves.length > 2) return null;
  const toGroups = (s: string) => (s === "" ? [] : s.split(":"));
  const [leftText = "", rightText] = halves; // split always answers at least one part
  const left = toGroups(leftText);
  const right = rightText === undefined ? [] : toGroups(rightText);
  // "::" stands for at least one group of zeros.
  if (halves.length === 2 && left.length + right.length > 7) return null;
  const groups = halves.length === 2 ? [...left, ...Array<string>(8 - left.length - right.length).fill("0"), ...right] : left;
  if (groups.length !== 8) return null;
  const bytes: number[] = [];
  for (const g of groups) {
    if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return null;
    const n = parseInt(g, 16);
    bytes.push(n >> 8, n & 0xff);
  }
  return bytes;
}

/**
 * An IP address as found in a socket or a forwarding header: IPv4, IPv6 (with a zone or in brackets), either with a
 * port (`192.0.2.1:5000`, `[2001:db8::1]:443`). IPv4-mapped IPv6 addresses (`::ffff:192.0.2.1`, what a socket
 * listening on `::` reports for an IPv4 client) are the IPv4 address. Anything else is null.
 */
export function parseIp(input: string): IpAddress | null {
  let text = input.trim();
  if (text.length === 0 || text.length > 64) return null;
  if (text.startsWith("[")) {
    const close = text.indexOf("]");
    const after = text.slice(close + 1);
    if (close < 0 || (after !== "" && !/^:\d{1,5}$/.test(after))) return null;
    text = text.slice(1, close);
  } else if (/^[\d.]+:\d{1,5}$/.test(text)) text = text.slice(0, text.indexOf(":"));
  const zone = text.indexOf("%");
  if (zone >= 0) text = text.slice(0, zone);
  if (!text.includes(":")) {
    const v4 = parseIpv4(text);
    return v4 ? { version: 4, bytes: v4 } : null;
  }
  const v6 = parseIpv6(text);
  if (!v6) return null;
  const mapped = v6.slice(0, 10).every((b) => b === 0) && v6[10] === 0xff && v6[11] === 0xff;
  return mapped ? { version: 4, bytes: v6.slice(12) } : { version: 6, bytes: v6 };
}

/** IPv4 dotted; IPv6 in its canonical text form (RFC 5952: lower case, the longest run of zero groups as `::`). */
export function formatIp(ip: Pick<IpAddress, "version" | "bytes">): string {
  if (ip.version === 4) return ip.bytes.join(".");
  // 16 bytes; a missing one reads as 0, as the bit operators would read undefined.
  const groups = Array.from({ length: 8 }, (_, i) => ((ip.bytes[i * 2] ?? 0) << 8) | (ip.bytes[i * 2 + 1] ?? 0));
  let best = { start: -1, length: 0 };
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > best.length) best = { start: i, length: j - i };
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (best.length < 2) return hex.join(":");
  return `${hex.slice(0, best.start).join(":")}::${hex.slice(best.start + best.length).join(":")}`;
}

/** `10.0.0.0/8`, `2001:db8::/32`, or one address (`203.0.113.7`: a /32, `::1`: a /128). */
export function parseIpRange(input: string): IpRange | null {
  const [address, prefixText, ...rest] = input.trim().split("/");
  if (rest.length > 0) return null;
  if (!address || address.includes("[")) return null;
  const ip = parseIp(address);
  if (!ip) return null;
  if (prefixText === undefined) return { ...ip, prefix: ip.version === 4 ? 32 : 128 };
  if (!/^\d{1,3}$/.test(prefixText)) return null;
  const written = address.includes(":") ? 128 : 32;
  const prefix = Number(prefixText);
  if (prefix > written) return null;
  // An IPv4-mapped range (::ffff:10.0.0.0/104) is the IPv4 range it maps.
  const own = ip.version === 4 && written === 128 ? prefix - 96 : prefix;
  if (own < 0) return null;
  return { ...ip, prefix: own };
}

export type TrustedProxiesParse = { ok: true; ranges: IpRange[] } | { ok: false; invalid: string[] };

/** TRUSTED_PROXIES: addresses and CIDR ranges separated by commas (or spaces); empty means none. */
export function parseTrustedProxies(input: string | undefined): TrustedProxiesParse {
  const items = (input ?? "").split(/[\s,]+/).filter(Boolean);
  const ranges: IpRange[] = [];
  const invalid: string[] = [];
  for (const item of items) {
    const range = parseIpRange(item);
    if (range) ranges.push(range);
    else invalid.push(item);
  }
  return invalid.length > 0 ? { ok: false, invalid } : { ok: true, ranges };
}

export function inRange(ip: IpAddress, range: IpRange): boolean {
  if (ip.version !== range.version) return false;
  let bits = range.prefix;
  for (let i = 0; bits > 0; i++, bits -= 8) {
    const mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
    // Same version, same length; a byte past the end reads as 0, as the bit operators would read undefined.
    if (((ip.bytes[i] ?? 0) & mask) !== ((range.bytes[i] ?? 0) & mask)) return false;
  }
  return true;
}

/**
 * The client's address: from the socket's peer, walk `X-Forwarded-For` leftwards while the address in hand is a
 * trusted proxy. An entry that is not an address ends the walk at the last address that is one (a proxy writes
 * the address it saw; a value that is none was not written by a proxy we trust). Null without a usable peer.
 */
export function resolveClientAddress(peer: string | null | undefined, forwardedFor: string | null | undefined, trusted: readonly IpRange[]): IpAddress | null {
  const peerIp = peer ? parseIp(peer) : null;
  if (!peerIp) return null;
  let current = peerIp;
  if (trusted.length === 0) return current;
  const forwarded = (forwardedFor ?? "").split(",").map((s) => s.trim()).filter(Boolean);
  for (const entry of [...forwarded].reverse()) {
    if (!trusted.some((range) => inRange(current, range))) break;
    const next = parseIp(entry);
    if (!next) break;
    current = next;
  }
  return current;
}

/**
 * The key a client is counted under: an IPv4 address, or an IPv6 address's /64 network. One subscriber's line
 * (a home router, a phone) gets at least a /64, and choosing another address in it costs nothing.
 */
export function clientKeyOf(ip: IpAddress): string {
  if (ip.version === 4) return formatIp(ip);
  return `${formatIp({ version: 6, bytes: [...ip.bytes.slice(0, 8), ...Array<number>(8).fill(0)] })}/64`;
}
