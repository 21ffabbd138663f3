/**
 * Where a validation issue is shown. Issue paths are the domain's (`races.0.capacity`, `races.1.bibRanges.2.to`);
 * form inputs are named after them, except the price (one input for `priceCents`/`priceTiers`) and the list
 * fields (age groups, bib ranges, waves), which are one textarea each: an issue on one item lands on the
 * textarea, prefixed with the item's text.
 */
const LOCALIZED = new Set(["name", "venue", "city", "description"]);
const LISTS = new Set(["ageGroupBounds", "bibRanges", "waves", "refundPolicy"]);

export interface FieldTarget {
  /** The input's name; "" for the form as a whole. */
  field: string;
  /** For list fields: the item's path (`races.0.bibRanges.1`), to show which line is wrong. */
  itemPath?: string;
}

export function fieldFor(path: string): FieldTarget {
  const parts = path ? path.split(".") : [];
  let prefix = "";
  if (parts[0] === "races" && parts[1] !== undefined && /^\d+$/.test(parts[1])) {
    prefix = `races.${parts[1]}.`;
    parts.splice(0, 2);
  }
  const [head, second] = parts;
  if (!head) return { field: prefix ? prefix.slice(0, -1) : "" };
  if (LOCALIZED.has(head) && (second === "en" || second === "zh")) return { field: `${prefix}${head}.${second}` };
  if (head === "priceCents" || head === "priceTiers") return { field: `${prefix}price` };
  if (LISTS.has(head) && second !== undefined) return { field: `${prefix}${head}`, itemPath: `${prefix}${head}.${second}` };
  return { field: `${prefix}${head}` };
}

/** The DOM id of a field's input (`races.0.name.en` → `f-races-0-name-en`). */
export function fieldId(name: string): string {
  return `f-${name.replace(/[^A-Za-z0-9]+/g, "-")}`;
}

/** `races.1.capacity` → { race: 1, key: "capacity" }; `name.en` → { race: null, key: "name.en" }. */
export function splitRaceField(field: string): { race: number | null; key: string } {
  const [, race, key] = /^races\.(\d+)\.(.+)$/.exec(field) ?? [];
  return race !== undefined && key !== undefined ? { race: Number(race), key } : { race: null, key: field };
}
