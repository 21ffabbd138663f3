/**
 * The finisher's certificate (issue 5, "Certificate"): one A4 landscape PDF page per finisher, in Chinese or
 * English labels, with the runner's name in native script and Latin letters, the event, race, distance and date,
 * the official time beside gun and net time, the places overall, by gender and by age group ("123 of 4,567"), and
 * a QR code of the address that checks the certificate on the site, printed under it too.
 *
 * The check: the address carries a short code, an HMAC over event, race, bib, status and both times. The verify
 * page computes it again from the current official result, so a certificate stops verifying as soon as that
 * result is corrected (a time changed, a finisher disqualified), and nobody can make a code for a time of their
 * own. Places are left out of the code on purpose: they move when other runners' results are imported, which does
 * not make this runner's certificate wrong.
 *
 * Text is set in Noto Sans SC (server/exports/cjk-font.ts), embedded as a subset, so Chinese names, Latin names
 * and digits all come out in one font, and a PDF reader can copy or search them.
 */
import "server-only";
import { createHmac, timingSafeEqual } from "node:crypto";
import { and, count, eq, isNotNull, type SQL } from "drizzle-orm";
import PDFDocument from "pdfkit";
import QRCode from "qrcode";
import { createTranslator } from "use-intl/core";
import { z } from "zod";
import { formatRaceTime } from "../../core/results/time";
import { fromZodIssues } from "../../core/validation";
import { getConnection } from "../db";
import en from "../../messages/en/certificates.json";
import zh from "../../messages/zh/certificates.json";
import { getAuthSecret } from "../auth/secret";
import { env } from "../env";
import { DomainError } from "../errors";
import { cjkFont } from "../exports/cjk-font";
import { cachedResults } from "./cache";
import { getRunnerResult, publicRace } from "./queries";
import type { RaceResultsInfo, ResultView } from "./types";

export const CERTIFICATE_LOCALES = ["zh", "en"] as const;
export type CertificateLocale = (typeof CERTIFICATE_LOCALES)[number];

const localeSchema = z.enum(CERTIFICATE_LOCALES).default("zh");

/** `?locale=`: zh (default) or en; anything else is refused rather than guessed. */
export function parseCertificateLocale(value: string | null | undefined): CertificateLocale {
  const parsed = localeSchema.safeParse(value === "" || value === null ? undefined : value);
  if (!parsed.success) throw new DomainError("validation_failed", "The locale must be zh or en.", fromZodIssues(parsed.error.issues, "locale"));
  return parsed.data;
}

// ---- The code ----

/** What the code covers: change any of these and the certificate no longer verifies. */
export type CertifiedResult = Pick<ResultView, "bib" | "status" | "gunTimeMs" | "netTimeMs">;

/** 12 base64url characters: 72 bits, short enough to type from paper, far too many to guess. */
const CODE_LENGTH = 12;

/**
 * The certificate's code. The key is derived from the app's secret (getAuthSecret) for this one use, so a code
 * is never valid as anything else the secret signs. Fields are joined as JSON, so no two different results
 * give the same message.
 */
export async function certificateCode(eventSlug: string, raceSlug: string, result: CertifiedResult): Promise<string> {
  const key = createHmac("sha256", await getAuthSecret()).update("finishline certificate v1").digest();
  const message = JSON.stringify([eventSlug, raceSlug, result.bib, result.status, result.gunTimeMs, result.netTimeMs]);
  return createHmac("sha256", key).update(message).digest("base64url").slice(0, CODE_LENGTH);
}

