/**
 * A registration request: who enters which race. The zod schema checks shapes; `checkParticipants` checks the
 * rules that need the event and its races (ID checksum and birth date, age on race day, guardians for minors,
 * one entry per document within the order). Every problem comes back as a FieldIssue key, nothing is stored.
 */
import countries from "i18n-iso-countries";
import { z } from "zod";
import { GENDERS } from "./domain";
import { ageOnDate, isMinor } from "./age";
import { checkOtherId, checkResidentId, ID_TYPES, normalizeIdNumber, type IdType } from "./id-number";
import { personText } from "./text";
import { isCalendarDate } from "./time";
import { fromZodIssues, type FieldIssue } from "./validation";

export const TSHIRT_SIZES = ["110", "120", "130", "140", "150", "XS", "S", "M", "L", "XL", "XXL", "XXXL"] as const;
export const MAX_PARTICIPANTS = 10;
/** RFC 5321: a forward path holds at most 256 octets, two of them the angle brackets. */
export const MAX_EMAIL_LENGTH = 254;

/**
 * ISO 3166-1 alpha-2 codes, as the registration form lists them (components/public/registration/countries.ts):
 * Hong Kong (HK), Macao (MO) and Taiwan (TW) are among them.
 */
const NATIONALITIES: ReadonlySet<string> = new Set(Object.keys(countries.getAlpha2Codes()));

export function isNationality(code: string): boolean {
  return NATIONALITIES.has(code);
}

// Names and other typed text follow one rule (core/text.ts): no control characters, not only invisible ones.
const name = personText({ max: 60 });
const phone = z.string().trim().regex(/^\+?[0-9][0-9 ()-]{5,19}$/, "phoneFormat");

const participantSchema = z.object({
  race: personText({ max: 60 }),
  familyName: name,
  givenName: name,
  latinName: personText({ max: 120, min: 0 }).regex(/^[A-Za-z\u00C0-\u024F' .-]*$/, "latinFormat").optional().transform((v) => v || undefined),
  gender: z.enum(GENDERS),
  birthDate: z.string().trim().refine(isCalendarDate, "dateFormat"),
  nationality: z.string().trim().toUpperCase().regex(/^[A-Z]{2}$/, "countryFormat").refine(isNationality, "countryUnknown"),
  idType: z.enum(ID_TYPES),
  idNumber: personText({ max: 30 }),
  phone,
  emergencyContact: z.object({ name, phone }),
  tshirtSize: z.enum(TSHIRT_SIZES).optional(),
  predictedFinishSeconds: z.number().int("wholeNumber").min(600).max(86_400).optional(),
  guardian: z
    .object({
      name,
      phone,
      idNumber: personText({ min: 4, max: 30 }),
      consent: z.boolean(),
    })
    .optional(),
});

export const registrationInputSchema = z.object({
  email: z
    .string()
    .max(MAX_EMAIL_LENGTH)
    .pipe(z.email("emailFormat"))
    .transform((e) => e.trim().toLowerCase()),
  locale: z.enum(["zh", "en"]).default("zh"),
  acceptTerms: z.boolean(),
  discountCode: personText({ max: 40, min: 0 }).optional().transform((v) => (v ? v.toUpperCase() : undefined)),
  participants: z.array(participantSchema).min(1).max(MAX_PARTICIPANTS),
});

export type RegistrationInput = z.output<typeof registrationInputSchema>;
export type ParticipantInput = RegistrationInput["participants"][number];

export interface RaceRules {
  id: string;
  slug: string;
  minAge: number;
  maxAge: number;
}

export interface CheckedParticipant extends ParticipantInput {
  raceId: string;
  idNumber: string;
  /** "type:number", the key of the one-live-entry-per-document rule. */
  idKey: string;
  ageOnRaceDay: number;
  isMinor: boolean;
}

export type Checked<T> = { ok: true; value: T } | { ok: false; issues: FieldIssue[] };

export function parseRegistrationInput(input: unknown): Checked<RegistrationInput> {
  const parsed = registrationInputSchema.safeParse(input, { reportInput: true });
  if (!parsed.success) return { ok: false, issues: fromZodIssues(parsed.error.issues) };
  if (!parsed.data.acceptTerms) return { ok: false, issues: [{ path: "acceptTerms", key: "mustAcceptTerms" }] };
  return { ok: true, value: parsed.data };
}

/** The rules that need the event's date and its races. `raceDay` is the event's calendar date. */
export function checkParticipants(participants: ParticipantInput[], races: RaceRules[], raceDay: string, today: string): Checked<CheckedParticipant[]> {
  const issues: FieldIssue[] = [];
  const bySlug = new Map(races.map((r) => [r.slug, r]));
  const seen = new Map<string, number>();
  const checked: CheckedParticipant[] = [];

  participants.forEach((p, i) => {
    const at = (field: string) => `participants.${i}.${field}`;
    const race = bySlug.get(p.race);
    if (!race) issues.push({ path: at("race"), key: "unknownRace" });

    if (p.birthDate > today) issues.push({ path: at("birthDate"), key: "birthDateFuture" });
    const idNumber = normalizeIdNumber(p.idNumber);
    if (p.idType === "cn_resident_id") {
      const problem = checkResidentId(idNumber, p.birthDate);
      if (problem === "format") issues.push({ path: at("idNumber"), key: "idFormat" });
      if (problem === "checksum") issues.push({ path: at("idNumber"), key: "idChecksum" });
      if (problem === "birthDate") issues.push({ path: at("idNumber"), key: "idBirthDateMismatch" });
    } else if (!checkOtherId(p.idType as Exclude<IdType, "cn_resident_id">, idNumber)) {
      issues.push({ path: at("idNumber"), key: "idFormat" });
    }
    const idKey = `${p.idType}:${idNumber}`;
    if (seen.has(idKey)) issues.push({ path: at("idNumber"), key: "duplicateInOrder", params: { other: (seen.get(idKey) ?? 0) + 1 } });
    seen.set(idKey, i);

    const age = ageOnDate(p.birthDate, raceDay);
    if (race && age < race.minAge) issues.push({ path: at("birthDate"), key: "ageBelowMin", params: { min: race.minAge, age } });
    if (race && age > race.maxAge) issues.push({ path: at("birthDate"), key: "ageAboveMax", params: { max: race.maxAge, age } });
    const minor = isMinor(age);
    if (minor && !p.guardian) issues.push({ path: at("guardian"), key: "guardianRequired" });
    if (minor && p.guardian && !p.guardian.consent) issues.push({ path: at("guardian.consent"), key: "guardianConsentRequired" });

    if (race) checked.push({ ...p, raceId: race.id, idNumber, idKey, ageOnRaceDay: age, isMinor: minor });
  });

  return issues.length > 0 ? { ok: false, issues } : { ok: true, value: checked };
}
