/**
 * A mail server for the e2e run: accepts every message over SMTP (no TLS, no auth), keeps it in memory parsed,
 * and serves what arrived over HTTP so a spec can check that an email really went out through SMTP.
 *
 *   SMTP  127.0.0.1:$MAIL_SINK_SMTP_PORT   (the app's SMTP_URL)
 *   HTTP  127.0.0.1:$MAIL_SINK_HTTP_PORT
 *         GET /health                → 200
 *         GET /messages?to=<address> → [{ to, from, subject, text, html, attachments: [{ contentType, cid }], receivedAt }]
 *
 * Playwright starts it as a webServer (playwright.config.ts). Run alone: `npx tsx e2e/smtp-sink.ts`.
 */
import http from "node:http";
import { simpleParser, type AddressObject } from "mailparser";
import { SMTPServer } from "smtp-server";

interface StoredMessage {
  to: string[];
  from: string;
  subject: string;
  text: string;
  html: string;
  attachments: { contentType: string; cid: string | null }[];
  receivedAt: string;
}

const smtpPort = Number(process.env.MAIL_SINK_SMTP_PORT || 2525);
const httpPort = Number(process.env.MAIL_SINK_HTTP_PORT || 2580);
/** Enough for any e2e run; the oldest go first. */
const MAX_MESSAGES = 500;
const messages: StoredMessage[] = [];

function addresses(field: AddressObject | AddressObject[] | undefined): string[] {
  const list = Array.isArray(field) ? field : field ? [field] : [];
  return list.flatMap((a) => a.value.map((v) => (v.address ?? "").toLowerCase())).filter(Boolean);
}

const smtp = new SMTPServer({
  authOptional: true,
  disabledCommands: ["AUTH", "STARTTLS"],
  logger: false,
  size: 10 * 1024 * 1024,
  onData(stream, session, callback) {
    simpleParser(stream)
      .then((mail) => {
        const envelope = session.envelope.rcptTo.map((r) => r.address.toLowerCase());
        messages.push({
          to: [...new Set([...envelope, ...addresses(mail.to)])],
          from: addresses(mail.from)[0] ?? "",
          subject: mail.subject ?? "",
          text: mail.text ?? "",
          html: typeof mail.html === "string" ? mail.html : "",
          attachments: mail.attachments.map((a) => ({ contentType: a.contentType, cid: a.cid ?? null })),
          receivedAt: new Date().toISOString(),
        });
        if (messages.length > MAX_MESSAGES) messages.shift();
        callback();
      })
      .catch((error: unknown) => callback(error instanceof Error ? error : new Error(String(error))));
  },
});

const api = http.createServer((req, res) => {
  const url = new URL(req.url ?? "/", `http://127.0.0.1:${httpPort}`);
  const send = (status: number, body: unknown) => {
    res.writeHead(status, { "content-type": "application/json; charset=utf-8" });
    res.end(JSON.stringify(body));
  };
  if (req.method === "GET" && url.pathname === "/health") return send(200, { ok: true, messages: messages.length });
  if (req.method === "GET" && url.pathname === "/messages") {
    const to = url.searchParams.get("to")?.toLowerCase();
    return send(200, to ? messages.filter((m) => m.to.includes(to)) : messages);
  }
  return send(404, { error: "not found" });
});

smtp.on("error", (error) => console.error(`[smtp-sink] ${error.message}`));
smtp.listen(smtpPort, "127.0.0.1", () => {
  api.listen(httpPort, "127.0.0.1", () => console.log(`[smtp-sink] SMTP on 127.0.0.1:${smtpPort}, HTTP on 127.0.0.1:${httpPort}`));
});

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    api.close();
    smtp.close(() => process.exit(0));
  });
}
