import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { hasLocale } from "next-intl";
import { getTranslations, setRequestLocale } from "next-intl/server";
import { formatRaceTime } from "../../../../../../../../core/results/time";
import { Link } from "../../../../../../../../i18n/navigation";
import { routing, type Locale } from "../../../../../../../../i18n/routing";
import { isDomainError } from "../../../../../../../../server/errors";
import {
  checkCertificate,
  formatCertificateDate,
  formatCount,
  type CertificateCheck,
  type PlaceTotals,
} from "../../../../../../../../server/results/certificate";
import type { ResultView } from "../../../../../../../../server/results/types";
import "./verify.css";

/** Reads `?code=` and compares it with the result as it is now: never cached, never prerendered. */
export const dynamic = "force-dynamic";

type Props = {
  params: Promise<{ locale: string; slug: string; race: string; bib: string }>;
  searchParams: Promise<{ code?: string | string[] }>;
};

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { locale, bib } = await params;
  if (!hasLocale(routing.locales, locale)) return {};
  const t = await getTranslations({ locale, namespace: "certificates.verify" });
  // The address carries the code: kept out of search engines and other sites' logs.
  return { title: t("metaTitle", { bib: decodeURIComponent(bib) }), robots: { index: false, follow: false }, referrer: "no-referrer" };
}

async function check(slug: string, race: string, bib: string, code: string | undefined): Promise<CertificateCheck | null> {
  try {
    return await checkCertificate(slug, race, bib, code);
  } catch (error) {
    if (isDomainError(error) && error.code === "not_found") return null;
    throw error;
  }
}

export default async function CertificateVerifyPage({ params, searchParams }: Props) {
  const { locale, slug, race, bib: rawBib } = await params;
  if (!hasLocale(routing.locales, locale)) notFound();
  setRequestLocale(locale);
  const query = await searchParams;
  const code = Array.isArray(query.code) ? query.code[0] : query.code;
  const result = await check(slug, race, decodeURIComponent(rawBib), code);
  if (!result) notFound();
  const t = await getTranslations("certificates.verify");

  const verdict = {
    valid: { className: "cert-verdict-valid", mark: "✓", title: t("validTitle"), text: t("valid") },
    mismatch: { className: "cert-verdict-invalid", mark: "✗", title: t("invalidTitle"), text: t("invalid") },
    not_finisher: { className: "cert-verdict-invalid", mark: "✗", title: t("notFinisherTitle"), text: t("notFinisher", { status: result.result.status }) },
    missing_code: { className: "cert-verdict-warn", mark: "!", title: t("missingCodeTitle"), text: t("missingCode") },
  }[result.outcome];

  const info = result.race;
  const downloadHref =
    result.outcome === "valid"
      ? `/api/v1/events/${encodeURIComponent(info.eventSlug)}/races/${encodeURIComponent(info.raceSlug)}/results/${encodeURIComponent(result.result.bib)}/certificate.pdf?locale=${locale}`
      : null;

  return (
    <article className="cert-verify">
      <p className="pub-back">
        <Link href={`/events/${info.eventSlug}`}>
          <span aria-hidden="true">← </span>
          {t("backToEvent")}
        </Link>
      </p>
      <h1>{t("heading")}</h1>
      <p className="pub-note">{t("intro")}</p>

      <section className={`cert-verdict ${verdict.className}`} aria-labelledby="cert-verdict-heading">
        <h2 id="cert-verdict-heading">
          <span aria-hidden="true">{verdict.mark} </span>
          {verdict.title}
        </h2>
        <p>{verdict.text}</p>
      </section>

      <section className="pub-section pub-card" aria-labelledby="cert-result-heading">
        <h2 id="cert-result-heading">{t("currentResult")}</h2>
        <ResultFacts locale={locale} check={result} />
        {downloadHref && (
          <p className="cert-download">
            {/* A file download, not a page: a plain link (no client navigation). */}
            <a href={downloadHref} download>
              {t("download")}
            </a>
          </p>
        )}
      </section>
    </article>
  );
}

async function ResultFacts({ locale, check }: { locale: Locale; check: CertificateCheck }) {
  const t = await getTranslations("certificates.verify");
  const { race, result } = check;
  const totals: PlaceTotals | null = "totals" in check ? check.totals : null;
  const time = (ms: number | null) => (ms === null ? t("noValue") : formatRaceTime(ms));
  const place = (value: number | null, total: number | null) =>
    value === null ? t("noValue") : total === null ? formatCount(value, locale) : t("placeOf", { place: formatCount(value, locale), total: formatCount(total, locale) });
  return (
    <dl className="pub-facts">
      <div>
        <dt>{t("runner")}</dt>
        <dd>
          <RunnerName result={result} />
        </dd>
      </div>
      <div>
        <dt>{t("bib")}</dt>
        <dd>{result.bib}</dd>
      </div>
      <div>
        <dt>{t("event")}</dt>
        <dd>{race.eventName[locale]}</dd>
      </div>
      <div>
        <dt>{t("race")}</dt>
        <dd>{race.raceName[locale]}</dd>
      </div>
      <div>
        <dt>{t("date")}</dt>
        <dd>
          <time dateTime={race.eventDate}>{formatCertificateDate(race.eventDate, locale)}</time>
        </dd>
      </div>
      {result.status === "finished" && (
        <>
          <div>
            <dt>{t("officialTime")}</dt>
            <dd className="cert-time">{time(result.rankTimeMs)}</dd>
          </div>
          <div>
            <dt>{t("gunTime")}</dt>
            <dd className="cert-time">{time(result.gunTimeMs)}</dd>
          </div>
          <div>
            <dt>{t("netTime")}</dt>
            <dd className="cert-time">{time(result.netTimeMs)}</dd>
          </div>
          <div>
            <dt>{t("overall")}</dt>
            <dd>{place(result.places.overall, totals?.overall ?? null)}</dd>
          </div>
          {result.gender && (
            <div>
              <dt>{t("genderPlace", { gender: result.gender })}</dt>
              <dd>{place(result.places.gender, totals?.gender ?? null)}</dd>
            </div>
          )}
          {result.ageGroup && (
            <div>
              <dt>{t("ageGroupPlace", { group: result.ageGroup })}</dt>
              <dd>{place(result.places.ageGroup, totals?.ageGroup ?? null)}</dd>
            </div>
          )}
        </>
      )}
    </dl>
  );
}

function RunnerName({ result }: { result: ResultView }) {
  const native = result.name ?? result.latinName ?? result.bib;
  const latin = result.latinName && result.latinName !== native ? result.latinName : null;
  return (
    <>
      <span lang={/\p{Script=Han}/u.test(native) ? "zh-CN" : undefined}>{native}</span>
      {latin && (
        <span className="cert-runner-latin" lang="en">
          {latin}
        </span>
      )}
    </>
  );
}
