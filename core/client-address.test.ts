import { describe, expect, it } from "vitest";
import { clientKeyOf, formatIp, inRange, parseIp, parseIpRange, parseTrustedProxies, resolveClientAddress, type IpRange } from "./client-address";
import { present } from "./lists";

const text = (s: string) => {
  const ip = parseIp(s);
  return ip ? formatIp(ip) : null;
};

const ranges = (s: string): IpRange[] => {
  const parsed = parseTrustedProxies(s);
  if (!parsed.ok) throw new Error(parsed.invalid.join());
  return parsed.ranges;
};

const client = (peer: string | null, forwardedFor: string | null, trusted = "") => {
  const ip = resolveClientAddress(peer, forwardedFor, ranges(trusted));
  return ip ? clientKeyOf(ip) : null;
};

describe("parseIp", () => {
  it("reads IPv4, IPv6, ports, brackets, zones and IPv4-mapped IPv6", () => {
    expect(text("203.0.113.7")).toBe("203.0.113.7");
    expect(text(" 203.0.113.7 ")).toBe("203.0.113.7");
    expect(text("203.0.113.7:51234")).toBe("203.0.113.7");
    expect(text("::ffff:127.0.0.1")).toBe("127.0.0.1");
    expect(text("::FFFF:7F00:1")).toBe("127.0.0.1");
    expect(text("::1")).toBe("::1");
    expect(text("[2001:db8::1]:443")).toBe("2001:db8::1");
    expect(text("[2001:db8::1]")).toBe("2001:db8::1");
    expect(text("fe80::1%eth0")).toBe("fe80::1");
    expect(text("2001:DB8:0:0:0:0:0:1")).toBe("2001:db8::1");
    expect(text("2001:db8:0:0:1:0:0:1")).toBe("2001:db8::1:0:0:1");
    expect(text("2001:db8:0:1:1:1:1:1")).toBe("2001:db8:0:1:1:1:1:1");
    expect(text("::")).toBe("::");
    expect(text("64:ff9b::192.0.2.33")).toBe("64:ff9b::c000:221");
  });

  it("refuses what is not an address", () => {
    for (const bad of ["", "unknown", "256.1.1.1", "1.2.3", "1.2.3.4.5", "01.2.3.4x", "1::2::3", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7::8", "12345::", "[::1", "::ffff:1.2.3.256", "g::1", "1.2.3.4/8", "x".repeat(100)]) {
      expect(parseIp(bad), bad).toBeNull();
    }
  });
});

describe("ranges", () => {
  it("parses addresses and CIDR ranges, and tells membership", () => {
    const lan = present(parseIpRange("10.0.0.0/8"));
    expect(inRange(present(parseIp("10.200.3.4")), lan)).toBe(true);
    expect(inRange(present(parseIp("11.0.0.1")), lan)).toBe(false);
    expect(inRange(present(parseIp("::ffff:10.1.1.1")), lan)).toBe(true);
    const odd = present(parseIpRange("192.168.1.128/25"));
    expect(inRange(present(parseIp("192.168.1.200")), odd)).toBe(true);
    expect(inRange(present(parseIp("192.168.1.100")), odd)).toBe(false);
    const one = present(parseIpRange("203.0.113.7"));
    expect(one.prefix).toBe(32);
    expect(inRange(present(parseIp("203.0.113.7")), one)).toBe(true);
    expect(inRange(present(parseIp("203.0.113.8")), one)).toBe(false);
    const v6 = present(parseIpRange("2001:db8::/32"));
    expect(inRange(present(parseIp("2001:db8:ffff::1")), v6)).toBe(true);
    expect(inRange(present(parseIp("2001:db9::1")), v6)).toBe(false);
    expect(inRange(present(parseIp("10.0.0.1")), v6)).toBe(false);
    expect(parseIpRange("::ffff:10.0.0.0/104")).toEqual(lan);
    expect(present(parseIpRange("0.0.0.0/0")).prefix).toBe(0);
    expect(inRange(present(parseIp("8.8.8.8")), present(parseIpRange("0.0.0.0/0")))).toBe(true);
  });

  it("reads TRUSTED_PROXIES and names every bad entry", () => {
    expect(parseTrustedProxies(undefined)).toEqual({ ok: true, ranges: [] });
    expect(parseTrustedProxies("  ")).toEqual({ ok: true, ranges: [] });
    const good = parseTrustedProxies("10.0.0.0/8, 127.0.0.1 ::1,2001:db8::/48");
    expect(good.ok && good.ranges.map((r) => `${formatIp(r)}/${r.prefix}`)).toEqual(["10.0.0.0/8", "127.0.0.1/32", "::1/128", "2001:db8::/48"]);
    expect(parseTrustedProxies("10.0.0.0/33, 127.0.0.1, proxy.internal, 2001:db8::/129, 1.2.3.4/8/1, ::ffff:1.2.3.4/95")).toEqual({
      ok: false,
      invalid: ["10.0.0.0/33", "proxy.internal", "2001:db8::/129", "1.2.3.4/8/1", "::ffff:1.2.3.4/95"],
    });
  });
});

describe("resolveClientAddress", () => {
  it("with no trusted proxies is the socket's peer, whatever X-Forwarded-For says", () => {
    expect(client("198.51.100.20", null)).toBe("198.51.100.20");
    expect(client("198.51.100.20", "1.2.3.4")).toBe("198.51.100.20");
    expect(client("::ffff:198.51.100.20", "1.2.3.4, 5.6.7.8")).toBe("198.51.100.20");
    expect(client(null, "1.2.3.4")).toBeNull();
    expect(client("not-an-address", "1.2.3.4")).toBeNull();
  });

  it("walks X-Forwarded-For from the right past trusted proxies only", () => {
    // One proxy on the same host: the entry it appended is the client.
    expect(client("127.0.0.1", "203.0.113.9", "127.0.0.1")).toBe("203.0.113.9");
    // A client's forged entries sit to the left of what our proxy appended, and are never reached.
    expect(client("127.0.0.1", "6.6.6.6, 203.0.113.9", "127.0.0.1")).toBe("203.0.113.9");
    // Two proxies (a load balancer in 10/8 behind the local one).
    expect(client("127.0.0.1", "6.6.6.6, 203.0.113.9, 10.0.0.5", "127.0.0.1, 10.0.0.0/8")).toBe("203.0.113.9");
    // A peer that is not trusted: its header is ignored.
    expect(client("192.0.2.50", "203.0.113.9", "127.0.0.1")).toBe("192.0.2.50");
    // A trusted proxy that sent no header: the proxy is all we know.
    expect(client("127.0.0.1", null, "127.0.0.1")).toBe("127.0.0.1");
    // Every hop trusted: the leftmost.
    expect(client("10.0.0.1", "10.0.0.2, 10.0.0.3", "10.0.0.0/8")).toBe("10.0.0.2");
    // Garbage where an address should be: the walk stops at the last address a trusted hop vouched for.
    expect(client("127.0.0.1", "203.0.113.9, unknown, 10.0.0.5", "127.0.0.1, 10.0.0.0/8")).toBe("10.0.0.5");
    // Ports and brackets as some proxies write them.
    expect(client("127.0.0.1", "[2001:db8:1:2::99]:4711", "127.0.0.1")).toBe("2001:db8:1:2::/64");
    expect(client("127.0.0.1", "203.0.113.9:4711", "127.0.0.1")).toBe("203.0.113.9");
  });

  it("keys IPv6 clients by their /64", () => {
    expect(client("2001:db8:1:2:aaaa:bbbb:cccc:dddd", null)).toBe("2001:db8:1:2::/64");
    expect(client("2001:db8:1:2::1", null)).toBe(client("2001:db8:1:2:ffff::7", null));
    expect(client("2001:db8:1:3::1", null)).not.toBe(client("2001:db8:1:2::1", null));
  });
});
