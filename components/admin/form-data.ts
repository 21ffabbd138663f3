/**
 * Turns the admin forms' FormData into the domain's input shape (core/event-input.ts). Everything arrives as
 * text; this file only converts (numbers, money, lists) and reports what it cannot convert. The rules
 * themselves (ranges, required fields, time zones) stay in core, so the API and the forms agree.
 */
import { z } from "zod";
import type { FieldIssue } from "../../core/validation";
import { first, nth } from "../../core/lists";

/** An issue found while converting; its key lives in the "admin" namespace (formErrors.*), not in "errors". */
export type FormIssue = FieldIssue & { ns: "errors" | "admin" };

export type FormValues = Record<string, string>;

export interface Converted<T> {
  input: T;
  values: FormValues;
  issues: FormIssue[];
  /** The text of each list item by its path (`races.0.bibRanges.1` → "201-6000"), to say which line is wrong. */
  items: Record<string, string>;
}

const MAX_RACES = 20;

/** FormData as text fields only (files and oversized values are refused). Server-action bookkeeping fields are dropped. */
const formSchema = z.record(z.string(), z.string().max(20_000));

export function formValues(formData: FormData): FormValues | null {
  const entries: [string, FormDataEntryValue][] = [];
  formData.forEach((value, key) => {
    if (!key.startsWith("$ACTION")) entries.push([key, value]);
  });
  const parsed = formSchema.safeParse(Object.fromEntries(entries));
  return parsed.success ? parsed.data : null;
}

class Reader {
  readonly issues: FormIssue[] = [];
  readonly items: Record<string, string> = {};
  constructor(
    readonly values: FormValues,
    readonly prefix = "",
  ) {}

  private path(field: string) {
    return `${this.prefix}${field}`;
  }

  /** Trimmed text; empty becomes undefined so the schema says "required" rather than "too short". */
  text(field: string): string | undefined {
    const v = (this.values[this.path(field)] ?? "").trim();
    return v === "" ? undefined : v;
  }

  number(field: string): number | undefined {
    const v = this.text(field);
    if (v === undefined) return undefined;
    if (/^[+-]?\d{1,15}$/.test(v) || /^[+-]?\d{0,15}\.\d{1,15}$/.test(v)) return Number(v);
    this.issues.push({ path: this.path(field), key: "notANumber", ns: "admin" });
    return undefined;
  }

  /** "120", "120.5" or "120.00" (major units) → 12000 minor units, by string arithmetic: no float rounding. */
  money(field: string, path = field): number | undefined {
    const v = this.text(field);
    if (v === undefined) return undefined;
    const [whole = "", fraction = "", ...more] = v.replace(/[\s_]/g, "").split(/[.,]/); // split answers at least one part
    if (more.length > 0 || !/^\d{1,9}$/.test(whole) || !/^\d{0,2}$/.test(fraction)) {
      this.issues.push({ path: this.path(path), key: "priceFormat", ns: "admin" });
      return undefined;
    }
    return Number.parseInt(whole, 10) * 100 + Number.parseInt(fraction.padEnd(2, "0"), 10);
  }

  /** "18, 40, 45" (commas, full-width commas or spaces) → [18, 40, 45]. */
  numberList(field: string): number[] {
    const v = this.text(field) ?? "";
    const out: number[] = [];
    v.split(/[\s,，、;；]+/)
      .filter(Boolean)
      .forEach((part, i) => {
        const itemPath = this.path(`${field}.${i}`);
        this.items[itemPath] = part;
        if (/^\d{1,3}$/.test(part)) out.push(Number(part));
        else {
          this.issues.push({ path: itemPath, key: "listNumber", ns: "admin" });
          // A valid, ascending placeholder keeps the pure check going (zod would stop at a bad number).
          out.push(Math.min(120, (out[out.length - 1] ?? -1) + 1));
        }
      });
    return out;
  }

  lines(field: string): { line: string; path: string }[] {
    return (this.values[this.path(field)] ?? "")
      .split(/\r?\n/)
      .map((l) => l.trim())
      .filter(Boolean)
      .map((line, i) => {
        const path = this.path(`${field}.${i}`);
        this.items[path] = line;
        return { line, path };
      });
  }
}

