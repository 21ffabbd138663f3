/**
 * The printable bib sheet (PDF): one bib per A5 landscape page (`layout=a5`, the size of a race bib, for a print
 * shop) or two per A4 portrait page with a cut line (`layout=a4`, for an office printer). Each bib: the event's
 * name, the bib number as large as it fits, the runner's name in Chinese (native script) and Latin letters, the
 * race and the wave, and four pin marks. Text is set in Noto Sans SC (./cjk-font.ts), embedded as a subset.
 *
 * The PDF streams while it is drawn, a batch of pages at a time, so a download of 8,000 bibs starts at once and the
 * process keeps answering other requests (8,000 bibs: about 8 s and 5 MB on a 2-core machine; bib-exports.test.ts).
 */
import "server-only";
import PDFDocument from "pdfkit";
import { z } from "zod";
import { fromZodIssues } from "../../core/validation";
import type { Actor } from "../actor";
import { DomainError } from "../errors";
import { errorTrace } from "../log-safe";
import { loadBibList } from "./bib-list";
import { cjkFont } from "./cjk-font";
import { nativeName } from "../../core/names";
import type { ExportRow, ExportSet } from "./export-entries";
import { exportFileName } from "./start-list";
import { nth } from "../../core/lists";

export const BIB_LAYOUTS = ["a5", "a4"] as const;
export type BibLayout = (typeof BIB_LAYOUTS)[number];

const layoutSchema = z.enum(BIB_LAYOUTS).default("a5");

export function parseBibLayout(value: string | undefined): BibLayout {
  const parsed = layoutSchema.safeParse(value === "" ? undefined : value);
  if (!parsed.success) throw new DomainError("validation_failed", "The layout is not valid.", fromZodIssues(parsed.error.issues, "layout"));
  return parsed.data;
}

// Points (1/72 inch). A5 = 148 × 210 mm, A4 = 210 × 297 mm.
const A5_LANDSCAPE: [number, number] = [595.28, 419.53];
const A4_PORTRAIT: [number, number] = [595.28, 841.89];

interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

const PAGES_PER_BATCH = 50;
const INK = "#000000";
const MUTED = "#555555";
const GUIDE = "#999999";

type Doc = PDFKit.PDFDocument;

/** The largest size up to `max` at which `text` fits `width` in the current font. */
function fitSize(doc: Doc, text: string, max: number, width: number): number {
  doc.fontSize(max);
  const w = doc.widthOfString(text);
  return w <= width ? max : Math.max(6, Math.floor(((max * width) / w) * 10) / 10);
}

/**
 * Draws `text` at `size` with its baseline at `baseline`, aligned in [x, x + width]. Placed by hand rather than
 * with pdfkit's `width`/`align`, whose line wrapper starts a new page when a large line comes near the bottom.
 */
function place(doc: Doc, text: string, size: number, x: number, baseline: number, width: number, align: "left" | "center" | "right"): void {
  doc.fontSize(size);
  const w = doc.widthOfString(text);
  const left = align === "left" ? x : align === "center" ? x + (width - w) / 2 : x + width - w;
  doc.text(text, left, baseline, { lineBreak: false, baseline: "alphabetic" });
}

/** One line of text, its baseline at `baseline`, aligned in [x, x + width], shrunk to fit. */
function line(doc: Doc, text: string, font: "bold" | "regular", max: number, x: number, baseline: number, width: number, align: "left" | "center" | "right", color = INK): number {
  doc.font(font).fillColor(color);
  const size = fitSize(doc, text, max, width);
  place(doc, text, size, x, baseline, width, align);
  return size;
}

function drawBib(doc: Doc, box: Box, row: ExportRow, set: ExportSet): void {
  const m = 30;
  const inner = box.w - 2 * m;
  const { x, y, w, h } = box;

  // Pin marks in the corners.
  doc.lineWidth(0.6).strokeColor(GUIDE);
  for (const [cx, cy] of [[x + 14, y + 14], [x + w - 14, y + 14], [x + 14, y + h - 14], [x + w - 14, y + h - 14]] as const) doc.circle(cx, cy, 4).stroke();

  // The event.
  line(doc, set.event.nameZh, "bold", 14, x + m, y + m + 8, inner * 0.6, "left");
  line(doc, set.event.nameEn, "regular", 10, x + m, y + m + 22, inner * 0.6, "left", MUTED);
  line(doc, row.race.nameZh, "bold", 14, x + m + inner * 0.6, y + m + 8, inner * 0.4, "right");
  line(doc, row.race.nameEn, "regular", 10, x + m + inner * 0.6, y + m + 22, inner * 0.4, "right", MUTED);
  doc.lineWidth(1).strokeColor(INK).moveTo(x + m, y + m + 32).lineTo(x + w - m, y + m + 32).stroke();

  // The bib number, as large as fits, centred in its band (digits stand about 0.73 of the size above the baseline).
  const bandTop = y + m + 40;
  const bandHeight = h * 0.44;
  doc.font("bold");
  const size = Math.min(fitSize(doc, row.bib ?? "", h * 0.42, inner), bandHeight / 0.8);
  doc.fillColor(INK);
  place(doc, row.bib ?? "", size, x + m, bandTop + (bandHeight + 0.73 * size) / 2, inner, "center");

  // The runner: native script large, Latin letters below.
  const nameBaseline = bandTop + bandHeight + h * 0.11;
  const native = nativeName(row);
  line(doc, native, "bold", h * 0.1, x + m, nameBaseline, inner, "center");
  if (row.latinName && row.latinName !== native) line(doc, row.latinName, "regular", h * 0.052, x + m, nameBaseline + h * 0.075, inner, "center", MUTED);

  // The wave, bottom right (bottom left is left free for the timing chip or a sponsor).
  if (row.wave) {
    line(doc, "出发批次 Wave", "regular", 9, x + m + inner / 2, y + h - m - 26, inner / 2, "right", MUTED);
    line(doc, row.wave.name, "bold", 22, x + m + inner / 2, y + h - m - 4, inner / 2, "right");
  }
}

