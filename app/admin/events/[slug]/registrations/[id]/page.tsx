import type { Metadata } from "next";
import Link from "next/link";
import { AdminBreadcrumb } from "@/components/admin/breadcrumb";
import { forbidden, notFound } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { MoveWaveForm, SetBibForm, SwapBibsForm, UnlockBibForm } from "@/components/admin/bibs/entry-bib-forms";
import { formatMoney } from "@/components/admin/format";
import { parseMajorAmount } from "@/components/admin/registrations/amount";
import { Badge } from "@/components/admin/registrations/badge";
import { ConfirmStep } from "@/components/admin/confirm-step";
import { FocusOnMount } from "@/components/admin/registrations/focus-on-mount";
import { nativeName } from "@/core/names";
import { countryName, formatDuration, formatWhen, runnerName } from "@/components/admin/registrations/format";
import { EntryMoney, EntryEmails } from "@/components/admin/registrations/entry-sections";
import { EntryAuditHistory } from "@/components/admin/registrations/entry-audit-history";
import { EntryEditForm } from "@/components/admin/registrations/entry-edit-form";
import { formatDurationSeconds } from "@/components/admin/form-data";
import { LANGUAGE_TAG, type Locale } from "@/i18n/routing";
import { requireStaff } from "@/server/auth/session";
import { isDomainError } from "@/server/errors";
import { getEventWithRaces } from "@/server/events/queries";
import { listEntryHistory } from "@/server/registration/entry-history";
import { firstValues, getRegistrationDetail, type RegistrationDetail } from "@/server/registration/list-registrations";
import { cancelEntryAction, refundEntryAction, resendConfirmationAction, setBibAction, setWaveAction, swapBibsAction, updateEntryAction } from "./actions";
import "@/components/admin/registrations/registrations.css";
import "@/components/admin/registrations/participants.css";
import "@/components/admin/bibs/bibs.css";

type Params = Promise<{ slug: string; id: string }>;
type Search = Promise<Record<string, string | string[] | undefined>>;

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("admin.entry");
  return { title: t("title") };
}

async function loadOrRefuse(...args: Parameters<typeof getRegistrationDetail>): Promise<RegistrationDetail> {
  try {
    return await getRegistrationDetail(...args);
  } catch (error) {
    if (isDomainError(error) && error.code === "not_found") notFound();
    if (isDomainError(error) && error.code === "forbidden") forbidden();
    throw error;
  }
}

/**
 * One entry: participant, guardian, order and payment, refunds, emails sent, history. Admins and the event's
 * organizers cancel it, refund it (or its whole order), or resend the confirmation, each after a confirmation
 * step (`?confirm=cancel|refund|resend`); its volunteers read it without money, contacts or actions.
 */
