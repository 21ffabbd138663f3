/**
 * What the app's HTTP server does with every request before Next sees it, and with every response as it leaves
 * (docs/decisions/011-csp-and-client-address.md). Installed once per process by instrumentation.ts, through Node's
 * `http.server.request.start` diagnostics channel, which runs before the server's request handler (Next).
 *
 * - The socket's peer goes into PEER_HEADER (a client's own value is replaced): the client address for rate limits
 *   (server/api/client-ip.ts). Next only passes it on as `x-forwarded-for` when the client did not send one.
 * - Security headers: HSTS when PUBLIC_URL is https, and a Content-Security-Policy on every document. Its nonce is
 *   also put on the request's own `content-security-policy` header, which is where Next reads the nonce it puts on
 *   the scripts of a page rendered for the request.
 * - A page served from Next's cache (the results pages: ISR) was rendered for another request, so its scripts do not
 *   carry this response's nonce. Next sends such a page whole (`end(html)`); the hashes of Next's own inline scripts
 *   in it are then added to the policy. An inline script of any other shape is not allowed, whichever way.
 */
import { createHash, randomBytes } from "node:crypto";
import diagnostics from "node:diagnostics_channel";
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from "node:http";
import type { Socket } from "node:net";
import { contentSecurityPolicy, inlineScripts, isFrameworkScript, STRICT_TRANSPORT_SECURITY } from "../core/security-headers";
import { PEER_HEADER } from "./api/client-ip";
import { env } from "./env";

const CSP = "content-security-policy";

/** Response types that are documents a browser runs scripts in; other responses need no policy. */
const DOCUMENT_TYPE = /^\s*(?:text\/html|application\/xhtml\+xml|image\/svg\+xml|text\/xml|application\/xml)\b/i;

export interface EdgeOptions {
  https: boolean;
  development: boolean;
}

function edgeOptions(): EdgeOptions {
  return { https: env().PUBLIC_URL.startsWith("https:"), development: env().NODE_ENV === "development" };
}

function contentTypeOf(response: ServerResponse, headers?: OutgoingHttpHeaders | unknown[]): string {
  if (headers && !Array.isArray(headers)) {
    for (const [name, value] of Object.entries(headers)) if (name.toLowerCase() === "content-type") return String(value);
  }
  return String(response.getHeader("content-type") ?? "");
}

let warnedUnknownScript = false;

/** Adds the hashes of Next's own inline scripts that do not carry this response's nonce (a cached page). */
function policyForWholeBody(html: string, nonce: string, options: EdgeOptions): string | null {
  const hashes = new Set<string>();
  let unknown = 0;
  for (const script of inlineScripts(html)) {
    if (script.nonce === nonce) continue;
    if (!isFrameworkScript(script.body)) {
      unknown += 1;
      continue;
    }
    hashes.add(`sha256-${createHash("sha256").update(script.body, "utf8").digest("base64")}`);
  }
  if (unknown > 0 && !warnedUnknownScript) {
    warnedUnknownScript = true;
    console.warn(`[http] a page carried ${unknown} inline script(s) that are neither this response's nor Next's own; the browser will not run them`);
  }
  return hashes.size > 0 ? contentSecurityPolicy({ nonce, scriptHashes: [...hashes], ...options }) : null;
}

/**
 * Makes `wrap(fn)` the response's `end` for good: whatever later code (Next's compression) installs as `end` is
 * wrapped in turn, so the wrapper always sees the body Next hands over, before it is compressed.
 */
function wrapEnd(response: ServerResponse, before: (chunk: unknown) => void): void {
  const wrap = (fn: ServerResponse["end"]) =>
    function (this: ServerResponse, ...args: unknown[]) {
      before(args[0]);
      return (fn as (...a: unknown[]) => ServerResponse).apply(this, args);
    } as ServerResponse["end"];
  let current = wrap(response.end);
  Object.defineProperty(response, "end", {
    configurable: true,
    enumerable: true,
    get: () => current,
    set: (fn: ServerResponse["end"]) => {
      current = wrap(fn);
    },
  });
}

/** Everything the edge does for one request (exported for tests, which drive a plain Node server with it). */
export function onRequestStart(request: IncomingMessage, response: ServerResponse, socket: Socket, options: EdgeOptions = edgeOptions()): void {
  const peer = socket.remoteAddress;
  if (peer) request.headers[PEER_HEADER] = peer;
  else delete request.headers[PEER_HEADER];

  if (options.https) response.setHeader("Strict-Transport-Security", STRICT_TRANSPORT_SECURITY);
  const nonce = randomBytes(16).toString("base64");
  const policy = contentSecurityPolicy({ nonce, ...options });
  request.headers[CSP] = policy;
  delete request.headers[`${CSP}-report-only`];
  response.setHeader(CSP, policy);

  let bodySeen = false;
  wrapEnd(response, (chunk) => {
    if (bodySeen || response.headersSent) return;
    bodySeen = true;
    if (!response.hasHeader(CSP) || !DOCUMENT_TYPE.test(contentTypeOf(response))) return;
    const html = typeof chunk === "string" ? chunk : Buffer.isBuffer(chunk) || chunk instanceof Uint8Array ? Buffer.from(chunk).toString("utf8") : null;
    if (!html) return;
    const withHashes = policyForWholeBody(html, nonce, options);
    if (withHashes) response.setHeader(CSP, withHashes);
  });

  // A policy only matters on a document; a 304 has no body (and must not replace the cached page's policy).
  const writeHead = response.writeHead;
  response.writeHead = function (this: ServerResponse, statusCode: number, ...rest: unknown[]) {
    const headers = rest.find((r) => typeof r === "object" && r !== null) as OutgoingHttpHeaders | unknown[] | undefined;
    if (statusCode === 304 || !DOCUMENT_TYPE.test(contentTypeOf(this, headers))) this.removeHeader(CSP);
    return (writeHead as (...a: unknown[]) => ServerResponse).call(this, statusCode, ...rest);
  } as ServerResponse["writeHead"];
}

const installed = globalThis as unknown as { finishlineHttpEdge?: (message: unknown) => void };

/** Subscribes onRequestStart to every HTTP request of this process; a second call (a dev reload) does nothing. */
export function installHttpEdge(): void {
  if (installed.finishlineHttpEdge) return;
  edgeOptions(); // a bad configuration stops the start, not the first request
  installed.finishlineHttpEdge = (message) => {
    const { request, response, socket } = message as { request: IncomingMessage; response: ServerResponse; socket: Socket };
    try {
      onRequestStart(request, response, socket);
    } catch (error) {
      // A subscriber's exception would be rethrown on its own and end the process.
      console.error(`[http] request start: ${error instanceof Error ? error.name : "unknown error"}`);
    }
  };
  diagnostics.subscribe("http.server.request.start", installed.finishlineHttpEdge);
}
