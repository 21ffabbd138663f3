/**
 * Real SMTP delivery on both engines: a real SMTP server (smtp-server) on a random local port receives what the
 * outbox sends through nodemailer after a registration is paid, and the message is read back with mailparser:
 * recipient, subject in the registrant's language, order code, runner names, and one inline QR image per runner
 * that encodes the runner's pickup token. A server that refuses leaves the message queued with its error, and a
 * later attempt delivers it.
 */
import { eq } from "drizzle-orm";
import { simpleParser, type ParsedMail } from "mailparser";
import type { AddressInfo } from "node:net";
import QRCode from "qrcode";
import { SMTPServer } from "smtp-server";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { getConnection, withTransaction } from "../db";
import { resetDatabase } from "../../test/db";
import { participant, registrationBody, residentId } from "../../test/factories";
import { liveEventInput } from "../../test/live-event";
import { CLI_ACTOR } from "../actor";
import { resetEnvForTests } from "../env";
import { createEvent } from "../events/manage-events";
import { paySimulatedCheckout } from "../registration/orders";
import { orderAccessToken } from "../registration/order-access";
import { registerEntries } from "../registration/register";
import { deliverOutbox, MAX_ATTEMPTS, outboxDeliverySettled } from "./outbox";
import { first, only, present } from "../../core/lists";

interface Received {
  from: string;
  to: string[];
  mail: ParsedMail;
}

const inbox: Received[] = [];
/** While set, every RCPT TO is refused with this reply. */
let refuseRecipients: { code: number; text: string } | null = null;
let server: SMTPServer;