export default async function EntryPage({ params, searchParams }: { params: Params; searchParams: Search }) {
  const { slug, id } = await params;
  const path = `/admin/events/${slug}/registrations/${id}`;
  const actor = await requireStaff(path);
  const d = await loadOrRefuse(actor, slug, id, { history: false });
  // The full history, newest first, for those who may change the entry (volunteers see the entry only).
  const history = d.canManage ? await listEntryHistory(actor, slug, id) : null;
  const [t, tReg, locale, sp] = await Promise.all([getTranslations("admin"), getTranslations("registration.form"), getLocale() as Promise<Locale>, searchParams.then(firstValues)]);
  const { entry, order, event } = d;
  const zone = event.timezone;
  const name = runnerName(entry, locale);
  const raceName = locale === "zh" ? entry.race.name.zh : entry.race.name.en;
  const money = (cents: number) => formatMoney(cents, order.currency, locale);
  const when = (iso: string | null) => formatWhen(iso, zone, locale) ?? t("entry.notYet");

  // What may be done now, as the service decided it (core/entry-actions.ts); the actions refuse by the same rule.
  const canCancel = d.actions.cancel.allowed;
  const canRefundEntry = d.actions.refundEntry.allowed;
  const canRefundOrder = d.actions.refundOrder.allowed;
  const canResend = d.actions.resend.allowed;
  const confirm = sp.confirm;
  const confirming =
    (confirm === "cancel" && canCancel) || (confirm === "refund" && (canRefundEntry || canRefundOrder)) || (confirm === "resend" && canResend);

  const notice = (() => {
    switch (sp.notice) {
      case "cancelled":
      case "cancelledNotified":
      case "resent":
        return t(`entryNotices.${sp.notice}`, { email: order.email ?? "" });
      case "refunded":
        return /^\d{1,12}$/.test(sp.amount ?? "") ? t("entryNotices.refunded", { amount: money(Number(sp.amount)) }) : null;
      case "bibSet":
      case "bibLocked":
      case "bibUnlocked":
      case "bibsSwapped":
        return t(`bibs.notices.${sp.notice}`, { bib: entry.bib ?? "—" });
      case "bibRemoved":
      case "waveCleared":
        return t(`bibs.notices.${sp.notice}`);
      case "waveSet":
        return t("bibs.notices.waveSet", { wave: entry.wave ?? "—" });
      case "entryUpdated":
        return t("participants.edit.saved");
      case "entryUnchanged":
        return t("participants.edit.unchanged");
      default:
        return null;
    }
  })();

  return (
    <>
      <AdminBreadcrumb label={t("nav.breadcrumb")} trail={[{ href: "/admin", text: t("events.title") }, { href: `/admin/events/${event.slug}`, text: locale === "zh" ? event.name.zh : event.name.en }, { href: `/admin/events/${event.slug}/registrations`, text: t("registrations.title") }]} />
      <h1 id="page-title" className="adm-h1">
        <span>
          {name.main}
          {name.other ? (
            <span className="adm-reg-sub" lang={locale === "en" ? "zh-CN" : "en"}>
              {name.other}
            </span>
          ) : null}
        </span>
        <Badge kind="entryStatus" status={entry.status} />
      </h1>
      <div role="status" className={notice ? "adm-notice" : undefined}>
        {notice}
      </div>

      {confirm === "cancel" && canCancel ? (
        <ConfirmStep
          title={t("entryActions.cancelTitle")}
          action={cancelEntryAction}
          fields={{ eventSlug: event.slug, registrationId: entry.id }}
          confirmLabel={t("entryActions.cancelConfirm")}
          pendingLabel={t("entryActions.cancelPending")}
          backHref={path}
          backLabel={t("entryActions.keep")}
          danger
          formChildren={
            <label className="adm-reg-check">
              <input type="checkbox" name="notify" defaultChecked />
              <span>{t("entryActions.notify", { email: order.email ?? "" })}</span>
            </label>
          }
        >
          <p>{t("entryActions.cancelBody", { name: name.main, race: raceName })}</p>
          {entry.bib ? <p>{t("entryActions.cancelBib", { bib: entry.bib })}</p> : null}
        </ConfirmStep>
      ) : null}

      {confirm === "refund" && (canRefundEntry || canRefundOrder) ? (
        <RefundStep d={d} sp={sp} path={path} canRefundEntry={canRefundEntry} locale={locale} />
      ) : null}

      {confirm === "resend" && canResend ? (
        <ConfirmStep
          title={t("entryActions.resendTitle")}
          action={resendConfirmationAction}
          fields={{ eventSlug: event.slug, registrationId: entry.id }}
          confirmLabel={t("entryActions.resendConfirm")}
          pendingLabel={t("entryActions.resendPending")}
          backHref={path}
          backLabel={t("entryActions.back")}
        >
          <p>{t("entryActions.resendBody", { code: order.code, email: order.email ?? "" })}</p>
        </ConfirmStep>
      ) : null}

      {confirming ? null : d.canManage ? (
        <section className="adm-section" aria-labelledby="actions-title">
          <h2 id="actions-title" className="adm-h2">
            {t("entryActions.title")}
          </h2>
          {canCancel || canRefundOrder || canResend ? (
            <div className="adm-reg-actions">
              {canRefundEntry || canRefundOrder ? (
                <Link href={`${path}?confirm=refund`} className="adm-button">
                  {t("entryActions.refund")}
                </Link>
              ) : null}
              {canCancel ? (
                <Link href={`${path}?confirm=cancel`} className="adm-button">
                  {t("entryActions.cancel")}
                </Link>
              ) : null}
              {canResend ? (
                <Link href={`${path}?confirm=resend`} className="adm-button">
                  {t("entryActions.resend")}
                </Link>
              ) : null}
            </div>
          ) : null}
          {!d.actions.cancel.allowed && d.actions.cancel.why === "entry_not_confirmed" ? (
            <p>{t(canRefundOrder ? "entryActions.notConfirmedOrder" : "entryActions.notConfirmed", { status: t(`entryStatus.${entry.status}`) })}</p>
          ) : null}
        </section>
      ) : (
        <p className="adm-callout adm-reg-note" role="note">
          {t("entry.contactHidden")}
        </p>
      )}

      {!confirming && d.canManage && entry.status === "confirmed" ? <BibAndWave d={d} locale={locale} /> : null}

      <div className="adm-reg-sections">
        <section className="adm-section" aria-labelledby="participant-title">
          <h2 id="participant-title" className="adm-h2">
            {t("entry.participant")}
          </h2>
          <dl className="adm-facts adm-reg-facts">
            <Fact term={t("entry.nativeName")} value={nativeName(entry)} lang="zh-CN" />
            <Fact term={t("entry.latinName")} value={entry.latinName} lang="en" />
            <Fact term={t("entry.gender")} value={tReg.has(`gender.${entry.gender}`) ? tReg(`gender.${entry.gender}`) : entry.gender} />
            <Fact term={t("entry.birthDate")} value={entry.birthDate} />
            <Fact term={t("entry.nationality")} value={countryName(entry.nationality, locale)} />
            <Fact term={t("entry.idType")} value={tReg.has(`idTypes.${entry.idType}`) ? tReg(`idTypes.${entry.idType}`) : entry.idType} />
            <Fact term={t("entry.idNumber")} value={entry.idNumber} mono />
            {d.canManage ? (
              <>
                <Fact term={t("entry.phone")} value={entry.phone} />
                <Fact term={t("entry.email")} value={entry.email} />
                <Fact term={t("entry.emergency")} value={[entry.emergencyName, entry.emergencyPhone].filter(Boolean).join(" · ")} />
              </>
            ) : null}
            <Fact term={t("entry.tshirt")} value={entry.tshirtSize} />
            <Fact term={t("entry.predicted")} value={entry.predictedFinishSeconds ? formatDuration(entry.predictedFinishSeconds) : null} />
          </dl>
        </section>

        {entry.guardianName ? (
          <section className="adm-section" aria-labelledby="guardian-title">
            <h2 id="guardian-title" className="adm-h2">
              {t("entry.guardian")}
            </h2>
            <dl className="adm-facts adm-reg-facts">
              <Fact term={t("entry.guardianName")} value={entry.guardianName} />
              {d.canManage ? <Fact term={t("entry.guardianPhone")} value={entry.guardianPhone} /> : null}
              <Fact term={t("entry.guardianId")} value={entry.guardianIdNumber} mono />
              <Fact term={t("entry.guardianConsent")} value={entry.guardianConsent ? t("entry.consentGiven") : t("entry.consentMissing")} />
            </dl>
          </section>
        ) : null}

        <section className="adm-section" aria-labelledby="entry-title">
          <h2 id="entry-title" className="adm-h2">
            {t("entry.entry")}
          </h2>
          <dl className="adm-facts adm-reg-facts">
            <Fact term={t("entry.race")} value={raceName} />
            <Fact term={t("entry.wave")} value={entry.wave ?? t("entry.notAssigned")} />
            <Fact term={t("entry.bib")} value={entry.bib ? (entry.bibLocked ? t("entry.bibLocked", { bib: entry.bib }) : entry.bib) : t("entry.notAssigned")} />
            <Fact term={t("entry.registeredAt")} value={when(entry.registeredAt)} />
            <Fact term={t("entry.confirmedAt")} value={when(entry.confirmedAt)} />
            {entry.cancelledAt ? <Fact term={t("entry.cancelledAt")} value={when(entry.cancelledAt)} /> : null}
            <Fact term={t("entry.checkedInAt")} value={when(entry.checkedInAt)} />
          </dl>
        </section>

        <section className="adm-section" aria-labelledby="order-title">
          <h2 id="order-title" className="adm-h2">
            {t("entry.order")}
          </h2>
          <dl className="adm-facts adm-reg-facts">
            <Fact term={t("entry.orderCode")} value={order.code} mono />
            <div>
              <dt>{t("entry.orderStatus")}</dt>
              <dd>
                <Badge kind="orderStatus" status={order.status} />
              </dd>
            </div>
            {d.canManage ? (
              <>
                <Fact term={t("entry.buyer")} value={order.email} />
                <Fact term={t("entry.total")} value={money(order.totalCents)} />
                {order.discountCents > 0 ? <Fact term={t("entry.discount")} value={money(order.discountCents)} /> : null}
                <Fact term={t("entry.entryPaid")} value={money(entry.paidCents)} />
                <Fact term={t("entry.refundable")} value={money(order.refundableCents)} />
                <Fact term={t("entry.provider")} value={t.has(`provider.${order.provider}`) ? t(`provider.${order.provider}`) : order.provider} />
                <Fact term={t("entry.paidAt")} value={when(order.paidAt)} />
                <Fact term={t("entry.language")} value={order.locale === "en" ? t("entry.languageEn") : t("entry.languageZh")} />
              </>
            ) : null}
          </dl>
          {order.entries.length > 1 ? (
            <>
              <h3 className="adm-h3">{t("entry.orderEntries")}</h3>
              <ul>
                {order.entries.map((e) => {
                  const n = runnerName(e, locale);
                  return (
                    <li key={e.id}>
                      {e.id === entry.id ? (
                        <span>
                          {n.main} {t("entry.thisEntry")}
                        </span>
                      ) : (
                        <Link href={`/admin/events/${event.slug}/registrations/${e.id}`}>{n.main}</Link>
                      )}{" "}
                      · {locale === "zh" ? e.race.name.zh : e.race.name.en} · <Badge kind="entryStatus" status={e.status} />
                    </li>
                  );
                })}
              </ul>
            </>
          ) : null}
        </section>

        {d.payments && d.refunds ? <EntryMoney payments={d.payments} refunds={d.refunds} entryId={entry.id} zone={zone} locale={locale} /> : null}
        {d.emails ? <EntryEmails emails={d.emails} zone={zone} locale={locale} /> : null}
        {d.canManage && !confirming ? (
          <section className="adm-section" aria-labelledby="edit-title">
            <h2 id="edit-title" className="adm-h2">
              {t("participants.edit.title")}
            </h2>
            <p className="adm-hint">{t("participants.edit.intro")}</p>
            <EntryEditForm
              action={updateEntryAction}
              keys={{ eventSlug: event.slug, registrationId: entry.id }}
              genders={(["F", "M", "X"] as const).map((g) => ({ value: g, label: tReg(`gender.${g}`) }))}
              defaults={{
                familyName: entry.familyName,
                givenName: entry.givenName,
                latinName: entry.latinName ?? "",
                gender: entry.gender,
                birthDate: entry.birthDate,
                nationality: entry.nationality,
                phone: entry.phone ?? "",
                email: entry.email ?? "",
                emergencyName: entry.emergencyName ?? "",
                emergencyPhone: entry.emergencyPhone ?? "",
                tshirtSize: entry.tshirtSize ?? "",
                predicted: entry.predictedFinishSeconds ? formatDurationSeconds(entry.predictedFinishSeconds) : "",
              }}
            />
          </section>
        ) : null}
        {history ? <EntryAuditHistory history={history} currency={order.currency} zone={zone} locale={locale} /> : null}
      </div>
    </>
  );
}

