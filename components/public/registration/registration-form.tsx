"use client";
/**
 * The registration form: one order, one or more participants (a family can mix races). Phone first; every input
 * has a visible label, its error next to it (aria-invalid + aria-describedby) and an entry in the summary, which
 * takes focus after a failed submit. The state lives here, so nothing typed is lost when the server refuses; the
 * rules live on the server (core/registration-input.ts): this form only shows and sends.
 */
import { startTransition, useActionState, useEffect, useRef, useState, type FormEvent, type ReactNode } from "react";
import { useTranslations } from "next-intl";
import { ageOnDate } from "../../../core/age";
import type { Locale } from "../../../i18n/routing";
import { formatMoney } from "../format";
import { participantIndexes } from "./form-body";
import { displayName } from "../../../core/names";
import { IDLE_REGISTRATION, type FormConfig, type RaceOption, type RegistrationFormState } from "./form-state";
import { first } from "../../../core/lists";

interface Draft {
  key: number;
  race: string;
  familyName: string;
  givenName: string;
  latinName: string;
  gender: string;
  birthDate: string;
  nationality: string;
  idType: string;
  idNumber: string;
  phone: string;
  emergencyName: string;
  emergencyPhone: string;
  tshirtSize: string;
  predictedFinish: string;
  guardianName: string;
  guardianPhone: string;
  guardianIdNumber: string;
  guardianConsent: boolean;
}

/** Draft property → input name inside `participants.<i>.` (the API body's path). */
const FIELD_NAMES = {
  race: "race",
  familyName: "familyName",
  givenName: "givenName",
  latinName: "latinName",
  gender: "gender",
  birthDate: "birthDate",
  nationality: "nationality",
  idType: "idType",
  idNumber: "idNumber",
  phone: "phone",
  emergencyName: "emergencyContact.name",
  emergencyPhone: "emergencyContact.phone",
  tshirtSize: "tshirtSize",
  predictedFinish: "predictedFinish",
  guardianName: "guardian.name",
  guardianPhone: "guardian.phone",
  guardianIdNumber: "guardian.idNumber",
  guardianConsent: "guardian.consent",
} as const satisfies Partial<Record<keyof Draft, string>>;

type DraftField = keyof typeof FIELD_NAMES;

/** Order of the inputs on the page, for the error summary (issues arrive in the domain's order). */
const PARTICIPANT_FIELD_ORDER = [
  "race",
  "familyName",
  "givenName",
  "latinName",
  "gender",
  "birthDate",
  "nationality",
  "idType",
  "idNumber",
  "phone",
  "emergencyContact.name",
  "emergencyContact.phone",
  "tshirtSize",
  "predictedFinish",
  "guardian",
  "guardian.name",
  "guardian.phone",
  "guardian.idNumber",
  "guardian.consent",
];

/** Inputs whose error reads "Label: message" (groups and checkboxes, whose messages are whole clauses). */
const LABELLED = /(^acceptTerms|\.race|\.gender|\.guardian|\.guardian\.consent)$/;

let nextKey = 1;

function emptyDraft(config: FormConfig, race = ""): Draft {
  const chinese = config.locale === "zh";
  return {
    key: nextKey++,
    race,
    familyName: "",
    givenName: "",
    latinName: "",
    gender: "",
    birthDate: "",
    // Most runners of a Chinese-language registration hold a mainland ID card; anyone else changes it.
    nationality: chinese ? "CN" : "",
    idType: chinese ? "cn_resident_id" : "",
    idNumber: "",
    phone: "",
    emergencyName: "",
    emergencyPhone: "",
    tshirtSize: "",
    predictedFinish: "",
    guardianName: "",
    guardianPhone: "",
    guardianIdNumber: "",
    guardianConsent: false,
  };
}