function sameCode(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The public address that checks a certificate; its QR code is printed on it. */
export function certificateVerifyUrl(locale: CertificateLocale, eventSlug: string, raceSlug: string, bib: string, code: string): string {
  const path = [eventSlug, "results", raceSlug, bib, "verify"].map(encodeURIComponent).join("/");
  return `${env().PUBLIC_URL}/${locale}/events/${path}?code=${encodeURIComponent(code)}`;
}

// ---- Loading ----

/** How many runners each place is out of: placed finishers of the race, of the runner's gender, of the age group. */
export interface PlaceTotals {
  overall: number | null;
  gender: number | null;
  ageGroup: number | null;
}

/**
 * Counts of placed finishers (three index look-ups), cached like the other results reads under the race's results
 * version, so they change with the places they go with.
 */
async function placeTotals(race: RaceResultsInfo, result: ResultView): Promise<PlaceTotals> {
  const { race: row } = await publicRace(race.eventSlug, race.raceSlug);
  const { db, schema } = getConnection();
  const r = schema.results;
  const countWhere = async (...conditions: SQL[]) => {
    const [found] = await db.select({ n: count() }).from(r).where(and(eq(r.raceId, row.id), ...conditions));
    return Number(found?.n ?? 0);
  };
  const { gender, ageGroup } = result;
  return cachedResults(row.id, `certificate-totals:${race.version}:${gender ?? ""}:${ageGroup ?? ""}`, async () => ({
    overall: await countWhere(isNotNull(r.placeOverall)),
    gender: gender === null ? null : await countWhere(isNotNull(r.placeGender), eq(r.gender, gender)),
    ageGroup: gender === null || ageGroup === null ? null : await countWhere(isNotNull(r.placeAgeGroup), eq(r.gender, gender), eq(r.ageGroup, ageGroup)),
  }));
}

export interface FinisherCertificate {
  race: RaceResultsInfo;
  result: ResultView;
  totals: PlaceTotals;
  code: string;
  verifyUrl: string;
  locale: CertificateLocale;
}

function notAFinisher(result: ResultView): DomainError {
  return new DomainError(
    "not_found",
    `Bib ${result.bib} is not listed as a finisher of this race (status ${result.status}): certificates are for finishers only.`,
  );
}

/** Everything a finisher's certificate shows; not_found for an unknown event, race or bib, or a runner who did not finish. */
export async function loadFinisherCertificate(eventSlug: string, raceSlug: string, bib: string, locale: CertificateLocale): Promise<FinisherCertificate> {
  const { race, result } = await getRunnerResult(eventSlug, raceSlug, bib);
  if (result.status !== "finished" || result.rankTimeMs === null) throw notAFinisher(result);
  const totals = await placeTotals(race, result);
  const code = await certificateCode(race.eventSlug, race.raceSlug, result);
  return { race, result, totals, code, verifyUrl: certificateVerifyUrl(locale, race.eventSlug, race.raceSlug, result.bib, code), locale };
}

export type CertificateCheck =
  /** The code matches the current official result. */
  | { outcome: "valid"; race: RaceResultsInfo; result: ResultView; totals: PlaceTotals }
  /** The runner finished, but the code is not the one for the current result: changed since, or mistyped. */
  | { outcome: "mismatch"; race: RaceResultsInfo; result: ResultView; totals: PlaceTotals }
  /** The runner is no longer (or never was) a finisher: no certificate for this bib is valid. */
  | { outcome: "not_finisher"; race: RaceResultsInfo; result: ResultView }
  /** The address carries no code. */
  | { outcome: "missing_code"; race: RaceResultsInfo; result: ResultView };

/** Checks a certificate's code against the current official result; not_found for an unknown event, race or bib. */
export async function checkCertificate(eventSlug: string, raceSlug: string, bib: string, code: string | null | undefined): Promise<CertificateCheck> {
  const { race, result } = await getRunnerResult(eventSlug, raceSlug, bib);
  if (result.status !== "finished" || result.rankTimeMs === null) return { outcome: "not_finisher", race, result };
  const given = (code ?? "").trim();
  if (given === "") return { outcome: "missing_code", race, result };
  const totals = await placeTotals(race, result);
  const expected = await certificateCode(race.eventSlug, race.raceSlug, result);
  return { outcome: sameCode(given, expected) ? "valid" : "mismatch", race, result, totals };
}

// ---- Drawing ----

const CATALOG = { en: en.pdf, zh: zh.pdf };
function makeTranslator(locale: CertificateLocale) {
  return createTranslator({ locale, messages: { pdf: CATALOG[locale] }, namespace: "pdf" });
}
const TRANSLATORS: { [L in CertificateLocale]?: ReturnType<typeof makeTranslator> } = {};
const translator = (locale: CertificateLocale) => (TRANSLATORS[locale] ??= makeTranslator(locale));

const LANGUAGE_TAG: Record<CertificateLocale, string> = { zh: "zh-CN", en: "en" };

/** "21.0975" for 21097.5 m: up to four decimals, as the race is defined. */
export function formatDistanceKm(distanceMeters: number, locale: CertificateLocale): string {
  return new Intl.NumberFormat(LANGUAGE_TAG[locale], { maximumFractionDigits: 4 }).format(distanceMeters / 1000);
}

/** The event's calendar date `YYYY-MM-DD`, written out ("April 18, 2027" / "2027年4月18日"), never shifted a day. */
export function formatCertificateDate(date: string, locale: CertificateLocale): string {
  const [y = NaN, m = NaN, d = NaN] = date.split("-").map(Number); // a part missing is NaN, as Number(undefined)
  return new Intl.DateTimeFormat(LANGUAGE_TAG[locale], { dateStyle: "long", timeZone: "UTC" }).format(new Date(Date.UTC(y, m - 1, d)));
}

export function formatCount(n: number, locale: CertificateLocale): string {
  return new Intl.NumberFormat(LANGUAGE_TAG[locale]).format(n);
}

// A4 landscape, in points (1/72 inch).
const PAGE: [number, number] = [841.89, 595.28];
const INK = "#1b1d1f";
const MUTED = "#5a6169";
const ACCENT = "#9a3412";

type Doc = PDFKit.PDFDocument;
type Align = "left" | "center" | "right";

/** The largest size up to `max` at which `text` fits `width` in the current font. */
function fitSize(doc: Doc, text: string, max: number, width: number): number {
  doc.fontSize(max);
  const w = doc.widthOfString(text);
  return w <= width ? max : Math.max(5, Math.floor(((max * width) / w) * 10) / 10);
}

/**
 * One line of text, its baseline at `baseline`, aligned in [x, x + width], shrunk to fit. Placed by hand rather
 * than with pdfkit's `width`/`align`, whose line wrapper may start a new page near the bottom (as in the bib sheet).
 */
function line(doc: Doc, text: string, font: "bold" | "regular", max: number, x: number, baseline: number, width: number, align: Align, color = INK): void {
  doc.font(font).fillColor(color);
  const size = fitSize(doc, text, max, width);
  doc.fontSize(size);
  const w = doc.widthOfString(text);
  const left = align === "left" ? x : align === "center" ? x + (width - w) / 2 : x + width - w;
  doc.text(text, left, baseline, { lineBreak: false, baseline: "alphabetic" });
}

/** The QR code as vector squares (sharp at any print size, a few hundred bytes), dark runs of a row merged. */
function drawQr(doc: Doc, text: string, x: number, y: number, size: number): void {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: "M" });
  const quiet = 2;
  const n = modules.size;
  const cell = size / (n + 2 * quiet);
  doc.save().rect(x, y, size, size).fill("#ffffff");
  doc.fillColor("#000000");
  for (let row = 0; row < n; row++) {
    let col = 0;
    while (col < n) {
      if (!modules.get(row, col)) {
        col++;
        continue;
      }
      const start = col;
      while (col < n && modules.get(row, col)) col++;
      // A hair wider than the cell so neighbouring squares leave no seam in a viewer.
      doc.rect(x + (quiet + start) * cell, y + (quiet + row) * cell, (col - start) * cell + 0.05, cell + 0.05);
    }
  }
  doc.fill().restore();
}

