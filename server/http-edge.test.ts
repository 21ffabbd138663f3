/**
 * The HTTP edge (server/http-edge.ts) on real sockets: a plain Node server stands in for Next, doing what Next does
 * with a request (reading the nonce from the request's content-security-policy header, compressing, sending a cached
 * page whole with `end(html)`, streaming a rendered one), with the edge installed as in production.
 */
import { createHash } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { gunzipSync } from "node:zlib";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { inlineScripts } from "../core/security-headers";
import { clientIpOf } from "./api/client-ip";
import { resetEnvForTests } from "./env";
import { installHttpEdge } from "./http-edge";
import { first, present } from "../core/lists";

// Next's own copy of the `compression` middleware, which wraps `res.end` after the edge has.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const compression = require("next/dist/compiled/compression") as () => (req: http.IncomingMessage, res: http.ServerResponse, next: () => void) => void;

const FLIGHT = String.raw`self.__next_f.push([1,"1:\"$Sreact.fragment\"\n2:[\"$\",\"p\",null,{\"children\":\"Results\"}]\n"])`;
const FLIGHT_START = "(self.__next_f=self.__next_f||[]).push([0])";
/** A cached page: rendered for an earlier request (nonce "old"), with one script of a shape Next never writes. */
const CACHED_PAGE = `<!DOCTYPE html><html><head><script src="/_next/static/chunks/a.js" async=""></script></head><body><main>${"<p>row</p>".repeat(200)}</main><script nonce="old">${FLIGHT_START}</script><script>${FLIGHT}</script><script>alert(document.cookie)</script></body></html>`;

const sha256 = (s: string) => `'sha256-${createHash("sha256").update(s).digest("base64")}'`;
const scriptSrc = (policy: string | undefined) => policy?.split("; ").find((d) => d.startsWith("script-src "))?.split(" ").slice(1) ?? [];

let server: http.Server;
let port: number;

beforeAll(async () => {
  installHttpEdge();
  const compress = compression();
  server = http.createServer((req, res) => {
    compress(req, res, () => {});
    const url = new URL(req.url ?? "/", "http://x");
    if (url.pathname === "/whoami") {
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify({ key: clientIpOf(new Headers(req.headers as Record<string, string>)), peer: req.headers["x-finishline-peer"] }));
    } else if (url.pathname === "/rendered") {
      // A page rendered for this request: Next takes the nonce from the request's policy and streams the HTML.
      const nonce = /'nonce-([^']+)'/.exec(String(req.headers["content-security-policy"]))?.[1];
      res.setHeader("content-type", "text/html; charset=utf-8");
      res.write(`<!DOCTYPE html><html><body><p>hi</p><script nonce="${nonce}">${FLIGHT_START}</script>`);
      res.end(`<script nonce="${nonce}">${FLIGHT}</script></body></html>`);
    } else if (url.pathname === "/cached") {
      res.setHeader("content-type", "text/html; charset=utf-8");
      res.setHeader("content-length", Buffer.byteLength(CACHED_PAGE));
      if (req.headers["if-none-match"] === '"v1"') {
        res.statusCode = 304;
        res.end();
        return;
      }
      res.setHeader("etag", '"v1"');
      res.end(CACHED_PAGE);
    } else {
      res.statusCode = 404;
      res.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
  delete process.env.TRUSTED_PROXIES;
  process.env.PUBLIC_URL = "http://localhost:3000";
  resetEnvForTests();
});

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** One request from a chosen local address (the loopback network is all ours: 127.0.0.0/8). */
function get(path: string, options: { from?: string; headers?: Record<string, string> } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: "127.0.0.1", port, path, localAddress: options.from ?? "127.0.0.1", headers: options.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => {
        const raw = Buffer.concat(chunks);
        const body = res.headers["content-encoding"] === "gzip" ? gunzipSync(raw).toString("utf8") : raw.toString("utf8");
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body });
      });
    });
    req.on("error", reject);
    req.end();
  });
}

