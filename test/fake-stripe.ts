/**
 * A local HTTP server that answers like Stripe for the calls Finishline makes (Checkout Sessions, refunds), so
 * tests drive the real `stripe` SDK through STRIPE_API_BASE. It keeps idempotency like Stripe (same key and
 * parameters: the first answer again; same key, other parameters: 400 idempotency_error), records every request
 * for assertions, can be told to fail, and makes the webhook events Stripe would send, signed with the SDK's
 * own test signer.
 */
import { randomBytes } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import Stripe from "stripe";
import { nth, present } from "../core/lists";

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  idempotencyKey: string | null;
  authorization: string | null;
  body: Record<string, unknown>;
}

interface FakeSession {
  id: string;
  object: "checkout.session";
  [key: string]: unknown;
}

interface FakeCharge {
  id: string;
  paymentIntent: string;
  amount: number;
  currency: string;
}

const id = (prefix: string) => `${prefix}_test_${randomBytes(12).toString("hex")}`;
const unix = () => Math.floor(Date.now() / 1000);

/** Stripe's form encoding (`a[b][0][c]=v`) back into nested objects and arrays. */
export function parseStripeForm(text: string): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(text)) {
    const parts = key.replace(/\]/g, "").split("[");
    let node = root as Record<string, unknown>;
    parts.forEach((part, i) => {
      if (i === parts.length - 1) {
        node[part] = value;
      } else {
        node[part] ??= /^\d+$/.test(nth(parts, i + 1)) ? [] : {};
        node = node[part] as Record<string, unknown>;
      }
    });
  }
  return root;
}

function stripeError(status: number, type: string, message: string, code?: string) {
  return { status, body: { error: { type, message, ...(code ? { code } : {}) } } };
}

export class FakeStripe {
  readonly requests: RecordedRequest[] = [];
  readonly sessions = new Map<string, FakeSession>();
  readonly refunds: Stripe.Refund[] = [];
  private readonly charges = new Map<string, FakeCharge>();
  private readonly idempotent = new Map<string, { params: string; status: number; body: unknown }>();
  private readonly failures = new Map<string, number>();
  private server!: http.Server;
  url = "";