const RESERVED_WORDS = new Set(["reserved", "预留", "保留"]);

/** "1-200 reserved Elite", "201-6000", "7" → bib ranges. */
function bibRanges(r: Reader) {
  return r.lines("bibRanges").flatMap(({ line, path }) => {
    // Tokens, not one big pattern: "1 - 200", "1-200" and "1–200" are the same range.
    const [range = "", ...words] = line.replace(/\s*[-–—~～]\s*/, "-").split(/\s+/);
    const bounds = range.split("-");
    if (bounds.length > 2 || !bounds.every((b) => /^\d{1,6}$/.test(b))) {
      r.issues.push({ path, key: "bibLine", ns: "admin" });
      // A placeholder keeps later lines at their index (only the pure check sees it; nothing is written).
      return [{ from: 1, to: 1, reserved: false, label: null }];
    }
    const reserved = words.length > 0 && RESERVED_WORDS.has(first(words).toLowerCase());
    const label = (reserved ? words.slice(1) : words).join(" ");
    return [{ from: Number(bounds[0]), to: Number(bounds[1] ?? bounds[0]), reserved, label: label || null }];
  });
}

/** "1:30:00" or "1:30" (hours, minutes, optional seconds) → 5400; null when it is not such a time. */
export function parseDurationSeconds(text: string): number | null {
  const m = /^(\d{1,2}):([0-5]\d)(?::([0-5]\d))?$/.exec(text.trim());
  if (!m) return null;
  return Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3] ?? 0);
}

/** 5400 → "1:30:00" (the inverse of parseDurationSeconds). */
export function formatDurationSeconds(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  return `${h}:${String(m).padStart(2, "0")}:${String(s).padStart(2, "0")}`;
}

const DASH = "[-–—~～]";
const MAX_WORD = /^(max|最多|上限)[:：]?/i;

/**
 * What follows a wave's start time: the predicted finish times it takes ("1:30:00-2:00:00", "-1:30:00" for
 * "under", "2:00:00-" for "from"; from inclusive, to exclusive) and its size ("max 800", "最多 800", "上限800人").
 * Returns null when a part cannot be read.
 */
function waveExtras(rest: string): { minPredictedSeconds: number | null; maxPredictedSeconds: number | null; maxSize: number | null } | null {
  const out = { minPredictedSeconds: null as number | null, maxPredictedSeconds: null as number | null, maxSize: null as number | null };
  let bounds = false;
  let size = false;
  // "1:30:00 – 2:00:00" becomes one token "1:30:00-2:00:00"; "max800", "max 800" and "上限 800 人" are one size.
  const tokens = rest
    .replace(new RegExp(`(:\\d\\d)\\s+(${DASH})`, "g"), "$1$2")
    .replace(new RegExp(`(${DASH})\\s+(\\d{1,2}:)`, "g"), "$1$2")
    .replace(new RegExp(DASH, "g"), "-")
    .split(/\s+/)
    .filter(Boolean);
  for (let i = 0; i < tokens.length; i++) {
    const token = nth(tokens, i);
    const word = MAX_WORD.exec(token);
    if (word && !size) {
      let amount = token.slice(word[0].length);
      if (amount === "") amount = tokens[++i] ?? "";
      if (tokens[i + 1] === "人") i++;
      if (!/^\d{1,7}人?$/.test(amount)) return null;
      out.maxSize = Number.parseInt(amount, 10);
      size = true;
      continue;
    }
    const range = /^([^-]*)-([^-]*)$/.exec(token);
    if (range && !bounds && (range[1] || range[2])) {
      const from = range[1] ? parseDurationSeconds(range[1]) : null;
      const to = range[2] ? parseDurationSeconds(range[2]) : null;
      if ((range[1] && from === null) || (range[2] && to === null)) return null;
      out.minPredictedSeconds = from;
      out.maxPredictedSeconds = to;
      bounds = true;
      continue;
    }
    return null;
  }
  return out;
}

/**
 * "A 07:30" (on the race's start day) or "A 2027-04-18T07:30" → a wave, local time in the event's zone; then,
 * optionally, its predicted finish times and size: "B 07:40 1:30:00-2:00:00 max 800".
 */
