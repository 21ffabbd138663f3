/**
 * Charts drawn on the server as SVG (no chart library, no JavaScript in the browser): each is an image with an
 * accessible name, and the page puts its figures in a table right under it (chart-card.tsx). The drawing scales
 * with its box (viewBox); below a tablet's width the box scrolls sideways rather than shrinking the text.
 */
import type { ReactNode } from "react";

export interface Series {
  key: string;
  label: string;
  /** A CSS class of dashboard.css giving the fill (dash-fill--…). */
  fill: string;
}

const FONT = 13;

/** Round up to a "nice" axis maximum: 1, 2, 5 × 10^n. */
export function niceMax(value: number): number {
  if (value <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 5, 10]) if (value <= step * power) return step * power;
  return 10 * power;
}

function Legend({ series }: { series: Series[] }) {
  return (
    <ul className="dash-legend" aria-hidden="true">
      {series.map((s) => (
        <li key={s.key}>
          <span className={`dash-swatch ${s.fill}`} /> {s.label}
        </li>
      ))}
    </ul>
  );
}

function Svg({ label, width, height, children }: { label: string; width: number; height: number; children: ReactNode }) {
  return (
    // Focusable: on a phone the drawing scrolls sideways, and a keyboard must be able to scroll it too.
    <div className="dash-chart-scroll" tabIndex={0}>
      <svg className="dash-svg" viewBox={`0 0 ${width} ${height}`} role="img" aria-label={label} preserveAspectRatio="xMinYMin meet" style={{ maxWidth: width * 1.25 }}>
        {children}
      </svg>
    </div>
  );
}

export interface StackedRow {
  key: string;
  label: string;
  /** Values per series key, stacked left to right. */
  values: Record<string, number>;
  /** The bar's full length (e.g. capacity); the largest row's total when absent. */
  max?: number;
  /** Text at the end of the bar. */
  note?: string;
}

/**
 * Horizontal bars, one per row, each split into the series' parts (places: confirmed, held, left; pickup:
 * collected, to collect). Bars share one scale, so a larger race has a longer bar.
 */
export function StackedBars({ label, rows, series, format }: { label: string; rows: StackedRow[]; series: Series[]; format: (n: number) => string }) {
  const labelWidth = 170;
  const noteWidth = 120;
  const barWidth = 420;
  const rowHeight = 34;
  const width = labelWidth + barWidth + noteWidth;
  const height = rows.length * rowHeight + 8;
  const scale = Math.max(1, ...rows.map((r) => r.max ?? series.reduce((s, x) => s + (r.values[x.key] ?? 0), 0)));
  return (
    <>
      <Legend series={series} />
      <Svg label={label} width={width} height={height}>
        {rows.map((row, i) => {
          const y = 4 + i * rowHeight;
          let x = labelWidth;
          const full = ((row.max ?? series.reduce((s, v) => s + (row.values[v.key] ?? 0), 0)) / scale) * barWidth;
          return (
            <g key={row.key}>
              <text x={labelWidth - 8} y={y + rowHeight / 2} className="dash-text" textAnchor="end" dominantBaseline="middle" fontSize={FONT}>
                {row.label}
              </text>
              <rect x={labelWidth} y={y + 5} width={full} height={rowHeight - 10} className="dash-track" />
              {series.map((s) => {
                const v = row.values[s.key] ?? 0;
                // A part that is not zero stays visible (2 entries of 6,000 places), however small.
                const w = v > 0 ? Math.max(3, (v / scale) * barWidth) : 0;
                const rect = w > 0 ? <rect key={s.key} x={x} y={y + 5} width={w} height={rowHeight - 10} className={s.fill} /> : null;
                x += w;
                return rect;
              })}
              <text x={labelWidth + full + 8} y={y + rowHeight / 2} className="dash-text dash-text--muted" dominantBaseline="middle" fontSize={FONT}>
                {row.note ?? format(series.reduce((s, v) => s + (row.values[v.key] ?? 0), 0))}
              </text>
            </g>
          );
        })}
      </Svg>
    </>
  );
}

export interface Column {
  key: string;
  /** Axis label (shown for some columns only when there are many). */
  label: string;
  values: Record<string, number>;
}

/**
 * Vertical bars per column (entries per day): the first series drawn full width, the others narrower in front of it,
 * so "made" and "confirmed" on one day read as one bar and its part.
 */