function placeText(locale: CertificateLocale, place: number | null, total: number | null): string {
  const t = translator(locale);
  if (place === null) return t("noTime");
  if (total === null) return formatCount(place, locale);
  return t("placeOf", { place: formatCount(place, locale), total: formatCount(total, locale) });
}

function drawCertificate(doc: Doc, c: FinisherCertificate): void {
  const t = translator(c.locale);
  const other: CertificateLocale = c.locale === "zh" ? "en" : "zh";
  const { race, result } = c;
  const [W, H] = PAGE;
  const m = 56;
  const inner = W - 2 * m;

  // Frame: a heavy rule and a hairline inside it.
  doc.lineWidth(3).strokeColor(ACCENT).rect(20, 20, W - 40, H - 40).stroke();
  doc.lineWidth(0.6).strokeColor(ACCENT).rect(28, 28, W - 56, H - 56).stroke();

  // The event, in the certificate's language, and the other language below it.
  line(doc, race.eventName[c.locale], "bold", 20, m, 70, inner, "center");
  if (race.eventName[other] && race.eventName[other] !== race.eventName[c.locale]) line(doc, race.eventName[other], "regular", 11, m, 88, inner, "center", MUTED);

  line(doc, t("title"), "bold", 34, m, 134, inner, "center", ACCENT);
  line(doc, t("certifies"), "regular", 13, m, 164, inner, "center", MUTED);

  // The runner: native script large, Latin letters below when they differ.
  const native = result.name ?? result.latinName ?? t("unnamed", { bib: result.bib });
  line(doc, native, "bold", 40, m + 40, 212, inner - 80, "center");
  const latin = result.latinName && result.latinName !== native ? result.latinName : null;
  if (latin) line(doc, latin, "regular", 18, m + 40, 238, inner - 80, "center", MUTED);

  const raceLine = `${t("completed", { race: race.raceName[c.locale] })} · ${t("distance", { km: formatDistanceKm(race.distanceMeters, c.locale) })} · ${formatCertificateDate(race.eventDate, c.locale)}`;
  line(doc, raceLine, "regular", 15, m, 272, inner, "center");

  // Times: the official one large in the middle, gun and net on either side.
  const col = inner / 3;
  const timeTop = 300;
  const time = (ms: number | null) => (ms === null ? t("noTime") : formatRaceTime(ms));
  line(doc, t("gunTime"), "regular", 11, m, timeTop + 14, col, "center", MUTED);
  line(doc, time(result.gunTimeMs), "bold", 22, m, timeTop + 44, col, "center");
  line(doc, t("officialTime", { basis: race.rankBy }), "regular", 11, m + col, timeTop + 14, col, "center", ACCENT);
  line(doc, time(result.rankTimeMs), "bold", 36, m + col, timeTop + 50, col, "center", ACCENT);
  line(doc, t("netTime"), "regular", 11, m + 2 * col, timeTop + 14, col, "center", MUTED);
  line(doc, time(result.netTimeMs), "bold", 22, m + 2 * col, timeTop + 44, col, "center");
  doc.lineWidth(0.5).strokeColor(MUTED).moveTo(m + 60, timeTop + 66).lineTo(W - m - 60, timeTop + 66).stroke();

  // Places.
  const placeTop = timeTop + 92;
  const places: [string, string][] = [[t("overall"), placeText(c.locale, result.places.overall, c.totals.overall)]];
  if (result.gender) places.push([t("genderPlace", { gender: result.gender }), placeText(c.locale, result.places.gender, c.totals.gender)]);
  if (result.ageGroup) places.push([t("ageGroupPlace", { group: result.ageGroup }), placeText(c.locale, result.places.ageGroup, c.totals.ageGroup)]);
  const placeCol = inner / places.length;
  places.forEach(([label, value], i) => {
    line(doc, label, "regular", 11, m + i * placeCol, placeTop, placeCol, "center", MUTED);
    line(doc, value, "bold", 16, m + i * placeCol, placeTop + 24, placeCol, "center");
  });

  // Bottom: bib and code on the left; the QR code and its address on the right.
  const qr = 84;
  const qrX = W - m - qr;
  const qrY = H - 46 - 16 - qr;
  drawQr(doc, c.verifyUrl, qrX, qrY, qr);
  line(doc, c.verifyUrl, "regular", 7.5, m, H - 46, inner, "right", MUTED);
  line(doc, t("scanToVerify"), "regular", 9, m, qrY + qr / 2 + 3, qrX - m - 12, "right", MUTED);
  line(doc, t("bib", { bib: result.bib }), "bold", 12, m, H - 62, inner / 3, "left");
  line(doc, t("code", { code: c.code }), "regular", 9, m, H - 46, inner / 3, "left", MUTED);
}

