/**
 * Whether a registration transaction admits an order (docs/decisions/008 and 013). Orders are decided one by one in
 * arrival order, each as if it were alone: places first (core/places.ts: a family gets all its places or none),
 * then one live entry per document in the event. What an admitted order takes counts against the orders after it.
 * The discount code comes last, in the transaction itself (it takes a use under its own lock): an order it refuses
 * is simply never admitted.
 */
import { PlaceBook } from "./places";
import type { FieldIssue } from "./validation";

/** One participant of an order: its position in the request, its race, its document key (`idType:idNumber`). */
export interface AdmissionLine {
  index: number;
  raceId: string;
  idKey: string;
}

export interface AdmissionRefusal {
  code: "sold_out" | "duplicate_entry";
  /** On the lines concerned: the race of a line without a place, the document of a line already entered. */
  issues: FieldIssue[];
}

export class Admissions {
  private readonly places: PlaceBook;
  private readonly liveDocuments: Set<string>;

  /** `places`: as committed when the transaction began; `liveDocuments`: the documents already live among the orders'. */
  constructor(places: PlaceBook, liveDocuments: Iterable<string>) {
    this.places = places;
    this.liveDocuments = new Set(liveDocuments);
  }

  /** Why the order cannot be admitted now, or null when it can. */
  refusal(lines: readonly AdmissionLine[]): AdmissionRefusal | null {
    const short = this.places.shortfall(lines.map((l) => l.raceId));
    if (short.length > 0) {
      return { code: "sold_out", issues: lines.filter((l) => short.includes(l.raceId)).map((l) => ({ path: `participants.${l.index}.race`, key: "soldOut" })) };
    }
    const entered = lines.filter((l) => this.liveDocuments.has(l.idKey));
    if (entered.length > 0) {
      return { code: "duplicate_entry", issues: entered.map((l) => ({ path: `participants.${l.index}.idNumber`, key: "duplicateEntry" })) };
    }
    return null;
  }

  /** Records an admitted order: its places are taken and its documents live, for the orders after it. */
  admit(lines: readonly AdmissionLine[]): void {
    this.places.take(lines.map((l) => l.raceId));
    for (const l of lines) this.liveDocuments.add(l.idKey);
  }
}