beforeAll(async () => {
  server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (refuseRecipients) return callback(Object.assign(new Error(`${refuseRecipients.text} <${address.address}>`), { responseCode: refuseRecipients.code }));
      callback();
    },
    onData(stream, session, callback) {
      simpleParser(stream, { skipImageLinks: true })
        .then((mail) => {
          inbox.push({ from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "", to: session.envelope.rcptTo.map((r) => r.address), mail });
          callback();
        })
        .catch(callback);
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  process.env.SMTP_URL = `smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
  process.env.MAIL_FROM = "Test Half <races@example.org>";
  process.env.RATE_LIMIT_REGISTRATIONS_PER_MINUTE = "0";
  delete process.env.STRIPE_SECRET_KEY;
  resetEnvForTests();
});

afterAll(async () => {
  await outboxDeliverySettled();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

beforeEach(async () => {
  await outboxDeliverySettled();
  await resetDatabase();
  inbox.length = 0;
  refuseRecipients = null;
  await createEvent(CLI_ACTOR, liveEventInput());
});

afterEach(() => {
  vi.restoreAllMocks();
});

const child = () =>
  participant({
    race: "fun-run",
    givenName: "小雨",
    latinName: "Zhang Xiaoyu",
    gender: "F",
    birthDate: "2016-06-01",
    idType: "cn_resident_id",
    idNumber: residentId("2016-06-01", 5, true),
    tshirtSize: "130",
    predictedFinishSeconds: undefined,
    guardian: { name: "张伟", phone: "+86 138 0013 8000", idNumber: "E99999999", consent: true },
  });

/** Registers (locale `locale`) and pays through the simulated checkout; its confirmation goes out after commit. */
async function registerAndPay(locale: "en" | "zh", participants: unknown[]) {
  const result = await registerEntries("live-half", registrationBody(participants, { locale, email: "family@example.com" }), { clientIp: "203.0.113.5" });
  const { db, schema } = getConnection();
  const order = first(await db.select().from(schema.orders).where(eq(schema.orders.code, result.order.code)));
  expect(await paySimulatedCheckout(order.code, await orderAccessToken(order.id))).toBe("confirmed");
  await outboxDeliverySettled();
  const entries = await db.select().from(schema.registrations).where(eq(schema.registrations.orderId, order.id));
  const message = first(await db.select().from(schema.emailOutbox).where(eq(schema.emailOutbox.orderId, order.id)));
  return { order, entries, message };
}

async function outboxRow(id: string) {
  const { db, schema } = getConnection();
  const row = first(await db.select().from(schema.emailOutbox).where(eq(schema.emailOutbox.id, id)));
  return row;
}

/** The PNG a QR code for `token` is, exactly as the confirmation email renders it. */
async function qrPng(token: string): Promise<Buffer> {
  const dataUrl = await QRCode.toDataURL(token, { margin: 1, width: 200 });
  return Buffer.from(dataUrl.split(",")[1] ?? "", "base64"); // data:image/png;base64,<data>
}

describe(`SMTP delivery on ${process.env.TEST_ENGINE}`, () => {
  it("delivers the confirmation in English with the order code, both runners and an inline QR code for each", async () => {
    const { order, entries, message } = await registerAndPay("en", [participant(), child()]);
    const { from, to, mail } = only(inbox, "message");
    expect(from).toBe("races@example.org");
    expect(to).toEqual(["family@example.com"]);
    expect(mail.subject).toBe(`Entry confirmed: Test Half 2027 (order ${order.code})`);
    expect(mail.text).toContain(order.code);
    expect(mail.text).toContain("Zhang Wei");
    expect(mail.text).toContain("Zhang Xiaoyu");
    expect(mail.html).toContain("Zhang Xiaoyu");
    // The QR codes travel as inline attachments referenced by cid:, not as data: URLs.
    expect(mail.html).not.toContain("data:image");
    const images = mail.attachments.filter((a) => a.contentType === "image/png");
    expect(images).toHaveLength(2);
    for (const image of images) {
      expect(image.contentDisposition).toBe("inline");
      expect(mail.html).toContain(`cid:${image.cid}`);
    }
    const expected = await Promise.all(entries.map((e) => qrPng(e.pickupToken)));
    expect(images.map((i) => i.content.toString("base64")).sort()).toEqual(expected.map((b) => b.toString("base64")).sort());

    const row = await outboxRow(message.id);
    expect(row).toMatchObject({ status: "sent", attempts: 1, lastError: null, nextAttemptAt: null });
    expect(row.sentAt).toBeInstanceOf(Date);
    expect(await deliverOutbox()).toBe(0); // nothing left to send: never twice
    expect(inbox).toHaveLength(1);
  });

  it("writes to a Chinese registrant in Chinese", async () => {
    const { order } = await registerAndPay("zh", [participant()]);
    const { mail } = first(inbox, "message");
    expect(mail.subject).toBe(`报名成功：测试半程马拉松（订单 ${order.code}）`);
    expect(mail.text).toContain(`订单：${order.code}`);
    expect(mail.text).toContain("张伟 · 半程马拉松 · 号码：待分配");
    expect(mail.html).toContain("参赛者：</strong>张伟");
  });

  it("keeps a refused message queued with its error, retries after the back-off and then delivers it", async () => {
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    refuseRecipients = { code: 451, text: "Mailbox busy, try again later" };
    const { order, message } = await registerAndPay("en", [participant()]);
    expect(inbox).toEqual([]);
    const refused = await outboxRow(message.id);
    expect(refused).toMatchObject({ status: "queued", attempts: 1 });
    expect(refused.lastError).toContain("451");
    expect(present(refused.nextAttemptAt).getTime()).toBeGreaterThan(Date.now());
    // The log names the message and the reply code, not the address.
    expect(errors.mock.calls.flat().join(" ")).toContain(message.id);
    expect(errors.mock.calls.flat().join(" ")).not.toContain("family@example.com");

    expect(await deliverOutbox()).toBe(0); // still waiting out its back-off
    refuseRecipients = null;
    expect(await deliverOutbox({ now: new Date(present(refused.nextAttemptAt).getTime() + 1000) })).toBe(1);
    expect(inbox).toHaveLength(1);
    expect(first(inbox).mail.subject).toContain(order.code);
    expect(await outboxRow(message.id)).toMatchObject({ status: "sent", attempts: 2, lastError: null });
  });

  it(`gives up after ${MAX_ATTEMPTS} refused attempts and leaves the message failed with its last error`, async () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    refuseRecipients = { code: 550, text: "No such user here" };
    const { message } = await registerAndPay("en", [participant()]);
    let at = Date.now();
    for (let attempt = 2; attempt <= MAX_ATTEMPTS; attempt++) {
      at += 3 * 3_600_000;
      expect(await deliverOutbox({ now: new Date(at) })).toBe(1);
    }
    const row = await outboxRow(message.id);
    expect(row).toMatchObject({ status: "failed", attempts: MAX_ATTEMPTS, nextAttemptAt: null });
    expect(row.lastError).toContain("550");
    expect(await deliverOutbox({ now: new Date(at + 24 * 3_600_000) })).toBe(0);
    expect(inbox).toEqual([]);
  });

  it("picks up a message whose delivery was cut off (left sending) once its lease has run out", async () => {
    refuseRecipients = { code: 451, text: "later" };
    vi.spyOn(console, "error").mockImplementation(() => {});
    const { message } = await registerAndPay("en", [participant()]);
    refuseRecipients = null;
    // As if a process claimed it and died mid-send.
    const { schema } = getConnection();
    const claimedAt = new Date();
    await withTransaction((tx) =>
      tx
        .update(schema.emailOutbox)
        .set({ status: "sending", nextAttemptAt: new Date(claimedAt.getTime() + 10 * 60_000) })
        .where(eq(schema.emailOutbox.id, message.id)),
    );
    expect(await deliverOutbox({ now: new Date(claimedAt.getTime() + 60_000) })).toBe(0);
    expect(await deliverOutbox({ now: new Date(claimedAt.getTime() + 11 * 60_000) })).toBe(1);
    expect(inbox).toHaveLength(1);
    expect((await outboxRow(message.id)).status).toBe("sent");
  });
});