  static async start(): Promise<FakeStripe> {
    const fake = new FakeStripe();
    fake.server = http.createServer((req, res) => void fake.serve(req, res));
    await new Promise<void>((resolve) => fake.server.listen(0, "127.0.0.1", resolve));
    fake.url = `http://127.0.0.1:${(fake.server.address() as AddressInfo).port}`;
    return fake;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** Forget everything (between test cases). */
  reset(): void {
    this.requests.length = 0;
    this.sessions.clear();
    this.refunds.length = 0;
    this.charges.clear();
    this.idempotent.clear();
    this.failures.clear();
  }

  /** Answer `status` (a Stripe api_error) to every `METHOD /v1/path` until cleared with `fail(route, null)`. */
  fail(route: string, status: number | null): void {
    if (status === null) this.failures.delete(route);
    else this.failures.set(route, status);
  }

  requestsTo(route: string): RecordedRequest[] {
    return this.requests.filter((r) => `${r.method} ${r.path}` === route);
  }

  private async serve(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString("utf8");
    const url = new URL(req.url ?? "/", this.url);
    const record: RecordedRequest = {
      method: req.method ?? "GET",
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      idempotencyKey: (req.headers["idempotency-key"] as string | undefined) ?? null,
      authorization: req.headers.authorization ?? null,
      body: parseStripeForm(raw),
    };
    this.requests.push(record);
    const answer = this.answer(record, raw);
    res.writeHead(answer.status, { "content-type": "application/json", "request-id": id("req") });
    res.end(JSON.stringify(answer.body));
  }

  private answer(r: RecordedRequest, raw: string): { status: number; body: unknown } {
    if (!r.authorization?.startsWith("Bearer sk_test_")) return stripeError(401, "invalid_request_error", "Invalid API Key provided.");
    const route = `${r.method} ${r.path}`;
    const failure = this.failures.get(route);
    if (failure) return stripeError(failure, "api_error", "The fake Stripe was told to fail.");
    if (r.method === "POST" && r.idempotencyKey) {
      const seen = this.idempotent.get(r.idempotencyKey);
      if (seen) {
        if (seen.params !== `${route}?${raw}`) return stripeError(400, "idempotency_error", "Keys for idempotent requests can only be used with the same parameters they were first used with.");
        return { status: seen.status, body: seen.body };
      }
    }
    const result = this.route(r);
    if (r.method === "POST" && r.idempotencyKey && result.status < 500) this.idempotent.set(r.idempotencyKey, { params: `${route}?${raw}`, ...result });
    return result;
  }

  private route(r: RecordedRequest): { status: number; body: unknown } {
    const route = `${r.method} ${r.path}`;
    if (route === "POST /v1/checkout/sessions") return { status: 200, body: this.createSession(r.body) };
    if (route === "POST /v1/refunds") return this.createRefund(r.body);
    const expire = /^POST \/v1\/checkout\/sessions\/([^/]+)\/expire$/.exec(route);
    if (expire) return this.expireSession(nth(expire, 1));
    if (route === "GET /v1/refunds") {
      const data = this.refunds.filter((x) => !r.query.charge || x.charge === r.query.charge);
      return { status: 200, body: { object: "list", data, has_more: false, url: "/v1/refunds" } };
    }
    return stripeError(404, "invalid_request_error", `Unrecognized request URL (${route}).`);
  }

  private createSession(p: Record<string, unknown>): FakeSession {
    const lines = (p.line_items as { quantity: string; price_data: { currency: string; unit_amount: string } }[]) ?? [];
    const amount = lines.reduce((sum, l) => sum + Number(l.price_data.unit_amount) * Number(l.quantity), 0);
    const sessionId = id("cs");
    const session: FakeSession = {
      id: sessionId,
      object: "checkout.session",
      mode: p.mode,
      status: "open",
      payment_status: "unpaid",
      amount_subtotal: amount,
      amount_total: amount,
      currency: lines[0]?.price_data.currency ?? "cny",
      customer_email: p.customer_email,
      client_reference_id: p.client_reference_id ?? null,
      metadata: p.metadata ?? {},
      payment_intent: null,
      locale: p.locale,
      success_url: p.success_url,
      cancel_url: p.cancel_url,
      expires_at: Number(p.expires_at),
      created: unix(),
      livemode: false,
      url: `${this.url}/pay/${sessionId}`,
    };
    this.sessions.set(sessionId, session);
    return session;
  }

  private expireSession(sessionId: string): { status: number; body: unknown } {
    const session = this.sessions.get(sessionId);
    if (!session) return stripeError(404, "invalid_request_error", `No such checkout.session: '${sessionId}'`, "resource_missing");
    if (session.status !== "open") return stripeError(400, "invalid_request_error", "Only Checkout Sessions with a status of open can be expired.");
    session.status = "expired";
    session.url = null;
    return { status: 200, body: session };
  }

  private createRefund(p: Record<string, unknown>): { status: number; body: unknown } {
    const charge = [...this.charges.values()].find((c) => c.paymentIntent === p.payment_intent);
    if (!charge) return stripeError(404, "invalid_request_error", `No such payment_intent: '${String(p.payment_intent)}'`, "resource_missing");
    const amount = p.amount === undefined ? charge.amount - this.refundedOf(charge.id) : Number(p.amount);
    if (amount > charge.amount - this.refundedOf(charge.id)) {
      return stripeError(400, "invalid_request_error", "Refund amount is greater than unrefunded amount on charge.", "amount_too_large");
    }
    return { status: 200, body: this.addRefund(charge, amount, (p.metadata as Record<string, string>) ?? {}) };
  }

  private refundedOf(chargeId: string): number {
    return this.refunds.filter((x) => x.charge === chargeId && x.status !== "failed" && x.status !== "canceled").reduce((s, x) => s + x.amount, 0);
  }

  private addRefund(charge: FakeCharge, amount: number, metadata: Record<string, string>, status: Stripe.Refund["status"] = "succeeded"): Stripe.Refund {
    const refund = {
      id: id("re"),
      object: "refund",
      amount,
      currency: charge.currency,
      charge: charge.id,
      payment_intent: charge.paymentIntent,
      metadata,
      status,
      reason: null,
      created: unix(),
    } as unknown as Stripe.Refund;
    this.refunds.push(refund);
    return refund;
  }

  // ---- What Stripe does on its side, for tests ----

  /** The session made for an order code. */
  sessionOf(orderCode: string): FakeSession {
    const session = [...this.sessions.values()].find((s) => s.client_reference_id === orderCode);
    if (!session) throw new Error(`no Checkout Session for ${orderCode}`);
    return session;
  }

  /**
   * The buyer completes the session: a PaymentIntent and a charge exist from now on. `unpaid` is a delayed method
   * (the money comes later, see settle()). Returns the session as Stripe then shows it.
   */
  complete(sessionId: string, paymentStatus: "paid" | "unpaid" = "paid"): FakeSession {
    const session = this.sessions.get(sessionId);
    if (!session) throw new Error(`no session ${sessionId}`);
    const paymentIntent = (session.payment_intent as string | null) ?? id("pi");
    if (!session.payment_intent) {
      const chargeId = id("ch");
      this.charges.set(chargeId, { id: chargeId, paymentIntent, amount: session.amount_total as number, currency: session.currency as string });
    }
    Object.assign(session, { status: "complete", payment_status: paymentStatus, payment_intent: paymentIntent });
    return { ...session };
  }

  /** A delayed payment settles (async_payment_succeeded) or fails (async_payment_failed). */
  settle(sessionId: string, succeeded: boolean): FakeSession {
    const session = present(this.sessions.get(sessionId));
    session.payment_status = succeeded ? "paid" : "unpaid";
    return { ...session };
  }

  /** The session expires unpaid. */
  expire(sessionId: string): FakeSession {
    const session = present(this.sessions.get(sessionId));
    Object.assign(session, { status: "expired" });
    return { ...session };
  }

  /** Someone refunds in the Stripe dashboard (no call from us). */
  refundFromDashboard(paymentIntent: string, amount: number): Stripe.Refund {
    const charge = [...this.charges.values()].find((c) => c.paymentIntent === paymentIntent);
    if (!charge) throw new Error(`no charge for ${paymentIntent}`);
    return this.addRefund(charge, amount, {});
  }

  /** The charge of a PaymentIntent as a charge.refunded event carries it (without its refunds, as Stripe now sends it). */
  chargeOf(paymentIntent: string): Record<string, unknown> {
    const charge = [...this.charges.values()].find((c) => c.paymentIntent === paymentIntent);
    if (!charge) throw new Error(`no charge for ${paymentIntent}`);
    const refunded = this.refundedOf(charge.id);
    return {
      id: charge.id,
      object: "charge",
      amount: charge.amount,
      amount_refunded: refunded,
      refunded: refunded >= charge.amount,
      currency: charge.currency,
      payment_intent: charge.paymentIntent,
      paid: true,
      status: "succeeded",
      metadata: {},
      livemode: false,
      created: unix(),
    };
  }

  /** A webhook event as Stripe sends it. */
  event(type: string, object: unknown): Record<string, unknown> {
    return {
      id: id("evt"),
      object: "event",
      api_version: Stripe.API_VERSION,
      created: unix(),
      livemode: false,
      pending_webhooks: 1,
      request: { id: null, idempotency_key: null },
      type,
      data: { object },
    };
  }

  /** The POST Stripe makes to our webhook: the raw JSON body and its Stripe-Signature header. */
  static webhookRequest(event: unknown, secret: string, options: { signature?: string; body?: string } = {}): Request {
    const payload = JSON.stringify(event);
    const signature = options.signature ?? Stripe.webhooks.generateTestHeaderString({ payload, secret });
    return new Request("http://localhost/api/v1/webhooks/stripe", {
      method: "POST",
      headers: { "content-type": "application/json", "stripe-signature": signature },
      body: options.body ?? payload,
    });
  }
}