function waves(r: Reader, raceStart: string | undefined) {
  const day = raceStart && /^\d{4}-\d{2}-\d{2}/.test(raceStart) ? raceStart.slice(0, 10) : null;
  return r.lines("waves").map(({ line, path }, i) => {
    // Tokens, not one big pattern. The start time is the first "hh:mm" token after the name (a bound such as
    // "1:30:00" or "1:30-" is not one); before it the name and an optional date ("2027-04-18 07:30", or joined by
    // "T"), after it the extras.
    const words = line.split(/\s+/);
    const at = words.findIndex((w, k) => k > 0 && (/^\d{1,2}:\d{2}$/.test(w) || /^\d{4}-\d{2}-\d{2}T\d{1,2}:\d{2}$/.test(w)));
    // Placeholders keep later lines at their index (only the pure check sees them; nothing is written).
    const placeholder = { name: `\u0000${i}`, startTime: "2000-01-01T00:00", minPredictedSeconds: null, maxPredictedSeconds: null, maxSize: null };
    if (at < 0) {
      r.issues.push({ path, key: "waveLine", ns: "admin" });
      return placeholder;
    }
    const timeWord = nth(words, at); // at >= 0: the index of the word found above
    const dateAndTime = timeWord.includes("T") ? timeWord.split("T") : null;
    let date: string | null | undefined = dateAndTime ? dateAndTime[0] : null;
    let time = dateAndTime ? (dateAndTime[1] ?? "") : timeWord;
    let nameEnd = at;
    if (!date && nameEnd > 1 && /^\d{4}-\d{2}-\d{2}$/.test(nth(words, nameEnd - 1))) date = words[--nameEnd];
    const name = words.slice(0, nameEnd).join(" ");
    const [hours = NaN, minutes = NaN] = time.split(":").map(Number); // a part missing is NaN, as Number(undefined)
    if (!name || hours > 23 || minutes > 59) {
      r.issues.push({ path, key: "waveLine", ns: "admin" });
      return placeholder;
    }
    const extras = waveExtras(words.slice(at + 1).join(" "));
    if (!extras) {
      r.issues.push({ path, key: "waveExtras", ns: "admin" });
      return placeholder;
    }
    date ??= day;
    if (!date) {
      r.issues.push({ path, key: "waveNeedsStart", ns: "admin" });
      return placeholder;
    }
    time = time.padStart(5, "0");
    return { name, startTime: `${date}T${time}`, ...extras };
  });
}

function raceFrom(r: Reader) {
  const startTime = r.text("startTime");
  return {
    slug: r.text("slug"),
    name: { en: r.text("name.en"), zh: r.text("name.zh") },
    distanceMeters: r.number("distanceMeters"),
    capacity: r.number("capacity"),
    currency: r.text("currency")?.toUpperCase(),
    priceCents: r.money("price", "priceCents"),
    minAge: r.number("minAge"),
    maxAge: r.number("maxAge"),
    startTime,
    rankBy: r.text("rankBy"),
    bibStrategy: r.text("bibStrategy"),
    ageGroupBounds: r.numberList("ageGroupBounds"),
    bibRanges: bibRanges(r),
    waves: waves(r, startTime),
  };
}

/** "2027-02-28 23:59 100%" or "2027-02-28T23:59 50" → a refund step (local time in the event's zone). */
function refundPolicy(r: Reader) {
  return r.lines("refundPolicy").map(({ line, path }) => {
    // Tokens, not one big pattern: date, optional time ("23:59", also joined by "T"), percent ("100", "100%").
    const tokens = line.replace(/\s*[%％]$/, "").split(/[\sT]+/);
    const [day = "", time = "", percent = ""] = tokens.length === 2 ? [tokens[0], "00:00", tokens[1]] : tokens;
    if (tokens.length > 3 || !/^\d{4}-\d{2}-\d{2}$/.test(day) || !/^\d{1,2}:\d{2}$/.test(time) || !/^\d{1,3}$/.test(percent)) {
      r.issues.push({ path, key: "refundLine", ns: "admin" });
      return { until: "2000-01-01T00:00", percent: 0 };
    }
    return { until: `${day}T${time.padStart(5, "0")}`, percent: Number(percent) };
  });
}

