/**
 * Synthetic results for the benchmark (`npm run bench`) and large-file tests: a race's worth of finishers with
 * realistic names (Chinese and Latin), genders, ages, gun and net times and cumulative splits, as the CSV a timer
 * uploads. Deterministic for a given seed.
 */
import { formatRaceTimeExact } from "../core/results/time";
import { nth } from "../core/lists";

const FAMILY = ["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭", "何", "高", "林", "罗"];
const GIVEN = ["伟", "芳", "娜", "秀英", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "秀兰", "霞"];
const LATIN_FIRST = ["Anna", "Ben", "Chloé", "David", "Emma", "François", "Grace", "Hiro", "Ines", "Jonas", "Kate", "Liam", "Maria", "Noah", "Olga"];
const LATIN_LAST = ["Smith", "Müller", "Dubois", "Tanaka", "García", "Kowalski", "Jensen", "O'Brien", "Rossi", "Novák"];

/** A small deterministic generator (mulberry32). */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface SyntheticResultsOptions {
  /** Bibs to use, in order; when shorter than `count`, numbers from `firstExtraBib` follow. */
  bibs?: string[];
  firstExtraBib?: number;
  splits?: number;
  seed?: number;
}

/** A results CSV of `count` runners (about 3% dnf), `splits` split columns (default 8) spread over a half marathon. */
export function syntheticResultsCsv(count: number, options: SyntheticResultsOptions = {}): string {
  const next = random(options.seed ?? 42);
  const splitCount = options.splits ?? 8;
  // Evenly spread over 21 km: 2k, 5k, 7k, … (a label made unique if two round alike).
  const labels = Array.from({ length: splitCount }, (_, i) => `${Math.round(((i + 1) * 21) / (splitCount + 1))}k`);
  const unique = labels.map((l, i) => (labels.indexOf(l) === i ? l : `${l}-${i}`));
  const header = ["bib", "name", "gender", "age", "gun_time", "net_time", "status", ...unique.map((l) => `split_${l}`)].join(",");
  const lines = [header];
  const bibs = options.bibs ?? [];
  let extra = options.firstExtraBib ?? 1;
  for (let i = 0; i < count; i++) {
    const bib = i < bibs.length ? bibs[i] : String(extra++);
    const chinese = next() < 0.8;
    const name = chinese
      ? nth(FAMILY, Math.floor(next() * FAMILY.length)) + nth(GIVEN, Math.floor(next() * GIVEN.length))
      : `${LATIN_FIRST[Math.floor(next() * LATIN_FIRST.length)]} ${LATIN_LAST[Math.floor(next() * LATIN_LAST.length)]}`;
    const gender = next() < 0.6 ? "M" : "F";
    const age = 18 + Math.floor(next() * 58);
    if (next() < 0.03) {
      lines.push([bib, `"${name}"`, gender, age, "-", "-", "dnf", ...unique.map(() => "")].join(","));
      continue;
    }
    // Net 1:10 to 3:10, to the millisecond; the start-mat delay up to 8 minutes.
    const net = 4_200_000 + Math.floor(next() * 7_200_000);
    const gun = net + Math.floor(next() * 480_000);
    const splits = unique.map((_, s) => formatRaceTimeExact(Math.floor((net * (s + 1)) / (splitCount + 1) + next() * 1000)));
    lines.push([bib, `"${name}"`, gender, age, formatRaceTimeExact(gun), formatRaceTimeExact(net), "", ...splits].join(","));
  }
  return lines.join("\n") + "\n";
}
