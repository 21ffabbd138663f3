/**
 * An organizer corrects a runner's details on an entry (issue 6, "Participants"): names, Latin name, gender, birth
 * date, nationality, phone, email, emergency contact, shirt size, predicted finish time. The ID number is not
 * among them: a different document is a different runner (cancel and register again), and the one-live-entry-per-
 * document key stays as it was.
 *
 * The corrected runner must pass the same rules as a registration (core/registration-input.ts): the shapes, age on
 * race day within the race's limits, a resident ID that agrees with the birth date, a guardian with consent for a
 * minor. One transaction under the order's lock (as cancel and refund take it); the audit row `registration.update`
 * holds `{ before, after }` of the changed fields only, never an ID number. Nothing changed: nothing written.
 */
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { isSlug } from "../../core/event-input";
import { checkParticipants, parseRegistrationInput, type ParticipantInput } from "../../core/registration-input";
import type { FieldIssue } from "../../core/validation";
import { fromZodIssues } from "../../core/validation";
import { getConnection, withTransaction } from "../db";
import { GENDERS } from "../../core/domain";
import type { Actor } from "../actor";
import { recordAudit } from "../audit/record-audit";
import { requireEventEditor } from "../auth/policy";
import { DomainError } from "../errors";
import { first, only } from "../../core/lists";

/** The fields an organizer may correct, as the registrations table names them. */
export const EDITABLE_FIELDS = [
  "familyName",
  "givenName",
  "latinName",
  "gender",
  "birthDate",
  "nationality",
  "phone",
  "email",
  "emergencyName",
  "emergencyPhone",
  "tshirtSize",
  "predictedFinishSeconds",
] as const;
export type EditableField = (typeof EDITABLE_FIELDS)[number];

export interface EntryPatch {
  familyName?: string;
  givenName?: string;
  /** Null or "" removes it. */
  latinName?: string | null;
  gender?: (typeof GENDERS)[number];
  birthDate?: string;
  nationality?: string;
  phone?: string;
  email?: string;
  emergencyName?: string;
  emergencyPhone?: string;
  tshirtSize?: string | null;
  predictedFinishSeconds?: number | null;
}

type Value = string | number | null;

export interface UpdateEntryResult {
  /** The fields that changed (empty when the patch matched the entry). */
  changed: EditableField[];
  before: Partial<Record<EditableField, Value>>;
  after: Partial<Record<EditableField, Value>>;
}

/** Shapes only (the rules come from the registration schema below); anything else, the ID number included, is refused. */
const patchSchema = z
  .object({
    familyName: z.string(),
    givenName: z.string(),
    latinName: z.string().nullable(),
    gender: z.string(),
    birthDate: z.string(),
    nationality: z.string(),
    phone: z.string(),
    email: z.string(),
    emergencyName: z.string(),
    emergencyPhone: z.string(),
    tshirtSize: z.string().nullable(),
    predictedFinishSeconds: z.number().nullable(),
  })
  .partial()
  .strict();

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function invalid(issues: FieldIssue[]): DomainError {
  return new DomainError("validation_failed", "The corrected entry is not valid; see the fields.", issues);
}

/** A registration issue's path (`participants.0.emergencyContact.name`) as the patch's field (`emergencyName`). */
function fieldOf(path: string): string {
  const rest = path.replace(/^participants\.0\.?/, "");
  if (rest === "emergencyContact.name") return "emergencyName";
  if (rest === "emergencyContact.phone") return "emergencyPhone";
  // The document is not edited here: a resident ID that no longer matches says so on the birth date.
  if (rest === "idNumber") return "birthDate";
  if (rest.startsWith("guardian")) return "birthDate";
  return rest;
}

function todayIn(zone: string, now: Date): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit" }).format(now);
}

type Stored = typeof import("../../db/schema.pg").registrations.$inferSelect;

/** The entry's values after the patch, in the table's terms (trimmed as the registration schema trims). */
function merged(reg: Stored, patch: EntryPatch): Record<EditableField, Value> {
  const pick = <K extends EditableField>(k: K): Value => (k in patch ? (patch[k] as Value) : (reg[k] as Value));
  return Object.fromEntries(EDITABLE_FIELDS.map((k) => [k, pick(k)])) as Record<EditableField, Value>;
}