/** The drafts a server render after a submit without JavaScript starts from. */
function draftsFromValues(config: FormConfig, values: Record<string, string>): Draft[] | null {
  const blocks = participantIndexes(values);
  if (blocks.length === 0) return null;
  return blocks.map((block) => {
    const draft = emptyDraft(config);
    for (const [prop, name] of Object.entries(FIELD_NAMES) as [DraftField, string][]) {
      const value = values[`participants.${block}.${name}`];
      if (prop === "guardianConsent") draft.guardianConsent = value === "on";
      else (draft as unknown as Record<string, string>)[prop] = value ?? draft[prop];
    }
    return draft;
  });
}

function openRaces(config: FormConfig): RaceOption[] {
  return config.races.filter((r) => r.availability === "open");
}

function initialRace(config: FormConfig): string {
  const open = openRaces(config);
  if (config.preselectedRace && open.some((r) => r.slug === config.preselectedRace)) return config.preselectedRace;
  return open.length === 1 ? first(open).slug : "";
}

function ageOf(draft: Draft, raceDay: string): number | null {
  return /^\d{4}-\d{2}-\d{2}$/.test(draft.birthDate) && draft.birthDate <= raceDay ? ageOnDate(draft.birthDate, raceDay) : null;
}

function fieldId(name: string): string {
  return `reg-${name.replace(/[^A-Za-z0-9]+/g, "-")}`;
}

/** Moves the errors of participants after `removed` down by one (their inputs are renumbered). */
function shiftErrors(errors: Record<string, string>, removed: number): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, message] of Object.entries(errors)) {
    const m = /^participants\.(\d+)\.(.+)$/.exec(name);
    if (!m) out[name] = message;
    else if (Number(m[1]) < removed) out[name] = message;
    else if (Number(m[1]) > removed) out[`participants.${Number(m[1]) - 1}.${m[2]}`] = message;
  }
  return out;
}