/** The certificate as PDF bytes (one page, about 30 to 60 KB with the font subset). */
export async function renderCertificate(certificate: FinisherCertificate): Promise<Uint8Array> {
  const { race, result } = certificate;
  const name = result.name ?? result.latinName ?? result.bib;
  // No `font` option: the built-in default is never drawn, so never embedded (see the bib sheet).
  const doc = new PDFDocument({
    size: PAGE,
    margin: 0,
    autoFirstPage: false,
    lang: LANGUAGE_TAG[certificate.locale],
    displayTitle: true,
    info: {
      Title: `${translator(certificate.locale)("title")} · ${name} · ${race.eventName[certificate.locale]}`,
      Creator: "Finishline",
      Producer: "Finishline",
    },
  });
  doc.registerFont("bold", cjkFont("bold"));
  doc.registerFont("regular", cjkFont("regular"));
  const chunks: Buffer[] = [];
  const done = new Promise<Uint8Array>((resolve, reject) => {
    doc.on("data", (chunk: Buffer) => chunks.push(chunk));
    doc.on("end", () => resolve(new Uint8Array(Buffer.concat(chunks))));
    doc.on("error", reject);
  });
  doc.addPage({ size: PAGE, margin: 0 });
  drawCertificate(doc, certificate);
  doc.end();
  return done;
}

/** `<event>-<race>-<bib>-certificate.pdf`, in ASCII letters, digits, `_` and `-` only. */
export function certificateFileName(eventSlug: string, raceSlug: string, bib: string): string {
  return `${[eventSlug, raceSlug, bib, "certificate"].map((p) => p.replace(/[^A-Za-z0-9_-]+/g, "_")).join("-")}.pdf`;
}

/** The download: `GET …/results/{bib}/certificate.pdf?locale=zh|en`. */
export async function certificateResponse(eventSlug: string, raceSlug: string, bib: string, rawLocale: string | null): Promise<Response> {
  const locale = parseCertificateLocale(rawLocale);
  const certificate = await loadFinisherCertificate(eventSlug, raceSlug, bib, locale);
  const bytes = await renderCertificate(certificate);
  return new Response(bytes as Uint8Array<ArrayBuffer>, {
    headers: {
      "content-type": "application/pdf",
      "content-disposition": `attachment; filename="${certificateFileName(certificate.race.eventSlug, certificate.race.raceSlug, certificate.result.bib)}"`,
      // Made from the result as it is now: a cached copy could carry a code the site no longer accepts.
      "cache-control": "no-store",
    },
  });
}