export function ColumnChart({ label, columns, series, format }: { label: string; columns: Column[]; series: Series[]; format: (n: number) => string }) {
  const left = 44;
  const bottom = 30;
  const top = 10;
  const plotHeight = 200;
  const width = 720;
  const plotWidth = width - left - 10;
  const height = top + plotHeight + bottom;
  const max = niceMax(Math.max(0, ...columns.flatMap((c) => series.map((s) => c.values[s.key] ?? 0))));
  const step = plotWidth / Math.max(1, columns.length);
  const every = Math.max(1, Math.ceil(columns.length / 8));
  const y = (v: number) => top + plotHeight - (v / max) * plotHeight;
  // Whole numbers only on the axis (counts of entries).
  const ticks = max % 2 === 0 ? [0, max / 2, max] : [0, max];
  return (
    <>
      <Legend series={series} />
      <Svg label={label} width={width} height={height}>
        {ticks.map((t) => (
          <g key={t}>
            <line x1={left} x2={width - 10} y1={y(t)} y2={y(t)} className="dash-grid-line" />
            <text x={left - 6} y={y(t)} textAnchor="end" dominantBaseline="middle" className="dash-text dash-text--muted" fontSize={FONT - 1}>
              {format(t)}
            </text>
          </g>
        ))}
        {columns.map((c, i) => {
          const x = left + i * step;
          return (
            <g key={c.key}>
              {series.map((s, j) => {
                const v = c.values[s.key] ?? 0;
                const w = Math.max(1, Math.min(j === 0 ? 36 : 20, (j === 0 ? 0.8 : 0.45) * step));
                return v > 0 ? <rect key={s.key} x={x + (step - w) / 2} y={y(v)} width={w} height={top + plotHeight - y(v)} className={s.fill} /> : null;
              })}
              {i % every === 0 ? (
                <text x={x + step / 2} y={top + plotHeight + 18} textAnchor="middle" className="dash-text dash-text--muted" fontSize={FONT - 1}>
                  {c.label}
                </text>
              ) : null}
            </g>
          );
        })}
      </Svg>
    </>
  );
}

/** Horizontal bars of one series (shirt sizes, nationalities), longest scale = the largest value. */
export function Bars({ label, rows, fill, format }: { label: string; rows: { key: string; label: string; value: number }[]; fill: string; format: (n: number) => string }) {
  // Drawn for a half-width card (about 450 px on a tablet), so its text stays at its size there.
  const labelWidth = 130;
  const barWidth = 250;
  const rowHeight = 28;
  const width = labelWidth + barWidth + 60;
  const height = rows.length * rowHeight + 8;
  const max = Math.max(1, ...rows.map((r) => r.value));
  return (
    <Svg label={label} width={width} height={height}>
      {rows.map((row, i) => {
        const y = 4 + i * rowHeight;
        const w = (row.value / max) * barWidth;
        return (
          <g key={row.key}>
            <text x={labelWidth - 8} y={y + rowHeight / 2} textAnchor="end" dominantBaseline="middle" className="dash-text" fontSize={FONT}>
              {row.label}
            </text>
            {w > 0 ? <rect x={labelWidth} y={y + 4} width={w} height={rowHeight - 8} className={fill} /> : null}
            <text x={labelWidth + w + 6} y={y + rowHeight / 2} dominantBaseline="middle" className="dash-text dash-text--muted" fontSize={FONT}>
              {format(row.value)}
            </text>
          </g>
        );
      })}
    </Svg>
  );
}

/**
 * The age and gender pyramid: one row per age band, oldest at the top; men to the left of the middle, women to the
 * right, and X after the women (the third part of the legend). One scale both ways.
 */
export function Pyramid({
  label,
  bands,
  series,
  format,
}: {
  label: string;
  bands: { band: string; M: number; F: number; X: number }[];
  series: { M: Series; F: Series; X: Series };
  format: (n: number) => string;
}) {
  const width = 720;
  const middle = width / 2;
  const labelWidth = 60;
  const half = middle - labelWidth / 2 - 40;
  const rowHeight = 26;
  const height = bands.length * rowHeight + 8;
  const max = Math.max(1, ...bands.flatMap((b) => [b.M, b.F + b.X]));
  const rows = [...bands].reverse();
  return (
    <>
      <Legend series={[series.M, series.F, series.X]} />
      <Svg label={label} width={width} height={height}>
        {rows.map((b, i) => {
          const y = 4 + i * rowHeight;
          const m = (b.M / max) * half;
          const f = (b.F / max) * half;
          const x = (b.X / max) * half;
          const right = middle + labelWidth / 2;
          const leftEdge = middle - labelWidth / 2;
          return (
            <g key={b.band}>
              {m > 0 ? <rect x={leftEdge - m} y={y + 3} width={m} height={rowHeight - 6} className={series.M.fill} /> : null}
              <text x={leftEdge - m - 6} y={y + rowHeight / 2} textAnchor="end" dominantBaseline="middle" className="dash-text dash-text--muted" fontSize={FONT - 1}>
                {b.M > 0 ? format(b.M) : ""}
              </text>
              <text x={middle} y={y + rowHeight / 2} textAnchor="middle" dominantBaseline="middle" className="dash-text" fontSize={FONT}>
                {b.band}
              </text>
              {f > 0 ? <rect x={right} y={y + 3} width={f} height={rowHeight - 6} className={series.F.fill} /> : null}
              {x > 0 ? <rect x={right + f} y={y + 3} width={x} height={rowHeight - 6} className={series.X.fill} /> : null}
              <text x={right + f + x + 6} y={y + rowHeight / 2} dominantBaseline="middle" className="dash-text dash-text--muted" fontSize={FONT - 1}>
                {b.F + b.X > 0 ? (b.X > 0 ? `${format(b.F)} + ${format(b.X)}` : format(b.F)) : ""}
              </text>
            </g>
          );
        })}
      </Svg>
    </>
  );
}
