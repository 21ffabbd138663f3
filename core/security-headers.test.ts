import { describe, expect, it } from "vitest";
import { contentSecurityPolicy, inlineScripts, isCrossSitePost, isFrameworkScript } from "./security-headers";

const directives = (policy: string) => Object.fromEntries(policy.split("; ").map((d) => [d.split(" ")[0], d.split(" ").slice(1)]));

// The three inline scripts Next 16 writes into a results page (taken from a production build; the flight data cut short).
const TURBOPACK =
  '(globalThis["TURBOPACK"] || (globalThis["TURBOPACK"] = [])).push({"otherChunks":["static/chunks/421c_el12128q.js","static/chunks/1h3u1v_gvzbuc.js"],"runtimeModuleIds":[494553]});';
const FLIGHT_START = "(self.__next_f=self.__next_f||[]).push([0])";
const FLIGHT_CHUNK = String.raw`self.__next_f.push([1,"1:\"$Sreact.fragment\"\n2:I[\"/_next/static/chunks/421c_el12128q.js\"]\n3:[\"$\",\"td\",null,{\"children\":\"\u003cscript\u003e李娜\"}]\n"])`;

describe("contentSecurityPolicy", () => {
  it("allows scripts from this origin with the nonce, and nothing inline otherwise", () => {
    const d = directives(contentSecurityPolicy({ nonce: "abc+/=", https: false, development: false }));
    expect(d["script-src"]).toEqual(["'self'", "'nonce-abc+/='"]);
    expect(d["object-src"]).toEqual(["'none'"]);
    expect(d["base-uri"]).toEqual(["'none'"]);
    expect(d["frame-ancestors"]).toEqual(["'none'"]);
    expect(d["connect-src"]).toEqual(["'self'"]);
    expect(d["img-src"]).toEqual(["'self'", "data:", "blob:"]);
    expect(d["form-action"]).toEqual(["'self'", "https://checkout.stripe.com"]);
    expect(d["upgrade-insecure-requests"]).toBeUndefined();
    expect(JSON.stringify(d["script-src"])).not.toContain("unsafe");
  });

  it("adds hashes, https upgrades, and eval in development only", () => {
    const d = directives(contentSecurityPolicy({ nonce: "n", scriptHashes: ["sha256-AAA=", "sha256-BBB="], https: true, development: true }));
    expect(d["script-src"]).toEqual(["'self'", "'nonce-n'", "'sha256-AAA='", "'sha256-BBB='", "'unsafe-eval'"]);
    expect(d["upgrade-insecure-requests"]).toEqual([]);
  });
});

describe("inline scripts", () => {
  it("finds inline scripts and their nonces, not scripts with a src", () => {
    const html = `<html><head><script src="/_next/static/a.js" async=""></script><script id="_R_" nonce="n1">${TURBOPACK}</script></head>
      <body><p>x</p><script>${FLIGHT_START}</script><SCRIPT nonce='n2'>${FLIGHT_CHUNK}</SCRIPT ><script nonce=n3>alert(1)</script></body></html>`;
    expect(inlineScripts(html)).toEqual([
      { nonce: "n1", body: TURBOPACK },
      { nonce: null, body: FLIGHT_START },
      { nonce: "n2", body: FLIGHT_CHUNK },
      { nonce: "n3", body: "alert(1)" },
    ]);
  });

  it("recognizes Next's own inline scripts and nothing else", () => {
    for (const own of [TURBOPACK, FLIGHT_START, FLIGHT_CHUNK, 'self.__next_f.push([2,null])', 'self.__next_f.push([3,"AAEC"])']) expect(isFrameworkScript(own), own).toBe(true);
    for (const other of [
      "alert(1)",
      'self.__next_f.push([1,"x"]);alert(1)',
      'self.__next_f.push([1,"x"+alert(1)+""])',
      'self.__next_f.push([1,"x"]),alert(1)//"])',
      'self.__next_f.push([1,"unterminated\\"])',
      "(self.__next_f=self.__next_f||[]).push([0]);fetch('//evil')",
      '(globalThis["TURBOPACK"] || (globalThis["TURBOPACK"] = [])).push({"otherChunks":["https://evil.example/x.js"]});',
      '(globalThis["TURBOPACK"] || (globalThis["TURBOPACK"] = [])).push({"otherChunks":[],"run":"alert(1)"});',
      '(globalThis["TURBOPACK"] || (globalThis["TURBOPACK"] = [])).push({"otherChunks":[]}+alert(1));',
      "",
    ]) {
      expect(isFrameworkScript(other), other).toBe(false);
    }
  });
});

describe("isCrossSitePost", () => {
  const post = (origin: string | null, host: string | null = "race.example.com", forwardedHost: string | null = null, method = "POST") =>
    isCrossSitePost({ method, origin, host, forwardedHost });

  it("lets a same-site POST through, and any request without an Origin or that is not a POST", () => {
    expect(post("https://race.example.com")).toBe(false);
    expect(post("http://127.0.0.1:3000", "127.0.0.1:3000")).toBe(false);
    expect(post(null)).toBe(false);
    expect(post("https://evil.example", "race.example.com", null, "GET")).toBe(false);
    // Behind a proxy, the host the browser used is the forwarded one (its first entry), as Next reads it.
    expect(post("https://race.example.com", "app:3000", "race.example.com, proxy.internal")).toBe(false);
  });

  it("refuses a POST from another origin, an opaque origin, or one the host cannot be compared with", () => {
    expect(post("https://evil.example")).toBe(true);
    expect(post("https://race.example.com.evil.example")).toBe(true);
    expect(post("http://race.example.com:8080")).toBe(true);
    expect(post("null")).toBe(true);
    expect(post("not a url")).toBe(true);
    expect(post("https://race.example.com", null)).toBe(true);
    expect(post("https://race.example.com", "app:3000", "evil.example")).toBe(true);
    expect(post("https://evil.example", "race.example.com", null, "post")).toBe(true);
  });
});