function eventFieldsFrom(r: Reader) {
  return {
    slug: r.text("slug"),
    name: { en: r.text("name.en"), zh: r.text("name.zh") },
    date: r.text("date"),
    timezone: r.text("timezone"),
    venue: { en: r.text("venue.en") ?? "", zh: r.text("venue.zh") ?? "" },
    city: { en: r.text("city.en") ?? "", zh: r.text("city.zh") ?? "" },
    description: { en: r.text("description.en") ?? "", zh: r.text("description.zh") ?? "" },
    registrationOpensAt: r.text("registrationOpensAt") ?? null,
    registrationClosesAt: r.text("registrationClosesAt") ?? null,
    holdMinutes: r.number("holdMinutes"),
    refundPolicy: refundPolicy(r),
    // A checkbox: sent as "on" when ticked, not sent at all otherwise.
    reuseCancelledBibs: r.text("reuseCancelledBibs") !== undefined,
  };
}

export type RaceFormInput = ReturnType<typeof raceFrom>;
export type EventFieldsFormInput = ReturnType<typeof eventFieldsFrom>;

/** The indexes of the race blocks on the create form, in order (`races.<i>.…` fields). */
export function raceIndexes(values: FormValues): number[] {
  const found = new Set<number>();
  for (const key of Object.keys(values)) {
    const m = /^races\.(\d{1,2})\./.exec(key);
    if (m) found.add(Number(m[1]));
  }
  return [...found].sort((a, b) => a - b).slice(0, MAX_RACES);
}

/** The create form: event fields plus `races.0.…`, `races.1.…`. */
export function eventWithRacesFromForm(values: FormValues): Converted<EventFieldsFormInput & { races: RaceFormInput[] }> {
  const event = new Reader(values);
  const fields = eventFieldsFrom(event);
  const issues = [...event.issues];
  const items = { ...event.items };
  // The form numbers its race blocks 0..n-1, so the domain's `races.<i>` paths name the same blocks.
  const races = raceIndexes(values).map((index) => {
    const r = new Reader(values, `races.${index}.`);
    const race = raceFrom(r);
    issues.push(...r.issues);
    Object.assign(items, r.items);
    return race;
  });
  return { input: { ...fields, races }, values, issues, items };
}

export function eventFieldsFromForm(values: FormValues): Converted<EventFieldsFormInput> {
  const r = new Reader(values);
  const input = eventFieldsFrom(r);
  return { input, values, issues: r.issues, items: r.items };
}

export function raceFromForm(values: FormValues): Converted<RaceFormInput> {
  const r = new Reader(values);
  const input = raceFrom(r);
  return { input, values, issues: r.issues, items: r.items };
}

/** 12000 → "120.00" (for the price input). */
export function formatMinorUnits(cents: number): string {
  const whole = Math.trunc(cents / 100);
  return `${whole}.${String(Math.abs(cents % 100)).padStart(2, "0")}`;
}

export function formatBibRanges(ranges: { from: number; to: number; reserved: boolean; label?: string | null }[]): string {
  return ranges.map((r) => [r.from === r.to ? `${r.from}` : `${r.from}-${r.to}`, r.reserved ? "reserved" : "", r.label ?? ""].filter(Boolean).join(" ")).join("\n");
}

/** Stored waves as the waves textarea's lines (the inverse of the waves parser), start times local to the race's day. */
export function formatWaves(
  waves: { name: string; startTime: string; minPredictedSeconds: number | null; maxPredictedSeconds: number | null; maxSize: number | null }[],
  raceDay: string,
): string {
  return waves
    .map((w) => {
      const start = w.startTime.slice(0, 10) === raceDay ? w.startTime.slice(11, 16) : w.startTime;
      const bounds =
        w.minPredictedSeconds === null && w.maxPredictedSeconds === null
          ? ""
          : `${w.minPredictedSeconds === null ? "" : formatDurationSeconds(w.minPredictedSeconds)}-${w.maxPredictedSeconds === null ? "" : formatDurationSeconds(w.maxPredictedSeconds)}`;
      return [w.name, start, bounds, w.maxSize === null ? "" : `max ${w.maxSize}`].filter(Boolean).join(" ");
    })
    .join("\n");
}