describe(`the HTTP edge on ${process.env.TEST_ENGINE}`, () => {
  it("keys a client by its socket address; a forged X-Forwarded-For or peer header is ignored", async () => {
    expect(JSON.parse((await get("/whoami")).body)).toEqual({ key: "127.0.0.1", peer: "127.0.0.1" });
    const forged = { "x-forwarded-for": "6.6.6.6", "x-finishline-peer": "7.7.7.7", "x-real-ip": "8.8.8.8" };
    expect(JSON.parse((await get("/whoami", { from: "127.0.0.2", headers: forged })).body)).toEqual({ key: "127.0.0.2", peer: "127.0.0.2" });
  });

  it("believes X-Forwarded-For only from TRUSTED_PROXIES, walking it from the right", async () => {
    process.env.TRUSTED_PROXIES = "127.0.0.1, 10.0.0.0/8";
    resetEnvForTests();
    const through = (xff: string, from = "127.0.0.1") => get("/whoami", { from, headers: { "x-forwarded-for": xff } }).then((a) => JSON.parse(a.body).key);
    expect(await through("203.0.113.9")).toBe("203.0.113.9");
    expect(await through("6.6.6.6, 203.0.113.9, 10.1.2.3")).toBe("203.0.113.9");
    expect(await through("2001:db8:5:6::1")).toBe("2001:db8:5:6::/64");
    // Not a trusted proxy: what it says is not believed.
    expect(await through("203.0.113.9", "127.0.0.3")).toBe("127.0.0.3");
  });

  it("gives every page a policy whose nonce is the one its scripts carry, a new one each time", async () => {
    const pages = [await get("/rendered"), await get("/rendered")];
    const nonces = pages.map((p) => {
      const sources = scriptSrc(p.headers["content-security-policy"] as string);
      expect(sources.filter((s) => s.startsWith("'sha256-"))).toEqual([]);
      const nonce = present(/^'nonce-(.+)'$/.exec(present(sources.find((s) => s.startsWith("'nonce-")))))[1];
      expect(inlineScripts(p.body).map((s) => s.nonce)).toEqual([nonce, nonce]);
      return nonce;
    });
    expect(nonces[0]).not.toBe(nonces[1]);
    expect(nonces[0]).toMatch(/^[A-Za-z0-9+/]{22}==$/);
    expect(first(pages).headers["strict-transport-security"]).toBeUndefined();
    expect(first(pages).headers["content-security-policy"]).not.toContain("upgrade-insecure-requests");
  });

  it("allows a cached page's own scripts by hash, compressed or not, and never a script of another shape", async () => {
    for (const headers of [{}, { "accept-encoding": "gzip" }] as Record<string, string>[]) {
      const page = await get("/cached", { headers });
      expect(page.body).toBe(CACHED_PAGE);
      const sources = scriptSrc(page.headers["content-security-policy"] as string);
      expect(sources.filter((s) => s.startsWith("'sha256-")).sort()).toEqual([sha256(FLIGHT_START), sha256(FLIGHT)].sort());
      expect(sources).not.toContain(sha256("alert(document.cookie)"));
      expect(sources).not.toContain("'nonce-old'");
      expect(sources.some((s) => s.startsWith("'nonce-"))).toBe(true);
    }
    expect((await get("/cached", { headers: { "accept-encoding": "gzip" } })).headers["content-encoding"]).toBe("gzip");
  });

  it("puts no policy on what is not a document, nor on a 304", async () => {
    expect((await get("/whoami")).headers["content-security-policy"]).toBeUndefined();
    const notModified = await get("/cached", { headers: { "if-none-match": '"v1"' } });
    expect(notModified.status).toBe(304);
    expect(notModified.headers["content-security-policy"]).toBeUndefined();
  });

  it("sends HSTS and upgrades sub-resources when PUBLIC_URL is https", async () => {
    process.env.PUBLIC_URL = "https://race.example.com";
    resetEnvForTests();
    for (const path of ["/rendered", "/whoami"]) expect((await get(path)).headers["strict-transport-security"]).toBe("max-age=31536000");
    expect((await get("/rendered")).headers["content-security-policy"]).toContain("upgrade-insecure-requests");
  });
});