/**
 * Bib and wave by hand (organizers and admins, confirmed entries): set or take away the bib (locked by default),
 * unlock it, swap it with another entry's, move the entry to another wave of its race.
 */
async function BibAndWave({ d, locale }: { d: RegistrationDetail; locale: Locale }) {
  const t = await getTranslations("admin.bibs.entry");
  const { entry, event } = d;
  const waves = (await getEventWithRaces(event.slug))?.races.find((r) => r.slug === entry.race.slug)?.waves ?? [];
  const time = new Intl.DateTimeFormat(LANGUAGE_TAG[locale], { timeStyle: "short", timeZone: event.timezone });
  const keys = { eventSlug: event.slug, registrationId: entry.id };
  const current = waves.find((w) => w.name === entry.wave)?.id ?? null;
  return (
    <section className="adm-section" aria-labelledby="bib-title">
      <h2 id="bib-title" className="adm-h2">
        {t("title")}
      </h2>
      <p>
        {entry.bib ? t(entry.bibLocked ? "nowLocked" : "nowBib", { bib: entry.bib }) : t("nowNone")} {entry.wave ? t("nowWave", { wave: entry.wave }) : t("nowNoWave")}
      </p>
      <div className="adm-bib-forms">
        <div className="adm-bib-card">
          <SetBibForm action={setBibAction} keys={keys} bib={entry.bib} />
          {entry.bib && entry.bibLocked ? <UnlockBibForm action={setBibAction} keys={keys} bib={entry.bib} /> : null}
        </div>
        <div className="adm-bib-card">
          <SwapBibsForm action={swapBibsAction} keys={keys} />
        </div>
        {waves.length > 0 ? (
          <div className="adm-bib-card">
            <MoveWaveForm action={setWaveAction} keys={keys} waves={waves.map((w) => ({ id: w.id, label: t("waveOption", { name: w.name, time: time.format(w.startTime) }) }))} waveId={current} />
          </div>
        ) : null}
      </div>
      <p className="adm-bib-more">
        <Link href={`/admin/events/${event.slug}/races/${entry.race.slug}/bibs`}>{t("raceBibs")}</Link>
      </p>
    </section>
  );
}