/**
 * Corrects the runner's details of an entry. Allowed: admins and the event's organizers (403 otherwise); 404 for
 * an entry outside the event; 422 with the patch's field names when the corrected runner breaks a registration rule
 * (nothing is written then).
 */
export async function updateEntry(actor: Actor, eventSlug: string, registrationId: string, patch: unknown, options: { now?: Date } = {}): Promise<UpdateEntryResult> {
  const now = options.now ?? new Date();
  const parsedPatch = patchSchema.safeParse(patch, { reportInput: true });
  if (!parsedPatch.success) throw invalid(fromZodIssues(parsedPatch.error.issues));
  const input = parsedPatch.data as EntryPatch;

  const { db, schema } = getConnection();
  const [pre] = UUID.test(registrationId) && isSlug(eventSlug)
    ? await db
        .select({ reg: schema.registrations, event: schema.events })
        .from(schema.registrations)
        .innerJoin(schema.events, eq(schema.events.id, schema.registrations.eventId))
        .where(and(eq(schema.registrations.id, registrationId), eq(schema.events.slug, eventSlug)))
    : [];
  if (!pre) throw new DomainError("not_found", "No such entry in this event.");
  await requireEventEditor(actor, pre.event.id);

  return withTransaction(async (tx) => {
    await getConnection().lockKeys(tx, [`order:${pre.reg.orderId}`]);
    const reg = first(await tx.select().from(schema.registrations).where(eq(schema.registrations.id, registrationId)));
    const race = first(await tx.select().from(schema.races).where(eq(schema.races.id, reg.raceId)));
    const next = merged(reg, input);

    // The corrected runner through the registration's own rules, as one participant of a one-person order.
    const participant = {
      race: race.slug,
      familyName: next.familyName,
      givenName: next.givenName,
      latinName: next.latinName ?? undefined,
      gender: next.gender,
      birthDate: next.birthDate,
      nationality: next.nationality,
      idType: reg.idType,
      idNumber: reg.idNumber,
      phone: next.phone,
      emergencyContact: { name: next.emergencyName, phone: next.emergencyPhone },
      tshirtSize: next.tshirtSize ?? undefined,
      predictedFinishSeconds: next.predictedFinishSeconds ?? undefined,
      guardian: reg.guardianName
        ? { name: reg.guardianName, phone: reg.guardianPhone ?? "", idNumber: reg.guardianIdNumber ?? "", consent: reg.guardianConsent }
        : undefined,
    };
    const parsed = parseRegistrationInput({ email: next.email, locale: "zh", acceptTerms: true, participants: [participant] });
    if (!parsed.ok) throw invalid(parsed.issues.map((i) => ({ ...i, path: fieldOf(i.path) })));
    const p: ParticipantInput = only(parsed.value.participants, "participant");
    const checked = checkParticipants([p], [{ id: race.id, slug: race.slug, minAge: race.minAge, maxAge: race.maxAge }], pre.event.date, todayIn(pre.event.timezone, now));
    if (!checked.ok) throw invalid(checked.issues.map((i) => ({ ...i, path: fieldOf(i.path) })));

    // The values as the registration stores them (trimmed, upper-case country, lower-case email).
    const clean: Record<EditableField, Value> = {
      familyName: p.familyName,
      givenName: p.givenName,
      latinName: p.latinName ?? null,
      gender: p.gender,
      birthDate: p.birthDate,
      nationality: p.nationality,
      phone: p.phone,
      email: parsed.value.email,
      emergencyName: p.emergencyContact.name,
      emergencyPhone: p.emergencyContact.phone,
      tshirtSize: p.tshirtSize ?? null,
      predictedFinishSeconds: p.predictedFinishSeconds ?? null,
    };
    const changed = EDITABLE_FIELDS.filter((k) => clean[k] !== (reg[k] as Value));
    const before = Object.fromEntries(changed.map((k) => [k, reg[k] as Value]));
    const after = Object.fromEntries(changed.map((k) => [k, clean[k]]));
    if (changed.length === 0) return { changed, before, after };

    await tx
      .update(schema.registrations)
      .set({ ...(after as Partial<Stored>), updatedAt: now })
      .where(eq(schema.registrations.id, reg.id));
    await recordAudit(tx, actor, { action: "registration.update", entityType: "registration", entityId: reg.id, data: { orderId: reg.orderId, before, after } }, now);
    return { changed, before, after };
  });
}
