import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { minorToMajorString } from "@/core/pricing";
import { LANGUAGE_TAG, type Locale } from "@/i18n/routing";
import type { DashboardFigures } from "@/server/dashboard/figures";
import { ChartCard, FiguresTable } from "./chart-card";
import { Bars, ColumnChart, Pyramid, StackedBars, type Series } from "./charts";
import { first, last } from "../../../core/lists";

/** How many nationalities the chart draws (the table lists them all). */
const NATIONALITIES_CHARTED = 12;

/** An amount in minor units in the currency's own format (CNY 2 decimals, JPY none). */
export function formatMinor(amount: number, currency: string, locale: Locale): string {
  try {
    return new Intl.NumberFormat(LANGUAGE_TAG[locale], { style: "currency", currency }).format(minorToMajorString(amount, currency) as unknown as number);
  } catch {
    return `${minorToMajorString(amount, currency)} ${currency}`;
  }
}

/**
 * The event's dashboard: every figure of server/dashboard/figures.ts, charts drawn on the server with their tables.
 * `countryNames` maps ISO codes to names in the page's language.
 */
export async function DashboardView({ figures, locale, countryNames }: { figures: DashboardFigures; locale: Locale; countryNames: Map<string, string> }) {
  const t = await getTranslations("admin.dashboard");
  const number = new Intl.NumberFormat(LANGUAGE_TAG[locale]);
  const n = (v: number) => number.format(v);
  const percent = (part: number, whole: number) => new Intl.NumberFormat(LANGUAGE_TAG[locale], { style: "percent", maximumFractionDigits: 0 }).format(whole === 0 ? 0 : part / whole);
  const nameOf = (name: { en: string; zh: string }) => (locale === "zh" ? name.zh : name.en);
  const dayLabel = (date: string, long = false) =>
    new Intl.DateTimeFormat(LANGUAGE_TAG[locale], long ? { dateStyle: "medium", timeZone: "UTC" } : { month: "numeric", day: "numeric", timeZone: "UTC" }).format(new Date(`${date}T00:00:00Z`));
  const country = (code: string) => countryNames.get(code) ?? code;

  const placeSeries: Series[] = [
    { key: "confirmed", label: t("places.confirmed"), fill: "dash-fill--confirmed" },
    { key: "held", label: t("places.held"), fill: "dash-fill--held" },
    { key: "placesLeft", label: t("places.placesLeft"), fill: "dash-fill--left" },
  ];
  const daySeries: Series[] = [
    { key: "created", label: t("perDay.created"), fill: "dash-fill--created" },
    { key: "confirmed", label: t("perDay.confirmed"), fill: "dash-fill--confirmed" },
  ];
  const genderSeries = {
    M: { key: "M", label: t("pyramid.M"), fill: "dash-fill--men" },
    F: { key: "F", label: t("pyramid.F"), fill: "dash-fill--women" },
    X: { key: "X", label: t("pyramid.X"), fill: "dash-fill--other" },
  };
  const pickupSeries: Series[] = [
    { key: "collected", label: t("pickup.collected"), fill: "dash-fill--confirmed" },
    { key: "toCollect", label: t("pickup.toCollect"), fill: "dash-fill--left" },
  ];
  const days = figures.registrationsPerDay;
  const totalPickup = figures.pickup.total;
  const charted = figures.nationalities.slice(0, NATIONALITIES_CHARTED);
  const others = figures.nationalities.slice(NATIONALITIES_CHARTED).reduce((s, x) => s + x.count, 0);

  return (
    <div className="dash">
      <section aria-labelledby="dash-summary-title" className="dash-summary">
        <h2 id="dash-summary-title" className="visually-hidden">
          {t("summary")}
        </h2>
        <dl className="dash-tiles">
          <div className="dash-tile">
            <dt>{t("tiles.confirmed")}</dt>
            <dd>
              <span className="dash-tile__figure" data-figure="confirmed">
                {n(figures.totals.confirmed)}
              </span>{" "}
              <span className="dash-tile__of">{t("tiles.ofCapacity", { capacity: n(figures.totals.capacity) })}</span>
            </dd>
          </div>
          <div className="dash-tile">
            <dt>{t("tiles.held")}</dt>
            <dd>
              <span className="dash-tile__figure">{n(figures.totals.held)}</span>
            </dd>
          </div>
          <div className="dash-tile">
            <dt>{t("tiles.placesLeft")}</dt>
            <dd>
              <span className="dash-tile__figure">{n(figures.totals.placesLeft)}</span>
            </dd>
          </div>
          <div className="dash-tile">
            <dt>{t("tiles.net")}</dt>
            <dd>
              {figures.revenue.length === 0 ? (
                <span className="dash-tile__figure">{formatMinor(0, "CNY", locale)}</span>
              ) : (
                figures.revenue.map((r) => (
                  <span key={r.currency} className="dash-tile__figure dash-tile__money">
                    {formatMinor(r.net, r.currency, locale)}
                  </span>
                ))
              )}
            </dd>
          </div>
          <div className="dash-tile">
            <dt>{t("tiles.pickedUp")}</dt>
            <dd>
              <span className="dash-tile__figure">{n(totalPickup.collected)}</span>{" "}
              <span className="dash-tile__of">{t("tiles.ofConfirmed", { confirmed: n(totalPickup.confirmed) })}</span>
            </dd>
          </div>
        </dl>
      </section>

      <div className="dash-grid">
        <ChartCard
          id="dash-places"
          title={t("places.title")}
          wide
          chart={
            <StackedBars
              label={t("places.chart")}
              series={placeSeries}
              format={n}
              rows={figures.races.map((r) => ({
                key: r.slug,
                label: nameOf(r.name),
                values: { confirmed: r.confirmed, held: r.held, placesLeft: r.placesLeft },
                max: Math.max(r.capacity, r.confirmed + r.held),
                note: t("places.note", { taken: n(r.confirmed + r.held), capacity: n(r.capacity) }),
              }))}
            />
          }
          table={
            <FiguresTable
              caption={t("places.title")}
              head={[t("places.race"), t("places.capacity"), t("places.confirmed"), t("places.held"), t("places.cancelled"), t("places.refunded"), t("places.placesLeft")]}
              rows={figures.races.map((r) => ({ key: r.slug, cells: [nameOf(r.name), n(r.capacity), n(r.confirmed), n(r.held), n(r.cancelled), n(r.refunded), n(r.placesLeft)] }))}
              foot={[
                t("places.total"),
                n(figures.totals.capacity),
                n(figures.totals.confirmed),
                n(figures.totals.held),
                n(figures.totals.cancelled),
                n(figures.totals.refunded),
                n(figures.totals.placesLeft),
              ]}
            />
          }
        >
          <p className="adm-hint">{t("places.hint")}</p>
        </ChartCard>

        <ChartCard
          id="dash-days"
          title={t("perDay.title")}
          wide
          chart={
            days.length > 0 ? (
              <ColumnChart
                label={t("perDay.chart", { from: dayLabel(first(days).date, true), to: dayLabel(last(days).date, true) })}
                series={daySeries}
                format={n}
                columns={days.map((d) => ({ key: d.date, label: dayLabel(d.date), values: { created: d.created, confirmed: d.confirmed } }))}
              />
            ) : (
              <p className="adm-empty">{t("perDay.none")}</p>
            )
          }
          tableLabel={t("showTable")}
          table={
            <FiguresTable
              caption={t("perDay.title")}
              head={[t("perDay.date"), t("perDay.created"), t("perDay.confirmed")]}
              rows={days.map((d) => ({ key: d.date, cells: [dayLabel(d.date, true), n(d.created), n(d.confirmed)] }))}
              foot={[t("perDay.total"), n(days.reduce((s, d) => s + d.created, 0)), n(days.reduce((s, d) => s + d.confirmed, 0))]}
            />
          }
        >
          <p className="adm-hint">{t("perDay.hint", { zone: figures.event.timezone })}</p>
        </ChartCard>

        <ChartCard
          id="dash-revenue"
          title={t("revenue.title")}
          table={
            figures.revenue.length > 0 ? (
              <FiguresTable
                caption={t("revenue.title")}
                head={[t("revenue.currency"), t("revenue.gross"), t("revenue.refunded"), t("revenue.net")]}
                rows={figures.revenue.map((r) => ({
                  key: r.currency,
                  cells: [r.currency, formatMinor(r.gross, r.currency, locale), formatMinor(r.refunded, r.currency, locale), formatMinor(r.net, r.currency, locale)],
                }))}
              />
            ) : (
              <p className="adm-empty">{t("revenue.none")}</p>
            )
          }
        >
          <p className="adm-hint">{t("revenue.hint")}</p>
        </ChartCard>

        <ChartCard
          id="dash-codes"
          title={t("codes.title")}
          table={
            figures.discountCodes.length > 0 ? (
              <FiguresTable
                caption={t("codes.title")}
                head={[t("codes.code"), t("codes.uses"), t("codes.paidUses"), t("codes.discountTotal")]}
                rows={figures.discountCodes.map((c) => ({
                  key: c.code,
                  cells: [
                    <code key="c">{c.code}</code>,
                    n(c.uses),
                    n(c.paidUses),
                    c.discountTotal.length > 0 ? c.discountTotal.map((d) => formatMinor(d.amount, d.currency, locale)).join(" · ") : "—",
                  ],
                }))}
              />
            ) : (
              <p className="adm-empty">{t("codes.none")}</p>
            )
          }
        >
          {figures.discountCodes.length > 0 ? <p className="adm-hint">{t("codes.hint")}</p> : null}
        </ChartCard>

        <ChartCard
          id="dash-pyramid"
          title={t("pyramid.title")}
          wide
          chart={
            figures.pyramid.length > 0 ? (
              <Pyramid label={t("pyramid.chart")} bands={figures.pyramid} series={genderSeries} format={n} />
            ) : (
              <p className="adm-empty">{t("none")}</p>
            )
          }
          tableLabel={t("showTable")}
          table={
            <FiguresTable
              caption={t("pyramid.title")}
              head={[t("pyramid.band"), t("pyramid.M"), t("pyramid.F"), t("pyramid.X"), t("pyramid.total")]}
              rows={[...figures.pyramid].reverse().map((b) => ({ key: b.band, cells: [b.band, n(b.M), n(b.F), n(b.X), n(b.M + b.F + b.X)] }))}
            />
          }
        >
          <p className="adm-hint">{t("pyramid.hint")}</p>
        </ChartCard>

        <ChartCard
          id="dash-sizes"
          title={t("sizes.title")}
          chart={figures.shirtSizes.map((race) => (
            <div key={race.slug} className="dash-subchart">
              <h3 className="adm-h3">{t("sizes.race", { race: nameOf(race.name), count: n(race.total) })}</h3>
              {race.sizes.length > 0 ? (
                <Bars
                  label={t("sizes.chart", { race: nameOf(race.name) })}
                  fill="dash-fill--shirts"
                  format={n}
                  rows={race.sizes.map((s) => ({ key: s.size ?? "", label: s.size ?? t("sizes.noSize"), value: s.count }))}
                />
              ) : (
                <p className="adm-empty">{t("none")}</p>
              )}
            </div>
          ))}
          tableLabel={t("showTable")}
          table={
            <FiguresTable
              caption={t("sizes.title")}
              head={[t("sizes.raceColumn"), t("sizes.size"), t("sizes.count")]}
              rows={figures.shirtSizes.flatMap((race) => race.sizes.map((s) => ({ key: `${race.slug}:${s.size ?? ""}`, cells: [nameOf(race.name), s.size ?? t("sizes.noSize"), n(s.count)] })))}
            />
          }
        />

        <ChartCard
          id="dash-nationalities"
          title={t("nationalities.title")}
          chart={
            charted.length > 0 ? (
              <Bars
                label={t("nationalities.chart")}
                fill="dash-fill--nationality"
                format={n}
                rows={[
                  ...charted.map((c) => ({ key: c.nationality, label: country(c.nationality), value: c.count })),
                  ...(others > 0 ? [{ key: "others", label: t("nationalities.others"), value: others }] : []),
                ]}
              />
            ) : (
              <p className="adm-empty">{t("none")}</p>
            )
          }
          tableLabel={t("showTable")}
          table={
            <FiguresTable
              caption={t("nationalities.title")}
              head={[t("nationalities.nationality"), t("nationalities.count"), t("nationalities.share")]}
              rows={figures.nationalities.map((c) => ({ key: c.nationality, cells: [`${country(c.nationality)} (${c.nationality})`, n(c.count), percent(c.count, figures.totals.confirmed)] }))}
            />
          }
        />

        <ChartCard
          id="dash-pickup"
          title={t("pickup.title")}
          wide
          chart={
            <StackedBars
              label={t("pickup.chart")}
              series={pickupSeries}
              format={n}
              rows={figures.pickup.races.map((r) => ({
                key: r.slug,
                label: nameOf(r.name),
                values: { collected: r.collected, toCollect: r.confirmed - r.collected },
                note: percent(r.collected, r.confirmed),
              }))}
            />
          }
          table={
            <FiguresTable
              caption={t("pickup.title")}
              head={[t("places.race"), t("pickup.collected"), t("pickup.confirmed"), t("pickup.share")]}
              rows={figures.pickup.races.map((r) => ({ key: r.slug, cells: [nameOf(r.name), n(r.collected), n(r.confirmed), percent(r.collected, r.confirmed)] }))}
              foot={[t("places.total"), n(totalPickup.collected), n(totalPickup.confirmed), percent(totalPickup.collected, totalPickup.confirmed)]}
            />
          }
        >
          <p>
            <Link href={`/admin/events/${figures.event.slug}/pickup/progress`}>{t("pickup.progressLink")}</Link>
          </p>
        </ChartCard>
      </div>
    </div>
  );
}