function Fact({ term, value, mono, lang }: { term: string; value: string | null | undefined; mono?: boolean; lang?: string }) {
  return (
    <div>
      <dt>{term}</dt>
      <dd className="adm-reg-break" lang={value ? lang : undefined}>
        {value ? mono ? <span className="adm-reg-mono">{value}</span> : value : "—"}
      </dd>
    </div>
  );
}

/**
 * The refund: first what and how much (a GET form, so it works without JavaScript and can be corrected), then a
 * review with the exact amount and what it does, then the server action. The amount is checked here against what
 * is still refundable, and again by the domain when it runs.
 */
async function RefundStep({ d, sp, path, canRefundEntry, locale }: { d: RegistrationDetail; sp: Record<string, string | undefined>; path: string; canRefundEntry: boolean; locale: Locale }) {
  const t = await getTranslations("admin");
  const { entry, order, event } = d;
  const money = (cents: number) => formatMoney(cents, order.currency, locale);
  const name = runnerName(entry, locale).main;
  const raceName = locale === "zh" ? entry.race.name.zh : entry.race.name.en;
  const scope = sp.scope === "order" || !canRefundEntry ? "order" : "entry";
  const max = scope === "entry" ? Math.min(entry.paidCents, order.refundableCents) : order.refundableCents;
  const typed = (sp.amount ?? "").trim();
  const parsed = typed === "" ? max : parseMajorAmount(typed, order.currency);
  const error =
    sp.review !== "1"
      ? null
      : parsed === null
        ? t("entryActions.errors.amountFormat")
        : parsed <= 0
          ? t("entryActions.errors.amountZero")
          : parsed > max
            ? t("entryActions.errors.amountTooLarge", { max: money(max) })
            : null;
  const confirmedCount = order.entries.filter((e) => e.status === "confirmed").length;

  if (sp.review === "1" && !error && parsed !== null) {
    const back = `${path}?confirm=refund&scope=${scope}&amount=${encodeURIComponent(typed)}`;
    return (
      <ConfirmStep
        title={t("entryActions.refundReviewTitle", { amount: money(parsed) })}
        action={refundEntryAction}
        fields={{ eventSlug: event.slug, registrationId: entry.id, scope, amountCents: String(parsed) }}
        confirmLabel={t("entryActions.refundConfirm", { amount: money(parsed) })}
        pendingLabel={t("entryActions.refundPending")}
        backHref={back}
        backLabel={t("entryActions.change")}
        danger
      >
        <p>
          {scope === "entry"
            ? t("entryActions.refundReviewEntry", { amount: money(parsed), name, race: raceName })
            : t("entryActions.refundReviewOrder", { amount: money(parsed), code: order.code, count: confirmedCount })}
        </p>
        <p>{t("entryActions.refundReviewMail", { email: order.email ?? "" })}</p>
      </ConfirmStep>
    );
  }

  const number = new Intl.NumberFormat(LANGUAGE_TAG[locale]);
  return (
    <section className="adm-reg-confirm" aria-labelledby="confirm-title">
      <FocusOnMount id={error ? "refund-amount" : "confirm-title"} />
      <h2 id="confirm-title" className="adm-h2" tabIndex={-1}>
        {t("entryActions.refundTitle")}
      </h2>
      <form method="get" action={path} className="adm-form">
        <input type="hidden" name="confirm" value="refund" />
        <input type="hidden" name="review" value="1" />
        <fieldset className="adm-reg-choice">
          <legend>{t("entryActions.refundScope")}</legend>
          {canRefundEntry ? (
            <label>
              <input type="radio" name="scope" value="entry" defaultChecked={scope === "entry"} />
              <span>{t("entryActions.scopeEntry", { name, race: raceName, amount: money(Math.min(entry.paidCents, order.refundableCents)) })}</span>
            </label>
          ) : null}
          <label>
            <input type="radio" name="scope" value="order" defaultChecked={scope === "order"} />
            <span>{t("entryActions.scopeOrder", { code: order.code, count: confirmedCount, countText: number.format(confirmedCount), amount: money(order.refundableCents) })}</span>
          </label>
        </fieldset>
        <div className={`adm-field${error ? " adm-field--invalid" : ""}`}>
          <label htmlFor="refund-amount" className="adm-label">
            {t("entryActions.refundAmount")}
          </label>
          <p id="refund-amount-hint" className="adm-hint">
            {t("entryActions.refundAmountHint", { currency: order.currency })}
          </p>
          {error ? (
            <p id="refund-amount-error" className="adm-error">
              {error}
            </p>
          ) : null}
          <input
            id="refund-amount"
            name="amount"
            type="text"
            inputMode="decimal"
            autoComplete="off"
            defaultValue={typed}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? "refund-amount-hint refund-amount-error" : "refund-amount-hint"}
            className="adm-input adm-input--short"
          />
        </div>
        <div className="adm-actions">
          <button type="submit" className="adm-button adm-button--primary">
            {t("entryActions.review")}
          </button>
          <Link href={path} className="adm-button adm-button--quiet">
            {t("entryActions.back")}
          </Link>
        </div>
      </form>
    </section>
  );
}