function drawEmpty(doc: Doc, set: ExportSet): void {
  const [w] = A5_LANDSCAPE;
  line(doc, set.event.nameZh, "bold", 16, 40, 60, w - 80, "left");
  line(doc, "没有可打印的号码布", "bold", 22, 40, 130, w - 80, "left");
  line(doc, "No bibs to print", "regular", 16, 40, 160, w - 80, "left", MUTED);
  line(doc, "只包含已确认且已分配号码的报名。Only confirmed entries that have a bib are printed.", "regular", 10, 40, 200, w - 80, "left", MUTED);
}

/** The boxes of one page of a layout, and whether the page gets a cut line. */
function pageOf(layout: BibLayout): { size: [number, number]; boxes: Box[] } {
  if (layout === "a5") return { size: A5_LANDSCAPE, boxes: [{ x: 0, y: 0, w: A5_LANDSCAPE[0], h: A5_LANDSCAPE[1] }] };
  const [w, h] = A4_PORTRAIT;
  return { size: A4_PORTRAIT, boxes: [{ x: 0, y: 0, w, h: h / 2 }, { x: 0, y: h / 2, w, h: h / 2 }] };
}

/** The bib sheet as a stream of PDF bytes, drawn a batch of pages at a time as the reader takes them. */
export function bibSheetPdf(set: ExportSet, layout: BibLayout): ReadableStream<Uint8Array> {
  const page = pageOf(layout);
  // No `font` option: the built-in default is never drawn, so never embedded (passing one of ours as default
  // makes pdfkit open it again on every switch of font).
  const doc = new PDFDocument({
    size: page.size,
    margin: 0,
    autoFirstPage: false,
    lang: "zh-CN",
    displayTitle: true,
    info: { Title: `${set.event.nameZh} ${set.event.nameEn} bibs`, Creator: "Finishline", Producer: "Finishline" },
  });
  doc.registerFont("bold", cjkFont("bold"));
  doc.registerFont("regular", cjkFont("regular"));

  const rows = set.rows;
  let next = 0;
  let ended = false;
  let cancelled = false;
  let finished: Promise<void> | null = null;

  return new ReadableStream<Uint8Array>({
    start(controller) {
      doc.on("data", (chunk: Buffer) => {
        if (!cancelled) controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
      });
      finished = new Promise<void>((resolve) => {
        doc.on("end", () => {
          if (!cancelled) controller.close();
          resolve();
        });
      });
      doc.on("error", (error: unknown) => {
        console.error(`[pdf] bib sheet failed: ${errorTrace(error)}`);
        if (!cancelled) controller.error(error);
      });
    },
    async pull() {
      if (ended) return finished ?? undefined;
      try {
        if (rows.length === 0) {
          doc.addPage({ size: A5_LANDSCAPE, margin: 0 });
          drawEmpty(doc, set);
        }
        for (let pages = 0; pages < PAGES_PER_BATCH && next < rows.length; pages++) {
          doc.addPage({ size: page.size, margin: 0 });
          for (const box of page.boxes) {
            const row = rows[next];
            if (row === undefined) break;
            next++;
            drawBib(doc, box, row, set);
          }
          if (page.boxes.length > 1) {
            // A dashed cut line between the two bibs of an A4 page.
            const mid = nth(page.boxes, 1).y;
            doc.lineWidth(0.5).strokeColor(GUIDE).dash(4, { space: 4 }).moveTo(0, mid).lineTo(page.size[0], mid).stroke().undash();
          }
        }
      } catch (error) {
        console.error(`[pdf] bib sheet failed: ${errorTrace(error)}`);
        throw error;
      }
      if (next >= rows.length) {
        ended = true;
        doc.end();
        return finished ?? undefined;
      }
      // Let the stream hand the written pages on before the next batch.
      await new Promise((resolve) => setImmediate(resolve));
    },
    cancel() {
      cancelled = true;
      if (!ended) {
        ended = true;
        doc.end();
      }
    },
  });
}

/** The bib sheet download for the filters `race` and `wave`, and `layout` (`a5` or `a4`). */
export async function bibSheetResponse(actor: Actor, eventSlug: string, raw: Record<string, string | undefined>): Promise<Response> {
  const set = await loadBibList(actor, eventSlug, raw);
  const layout = parseBibLayout(raw.layout);
  return new Response(bibSheetPdf(set, layout), {
    headers: {
      "content-type": "application/pdf",
      "content-disposition": `attachment; filename="${exportFileName(set.event.slug, `bibs-${layout}`, set.filters, "pdf")}"`,
      "cache-control": "private, no-store",
    },
  });
}
