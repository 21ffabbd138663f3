/**
 * Security headers as pure rules (docs/decisions/011-csp-and-client-address.md): the Content-Security-Policy every
 * page gets, which inline scripts are Next's own (the only ones a policy may allow by hash), and the same-origin
 * rule for POSTs to pages (server actions).
 */

/** HSTS for a site served over https: a year, this host only (sub-domains may belong to someone else). */
export const STRICT_TRANSPORT_SECURITY = "max-age=31536000";

/** Stripe Checkout's pages: the registration form without JavaScript is redirected there after its POST. */
export const STRIPE_CHECKOUT_ORIGIN = "https://checkout.stripe.com";

export interface PolicyOptions {
  /** This response's nonce (base64): Next puts it on every script it renders for the request. */
  nonce: string;
  /** `sha256-…` sources for Next's own inline scripts in HTML that was rendered for another request (a cached page). */
  scriptHashes?: readonly string[];
  /** PUBLIC_URL is https: ask for every sub-resource over https too. */
  https: boolean;
  /** `next dev`: React evaluates code for its debugging information. */
  development: boolean;
}

/**
 * Scripts only from this origin, and inline only with this response's nonce or a listed hash; no plugins, no
 * `<base>`, never framed; fetches, the results stream and images only from here (plus `data:`/`blob:` images: the
 * pickup QR codes and the desk's photo of a code). Forms post here or to Stripe Checkout.
 */
export function contentSecurityPolicy(options: PolicyOptions): string {
  const script = ["'self'", `'nonce-${options.nonce}'`, ...(options.scriptHashes ?? []).map((h) => `'${h}'`)];
  if (options.development) script.push("'unsafe-eval'");
  const directives = [
    "default-src 'self'",
    `script-src ${script.join(" ")}`,
    // React and the charts set style attributes, which a nonce cannot cover.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "media-src 'self' blob:",
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'none'",
    `form-action 'self' ${STRIPE_CHECKOUT_ORIGIN}`,
    "frame-ancestors 'none'",
  ];
  if (options.https) directives.push("upgrade-insecure-requests");
  return directives.join("; ");
}

export interface InlineScript {
  /** The nonce attribute as written, or null. */
  nonce: string | null;
  body: string;
}

const SCRIPT = /<script\b([^>]*)>([\s\S]*?)<\/script\s*>/gi;
const NONCE_ATTRIBUTE = /\snonce=(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))/i;
const SRC_ATTRIBUTE = /\ssrc\s*=/i;

/** The inline scripts of an HTML document (scripts with a `src` are not inline). */
export function inlineScripts(html: string): InlineScript[] {
  const found: InlineScript[] = [];
  for (const match of html.matchAll(SCRIPT)) {
    const [, attributes = "", body = ""] = match; // both groups always take part in a match
    if (SRC_ATTRIBUTE.test(attributes)) continue;
    const nonce = NONCE_ATTRIBUTE.exec(attributes);
    found.push({ nonce: nonce ? (nonce[1] ?? nonce[2] ?? nonce[3] ?? null) : null, body });
  }
  return found;
}

// What Next 16's App Router writes inline into a page: the start of the flight data, each chunk of it (a JSON string,
// or null at its end), and Turbopack's list of the page's chunks. A script of any other shape is not Next's.
const JSON_STRING = String.raw`"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"`;
const FLIGHT_START = /^\(self\.__next_f=self\.__next_f\|\|\[\]\)\.push\(\[0\]\)$/;
// eslint-disable-next-line security/detect-non-literal-regexp -- built from the constant above
const FLIGHT_CHUNK = new RegExp(String.raw`^self\.__next_f\.push\(\[\d{1,2},(?:${JSON_STRING}|null)\]\)$`);
const TURBOPACK_CHUNKS = /^\(globalThis\["TURBOPACK"\] \|\| \(globalThis\["TURBOPACK"\] = \[\]\)\)\.push\((\{[^<]*\})\);?$/;

/** Whether an inline script is one Next writes itself (and so may be allowed by its hash in a cached page). */
export function isFrameworkScript(body: string): boolean {
  if (FLIGHT_START.test(body) || FLIGHT_CHUNK.test(body)) return true;
  const chunks = TURBOPACK_CHUNKS.exec(body)?.[1];
  if (chunks === undefined) return false;
  try {
    const value = JSON.parse(chunks) as Record<string, unknown>;
    const keys = Object.keys(value);
    return (
      keys.every((k) => k === "otherChunks" || k === "runtimeModuleIds") &&
      (value.otherChunks === undefined || (Array.isArray(value.otherChunks) && value.otherChunks.every((c) => typeof c === "string" && /^static\/[\w./-]+$/.test(c)))) &&
      (value.runtimeModuleIds === undefined || (Array.isArray(value.runtimeModuleIds) && value.runtimeModuleIds.every((m) => typeof m === "number" || typeof m === "string")))
    );
  } catch {
    return false;
  }
}

/**
 * The `Origin` of a POST to a page against the host it was sent to, the way Next checks a server action
 * (`x-forwarded-host`'s first entry, else `host`): a browser sends `Origin` with every POST, so one from another
 * site (or `null`, an opaque origin) is a cross-site request. No `Origin` at all is not a browser's (Next lets it
 * through too). True when the request must be refused.
 */
export function isCrossSitePost(headers: { method: string; origin: string | null; host: string | null; forwardedHost: string | null }): boolean {
  if (headers.method.toUpperCase() !== "POST" || headers.origin === null) return false;
  if (headers.origin === "null") return true;
  let originHost: string;
  try {
    originHost = new URL(headers.origin).host;
  } catch {
    return true;
  }
  const host = headers.forwardedHost?.split(",")[0]?.trim() || headers.host;
  return !host || originHost !== host;
}