export function RegistrationForm({
  config,
  action,
}: {
  config: FormConfig;
  action: (state: RegistrationFormState, formData: FormData) => Promise<RegistrationFormState>;
}) {
  const t = useTranslations("registration.form");
  const locale = config.locale as Locale;
  const [state, formAction, pending] = useActionState(action, IDLE_REGISTRATION);
  const [email, setEmail] = useState(() => state.values.email ?? "");
  const [discountCode, setDiscountCode] = useState(() => state.values.discountCode ?? "");
  const [acceptTerms, setAcceptTerms] = useState(() => state.values.acceptTerms === "on");
  const [drafts, setDrafts] = useState<Draft[]>(() => draftsFromValues(config, state.values) ?? [emptyDraft(config, initialRace(config))]);
  const [errors, setErrors] = useState(state.fieldErrors);
  const [seenAttempt, setSeenAttempt] = useState(state.attempt);
  const [announcement, setAnnouncement] = useState("");
  // An element to focus after the next render (a participant just added or removed).
  const pendingFocus = useRef<string | null>(null);
  const summaryRef = useRef<HTMLDivElement>(null);

  // A new answer from the server replaces the errors shown (React's "adjust state while rendering" pattern).
  if (state.attempt !== seenAttempt) {
    setSeenAttempt(state.attempt);
    setErrors(state.fieldErrors);
  }

  useEffect(() => {
    if (state.status === "error") summaryRef.current?.focus();
  }, [state]);

  useEffect(() => {
    if (!pendingFocus.current) return;
    document.getElementById(pendingFocus.current)?.focus();
    pendingFocus.current = null;
  });

  const racesBySlug = new Map(config.races.map((r) => [r.slug, r]));

  function update(index: number, patch: Partial<Draft>) {
    setDrafts((list) => list.map((d, i) => (i === index ? { ...d, ...patch } : d)));
  }

  function addParticipant() {
    if (drafts.length >= config.maxParticipants) return;
    const n = drafts.length + 1;
    setDrafts((list) => [...list, emptyDraft(config)]);
    setAnnouncement(t("participant.added", { n }));
    pendingFocus.current = `reg-participant-${n - 1}`;
  }

  function removeParticipant(index: number) {
    setDrafts((list) => list.filter((_, i) => i !== index));
    setErrors((e) => shiftErrors(e, index));
    setAnnouncement(t("participant.removed", { n: index + 1 }));
    pendingFocus.current = `reg-participant-${Math.max(0, index - 1)}`;
  }

  function copyFirstParticipantToGuardian(index: number) {
    const [first] = drafts;
    if (!first) return;
    update(index, {
      guardianName: displayName({ familyName: first.familyName, givenName: first.givenName }, locale),
      guardianPhone: first.phone,
      guardianIdNumber: first.idNumber,
    });
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    // The action runs in a transition of our own, so React does not reset the form afterwards.
    event.preventDefault();
    const formData = new FormData(event.currentTarget);
    startTransition(() => formAction(formData));
  }

  const lines = drafts.map((d, i) => ({ index: i, race: racesBySlug.get(d.race) ?? null }));
  const priced = lines.filter((l) => l.race?.priceCents !== null && l.race?.priceCents !== undefined);
  const currency = priced[0]?.race?.currency ?? config.races[0]?.currency ?? "CNY";
  const totalCents = priced.reduce((sum, l) => sum + (l.race?.priceCents ?? 0), 0);
  const allChosen = priced.length === drafts.length;

  // Summary entries in page order.
  const order = [
    "email",
    ...drafts.flatMap((_, i) => PARTICIPANT_FIELD_ORDER.map((f) => `participants.${i}.${f}`)),
    "discountCode",
    "acceptTerms",
  ];
  const summaryEntries = Object.entries(errors).sort(([a], [b]) => {
    const pa = order.indexOf(a);
    const pb = order.indexOf(b);
    return (pa < 0 ? order.length : pa) - (pb < 0 ? order.length : pb);
  });

  function labelFor(name: string): string {
    const [, position, field] = /^participants\.(\d+)\.(.+)$/.exec(name) ?? [];
    if (position === undefined || field === undefined) return t(`labels.${name === "acceptTerms" ? "acceptTerms" : name === "discountCode" ? "discountCode" : "email"}`);
    const key = PARTICIPANT_FIELD_ORDER.includes(field) ? field.replace(/\./g, "_") : "participant";
    return t("participant.fieldLabel", { n: Number(position) + 1, label: t(`labels.${key as "race"}`) });
  }

  function targetId(name: string): string {
    if (/\.race$/.test(name)) {
      const i = Number(name.split(".")[1]);
      const firstOpen = config.races.find((r) => r.availability === "open") ?? config.races[0];
      return fieldId(`participants.${i}.race.${drafts[i]?.race || firstOpen?.slug || ""}`);
    }
    if (/\.gender$/.test(name)) {
      const i = Number(name.split(".")[1]);
      return fieldId(`participants.${i}.gender.${drafts[i]?.gender || config.genders[0]}`);
    }
    if (/\.guardian$/.test(name)) return fieldId(`${name}.name`);
    return fieldId(name);
  }

  const errorCount = summaryEntries.length;

  return (
    <form className="reg-form" action={formAction} onSubmit={onSubmit} noValidate aria-describedby="reg-required-note">
      <input type="hidden" name="locale" value={config.locale} />
      <p id="reg-required-note" className="reg-note">
        {t("requiredNote")}
      </p>

      {state.status === "error" && (errorCount > 0 || state.message) ? (
        <div ref={summaryRef} tabIndex={-1} className="reg-summary" role="group" aria-labelledby="reg-summary-title">
          <h2 id="reg-summary-title">{errorCount > 0 ? t("errors.summaryTitle", { count: errorCount }) : t("errors.summaryTitleGeneral")}</h2>
          {state.message ? <p className="reg-summary-message">{state.message}</p> : null}
          {errorCount > 0 ? (
            <ul>
              {summaryEntries.map(([name, message]) => (
                <li key={name}>
                  <a
                    href={`#${targetId(name)}`}
                    onClick={(e) => {
                      const el = document.getElementById(targetId(name));
                      if (el) {
                        e.preventDefault();
                        el.focus();
                        el.scrollIntoView({ block: "center" });
                      }
                    }}
                  >
                    {t(LABELLED.test(name) ? "errors.labelledError" : "errors.fieldError", { label: labelFor(name), message })}
                  </a>
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}

      <section className="reg-section reg-card" aria-labelledby="reg-contact-heading">
        <h2 id="reg-contact-heading">{t("contact.heading")}</h2>
        <TextInput
          name="email"
          label={t("labels.email")}
          hint={t("contact.emailHint")}
          error={errors.email}
          value={email}
          onChange={setEmail}
          type="email"
          autoComplete="email"
          required
        />
      </section>

      {drafts.map((draft, index) => (
        <ParticipantFields
          key={draft.key}
          index={index}
          draft={draft}
          drafts={drafts}
          config={config}
          errors={errors}
          onChange={(patch) => update(index, patch)}
          onRemove={drafts.length > 1 ? () => removeParticipant(index) : null}
          onCopyFirst={index > 0 ? () => copyFirstParticipantToGuardian(index) : null}
        />
      ))}

      <div className="reg-add">
        {drafts.length < config.maxParticipants ? (
          <button type="button" className="reg-button reg-button-secondary" onClick={addParticipant}>
            <span aria-hidden="true">+ </span>
            {t("participant.add")}
          </button>
        ) : (
          <p className="reg-note">{t("participant.maxReached", { max: config.maxParticipants })}</p>
        )}
        <p className="reg-note">{t("participant.addHint")}</p>
      </div>
      <p className="visually-hidden" role="status" aria-live="polite">
        {announcement}
      </p>

      <section className="reg-section reg-card" aria-labelledby="reg-price-heading">
        <h2 id="reg-price-heading">{t("price.heading")}</h2>
        <ul className="reg-lines">
          {lines.map(({ index, race }) => {
            const d = drafts[index];
            if (!d) return null; // a line is priced from a draft: there is one
            const who = displayName(d, locale) || t("participant.heading", { n: index + 1 });
            return (
              <li key={d.key}>
                <span>
                  {who}
                  <span className="reg-line-race"> · {race ? race.name : t("price.noRace")}</span>
                </span>
                <span className="reg-line-price">{race?.price ?? "—"}</span>
              </li>
            );
          })}
        </ul>
        <p className="reg-total" aria-live="polite">
          <span>{allChosen ? t("price.total") : t("price.totalSoFar")}</span>
          <strong>{formatMoney(totalCents, currency, locale)}</strong>
        </p>
        <TextInput
          name="discountCode"
          label={t("labels.discountCode")}
          hint={t("price.discountHint")}
          error={errors.discountCode}
          value={discountCode}
          onChange={setDiscountCode}
          optional
          autoComplete="off"
          autoCapitalize="characters"
          spellCheck={false}
          maxLength={40}
        />
      </section>

      <section className="reg-section reg-card" aria-labelledby="reg-waiver-heading">
        <h2 id="reg-waiver-heading">{t("waiver.heading")}</h2>
        <ol className="reg-waiver">
          <li>{t("waiver.health")}</li>
          <li>{t("waiver.risk")}</li>
          <li>{t("waiver.rules")}</li>
          <li>{t("waiver.data")}</li>
          <li>{t("waiver.media")}</li>
        </ol>
        <Checkbox
          name="acceptTerms"
          label={t("waiver.accept")}
          errorLabel={t("labels.acceptTerms")}
          checked={acceptTerms}
          onChange={setAcceptTerms}
          error={errors.acceptTerms}
          required
        />
      </section>

      <div className="reg-submit">
        <button type="submit" className="reg-button" disabled={pending}>
          {pending ? t("submitting") : t("submit")}
        </button>
        <p className="reg-note">{t("submitHint")}</p>
      </div>
    </form>
  );
}

function ParticipantFields({
  index,
  draft,
  drafts,
  config,
  errors,
  onChange,
  onRemove,
  onCopyFirst,
}: {
  index: number;
  draft: Draft;
  drafts: Draft[];
  config: FormConfig;
  errors: Record<string, string>;
  onChange: (patch: Partial<Draft>) => void;
  onRemove: (() => void) | null;
  onCopyFirst: (() => void) | null;
}) {
  const t = useTranslations("registration.form");
  const n = index + 1;
  const name = (field: string) => `participants.${index}.${field}`;
  const err = (field: string) => errors[name(field)];
  const race = config.races.find((r) => r.slug === draft.race) ?? null;
  const age = ageOf(draft, config.raceDay);
  const isMinor = age !== null && age < config.adultAge;
  const guardianErrors = Object.keys(errors).some((k) => k.startsWith(name("guardian")));
  const showGuardian = isMinor || guardianErrors;
  // The first participant is usually the person filling in the form: let the browser fill in their details.
  const personal = (token: string) => (index === 0 ? token : "off");
  const headingId = `reg-participant-${index}`;
  const who = displayName(draft, config.locale);
  const guardianError = err("guardian");

  return (
    <fieldset className="reg-section reg-card reg-participant">
      <legend className="reg-participant-legend">
        <h2 id={headingId} tabIndex={-1}>
          {t("participant.heading", { n })}
        </h2>
      </legend>

      <RadioGroup
        name={name("race")}
        legend={t("labels.race")}
        error={err("race")}
        value={draft.race}
        onChange={(v) => onChange({ race: v })}
        options={config.races.map((r) => ({
          value: r.slug,
          disabled: r.availability !== "open",
          label: (
            <span className="reg-race-option">
              <span className="reg-race-name">
                {r.name} <span className="reg-race-distance">{r.distance}</span>
              </span>
              <span className="reg-race-meta">
                {r.availability === "open" ? (
                  <>
                    <strong>{r.price}</strong>
                    {r.priceUntil ? <> · {t(r.priceUntil.through ? "race.priceThrough" : "race.priceUntil", { date: r.priceUntil.date })}</> : null}
                  </>
                ) : (
                  <span className={`reg-badge reg-badge-${r.availability === "sold_out" ? "sold-out" : "closed"}`}>
                    {r.availability === "sold_out" ? t("race.soldOut") : t("race.notOnSale")}
                  </span>
                )}
              </span>
              <span className="reg-race-meta">{t("race.ageRange", { min: r.minAge, max: r.maxAge })}</span>
            </span>
          ),
        }))}
        required
      />

      <div className="reg-row">
        <TextInput
          name={name("familyName")}
          label={t("labels.familyName")}
          error={err("familyName")}
          value={draft.familyName}
          onChange={(v) => onChange({ familyName: v })}
          autoComplete={personal("family-name")}
          maxLength={60}
          required
        />
        <TextInput
          name={name("givenName")}
          label={t("labels.givenName")}
          error={err("givenName")}
          value={draft.givenName}
          onChange={(v) => onChange({ givenName: v })}
          autoComplete={personal("given-name")}
          maxLength={60}
          required
        />
      </div>
      <TextInput
        name={name("latinName")}
        label={t("labels.latinName")}
        hint={t("participant.latinNameHint")}
        error={err("latinName")}
        value={draft.latinName}
        onChange={(v) => onChange({ latinName: v })}
        autoComplete="off"
        lang="en"
        spellCheck={false}
        maxLength={120}
        optional
      />

      <RadioGroup
        name={name("gender")}
        legend={t("labels.gender")}
        error={err("gender")}
        value={draft.gender}
        onChange={(v) => onChange({ gender: v })}
        options={config.genders.map((g) => ({ value: g, label: t(`gender.${g as "M"}`) }))}
        inline
        required
      />

      <TextInput
        name={name("birthDate")}
        label={t("labels.birthDate")}
        error={err("birthDate")}
        value={draft.birthDate}
        onChange={(v) => onChange({ birthDate: v })}
        type="date"
        autoComplete={personal("bday")}
        max={config.raceDay}
        hint={age !== null ? t("participant.ageOnRaceDay", { age }) : t("participant.birthDateHint")}
        hintLive
        required
      />

      <Select
        name={name("nationality")}
        label={t("labels.nationality")}
        error={err("nationality")}
        value={draft.nationality}
        onChange={(v) => onChange({ nationality: v })}
        placeholder={t("choose")}
        options={config.countries.map((c) => ({ value: c.code, label: c.name }))}
        autoComplete={personal("country")}
        required
      />

      <div className="reg-row">
        <Select
          name={name("idType")}
          label={t("labels.idType")}
          error={err("idType")}
          value={draft.idType}
          onChange={(v) => onChange({ idType: v })}
          placeholder={t("choose")}
          options={config.idTypes.map((type) => ({ value: type, label: t(`idTypes.${type as "passport"}`) }))}
          required
        />
        <TextInput
          name={name("idNumber")}
          label={t("labels.idNumber")}
          hint={t("participant.idNumberHint")}
          error={err("idNumber")}
          value={draft.idNumber}
          onChange={(v) => onChange({ idNumber: v })}
          autoComplete="off"
          autoCapitalize="characters"
          spellCheck={false}
          maxLength={30}
          required
        />
      </div>

      <TextInput
        name={name("phone")}
        label={t("labels.phone")}
        hint={t("participant.phoneHint")}
        error={err("phone")}
        value={draft.phone}
        onChange={(v) => onChange({ phone: v })}
        type="tel"
        autoComplete={personal("tel")}
        maxLength={20}
        required
      />

      <fieldset className="reg-subgroup">
        <legend>{t("participant.emergencyLegend")}</legend>
        <p className="reg-hint">{t("participant.emergencyHint")}</p>
        <div className="reg-row">
          <TextInput
            name={name("emergencyContact.name")}
            label={t("labels.emergencyContact_name")}
            error={err("emergencyContact.name")}
            value={draft.emergencyName}
            onChange={(v) => onChange({ emergencyName: v })}
            autoComplete="off"
            maxLength={60}
            required
          />
          <TextInput
            name={name("emergencyContact.phone")}
            label={t("labels.emergencyContact_phone")}
            error={err("emergencyContact.phone")}
            value={draft.emergencyPhone}
            onChange={(v) => onChange({ emergencyPhone: v })}
            type="tel"
            autoComplete="off"
            maxLength={20}
            required
          />
        </div>
      </fieldset>

      <div className="reg-row">
        <Select
          name={name("tshirtSize")}
          label={t("labels.tshirtSize")}
          error={err("tshirtSize")}
          value={draft.tshirtSize}
          onChange={(v) => onChange({ tshirtSize: v })}
          placeholder={t("choose")}
          options={config.tshirtSizes.map((s) => ({ value: s, label: /^\d+$/.test(s) ? t("participant.childSize", { size: s }) : s }))}
          optional
        />
        {race?.asksFinishTime || draft.predictedFinish || err("predictedFinish") ? (
          <TextInput
            name={name("predictedFinish")}
            label={t("labels.predictedFinish")}
            hint={t("participant.predictedFinishHint")}
            error={err("predictedFinish")}
            value={draft.predictedFinish}
            onChange={(v) => onChange({ predictedFinish: v })}
            autoComplete="off"
            placeholder="1:55"
            pattern="\d{1,2}[:：]\d{2}"
            maxLength={8}
            optional
          />
        ) : null}
      </div>

      {showGuardian ? (
        <fieldset className="reg-subgroup reg-guardian" aria-describedby={err("guardian") ? `${fieldId(name("guardian"))}-error` : undefined}>
          <legend>{t("guardian.legend")}</legend>
          <p className="reg-hint">
            {age !== null ? t("guardian.intro", { name: who || t("participant.heading", { n }), age }) : t("guardian.introNoAge")}
          </p>
          {guardianError ? (
            <p id={`${fieldId(name("guardian"))}-error`} className="reg-error">
              <span className="visually-hidden">{t("errors.prefix")} </span>
              {t("errors.labelledError", { label: t("labels.guardian"), message: guardianError })}
            </p>
          ) : null}
          {onCopyFirst && (drafts[0]?.familyName || drafts[0]?.phone) ? (
            <p>
              <button type="button" className="reg-button reg-button-secondary reg-button-small" onClick={onCopyFirst}>
                {t("guardian.copyFirst")}
              </button>
            </p>
          ) : null}
          <TextInput
            name={name("guardian.name")}
            label={t("labels.guardian_name")}
            error={err("guardian.name")}
            value={draft.guardianName}
            onChange={(v) => onChange({ guardianName: v })}
            autoComplete="off"
            maxLength={60}
            required
          />
          <div className="reg-row">
            <TextInput
              name={name("guardian.phone")}
              label={t("labels.guardian_phone")}
              error={err("guardian.phone")}
              value={draft.guardianPhone}
              onChange={(v) => onChange({ guardianPhone: v })}
              type="tel"
              autoComplete="off"
              maxLength={20}
              required
            />
            <TextInput
              name={name("guardian.idNumber")}
              label={t("labels.guardian_idNumber")}
              error={err("guardian.idNumber")}
              value={draft.guardianIdNumber}
              onChange={(v) => onChange({ guardianIdNumber: v })}
              autoComplete="off"
              autoCapitalize="characters"
              spellCheck={false}
              maxLength={30}
              required
            />
          </div>
          <Checkbox
            name={name("guardian.consent")}
            label={t("guardian.consent")}
            errorLabel={t("labels.guardian_consent")}
            checked={draft.guardianConsent}
            onChange={(v) => onChange({ guardianConsent: v })}
            error={err("guardian.consent")}
            required
          />
        </fieldset>
      ) : null}

      {onRemove ? (
        <p className="reg-remove">
          <button type="button" className="reg-button reg-button-danger reg-button-small" onClick={onRemove}>
            {t("participant.remove", { n })}
          </button>
        </p>
      ) : null}
    </fieldset>
  );
}

/* ---------- Field pieces: label, hint, error, input; the error is tied to the input for screen readers. ---------- */

function FieldFrame({
  id,
  label,
  hint,
  hintLive,
  error,
  optional,
  children,
}: {
  id: string;
  label: string;
  hint?: ReactNode;
  hintLive?: boolean;
  error?: string;
  optional?: boolean;
  children: (describedBy: string | undefined) => ReactNode;
}) {
  const t = useTranslations("registration.form");
  const describedBy = [error ? `${id}-error` : null, hint ? `${id}-hint` : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className={`reg-field${error ? " reg-field-invalid" : ""}`}>
      <label htmlFor={id} className="reg-label">
        {label}
        {optional ? <span className="reg-optional"> {t("optional")}</span> : null}
      </label>
      {hint ? (
        <p id={`${id}-hint`} className="reg-hint" aria-live={hintLive ? "polite" : undefined}>
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={`${id}-error`} className="reg-error">
          <span className="visually-hidden">{t("errors.prefix")} </span>
          {t("errors.fieldError", { label, message: error })}
        </p>
      ) : null}
      {children(describedBy)}
    </div>
  );
}

function TextInput({
  name,
  label,
  hint,
  hintLive,
  error,
  value,
  onChange,
  optional,
  required,
  type = "text",
  ...rest
}: {
  name: string;
  label: string;
  hint?: ReactNode;
  hintLive?: boolean;
  error?: string;
  value: string;
  onChange: (value: string) => void;
  optional?: boolean;
  required?: boolean;
  type?: "text" | "email" | "tel" | "date";
  autoComplete?: string;
  autoCapitalize?: string;
  spellCheck?: boolean;
  maxLength?: number;
  max?: string;
  lang?: string;
  placeholder?: string;
  pattern?: string;
}) {
  const id = fieldId(name);
  return (
    <FieldFrame id={id} label={label} hint={hint} hintLive={hintLive} error={error} optional={optional}>
      {(describedBy) => (
        <input
          id={id}
          name={name}
          type={type}
          value={value}
          onChange={(e) => onChange(e.target.value)}
          required={required}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy}
          className="reg-input"
          {...rest}
        />
      )}
    </FieldFrame>
  );
}

function Select({
  name,
  label,
  error,
  value,
  onChange,
  options,
  placeholder,
  optional,
  required,
  autoComplete,
}: {
  name: string;
  label: string;
  error?: string;
  value: string;
  onChange: (value: string) => void;
  options: { value: string; label: string }[];
  placeholder: string;
  optional?: boolean;
  required?: boolean;
  autoComplete?: string;
}) {
  const id = fieldId(name);
  return (
    <FieldFrame id={id} label={label} error={error} optional={optional}>
      {(describedBy) => (
        <select
          id={id}
          name={name}
          value={value}
          onChange={(e) => onChange(e.target.value)}
          required={required}
          autoComplete={autoComplete}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy}
          className="reg-input reg-select"
        >
          <option value="">{placeholder}</option>
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    </FieldFrame>
  );
}

function RadioGroup({
  name,
  legend,
  error,
  value,
  onChange,
  options,
  inline,
  required,
}: {
  name: string;
  legend: string;
  error?: string;
  value: string;
  onChange: (value: string) => void;
  options: { value: string; label: ReactNode; disabled?: boolean }[];
  inline?: boolean;
  required?: boolean;
}) {
  const t = useTranslations("registration.form");
  const groupId = fieldId(name);
  const errorId = `${groupId}-error`;
  return (
    <fieldset
      className={`reg-field reg-radios${inline ? " reg-radios-inline" : ""}${error ? " reg-field-invalid" : ""}`}
      aria-describedby={error ? errorId : undefined}
    >
      <legend className="reg-label">
        {legend}
      </legend>
      {error ? (
        <p id={errorId} className="reg-error">
          <span className="visually-hidden">{t("errors.prefix")} </span>
          {t("errors.labelledError", { label: legend, message: error })}
        </p>
      ) : null}
      <div className="reg-radio-list">
        {options.map((o) => {
          const id = fieldId(`${name}.${o.value}`);
          return (
            <label key={o.value} htmlFor={id} className={`reg-radio${o.disabled ? " reg-radio-disabled" : ""}${value === o.value ? " reg-radio-checked" : ""}`}>
              <input
                id={id}
                type="radio"
                name={name}
                value={o.value}
                checked={value === o.value}
                disabled={o.disabled}
                required={required}
                onChange={() => onChange(o.value)}
              />
              <span className="reg-radio-label">{o.label}</span>
            </label>
          );
        })}
      </div>
    </fieldset>
  );
}

function Checkbox({
  name,
  label,
  errorLabel,
  checked,
  onChange,
  error,
  required,
}: {
  name: string;
  label: string;
  /** A short name for the error line ("Waiver: …"): the label itself is a whole sentence. */
  errorLabel: string;
  checked: boolean;
  onChange: (value: boolean) => void;
  error?: string;
  required?: boolean;
}) {
  const t = useTranslations("registration.form");
  const id = fieldId(name);
  return (
    <div className={`reg-field reg-check${error ? " reg-field-invalid" : ""}`}>
      {error ? (
        <p id={`${id}-error`} className="reg-error">
          <span className="visually-hidden">{t("errors.prefix")} </span>
          {t("errors.labelledError", { label: errorLabel, message: error })}
        </p>
      ) : null}
      <label htmlFor={id} className="reg-check-label">
        <input
          id={id}
          type="checkbox"
          name={name}
          checked={checked}
          onChange={(e) => onChange(e.target.checked)}
          required={required}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error` : undefined}
        />
        <span>{label}</span>
      </label>
    </div>
  );
}
