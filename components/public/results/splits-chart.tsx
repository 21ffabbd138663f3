/**
 * The chart of a runner's splits, drawn as plain SVG (no chart library; it is in the page's HTML from the server):
 * one bar per segment, its length the segment's pace, with the runner's average pace as a line. When a segment's
 * length is unknown (a label that names no distance), the bars show segment times instead. The numbers are in the
 * splits table beside it; the SVG is one image with a title and a description for screen readers.
 */
import { formatRaceTime } from "../../../core/results/time";
import { formatPaceSeconds, type Segment } from "./splits";

// Horizontal bars, one row per segment, in a 360-unit-wide box: readable at a phone's width without scaling text down.
const WIDTH = 360;
const ROW = 30;
const LABEL_WIDTH = 64;
const VALUE_WIDTH = 64;
const TOP = 8;
const BOTTOM = 8;

export interface ChartText {
  title: string;
  description: string;
  segmentLabel: (segment: Segment, index: number) => string;
}

export function SplitsChart({
  segments,
  averagePaceSecondsPerKm,
  text,
  id,
}: {
  segments: Segment[];
  averagePaceSecondsPerKm: number | null;
  text: ChartText;
  id: string;
}) {
  if (segments.length === 0) return null;
  const byPace = segments.every((s) => s.paceSecondsPerKm !== null);
  const valueOf = (s: (typeof segments)[number]) => (byPace ? (s.paceSecondsPerKm as number) : s.segmentMs / 1000);
  const values = segments.map(valueOf);
  const average = byPace ? averagePaceSecondsPerKm : null;
  const max = Math.max(...values, average ?? 0) || 1;
  const height = TOP + segments.length * ROW + BOTTOM;
  const plotLeft = LABEL_WIDTH;
  const plotWidth = WIDTH - LABEL_WIDTH - VALUE_WIDTH;
  const x = (value: number) => plotLeft + (value / max) * plotWidth;
  const valueText = (value: number) => (byPace ? formatPaceSeconds(value, "km").replace(" /km", "") : formatRaceTime(value * 1000));

  return (
    <svg
      className="rs-chart"
      viewBox={`0 0 ${WIDTH} ${height}`}
      role="img"
      aria-labelledby={`${id}-title ${id}-desc`}
      preserveAspectRatio="xMidYMid meet"
    >
      <title id={`${id}-title`}>{text.title}</title>
      <desc id={`${id}-desc`}>{text.description}</desc>
      {segments.map((segment, i) => {
        const value = valueOf(segment);
        const top = TOP + i * ROW;
        return (
          <g key={i}>
            <text x={LABEL_WIDTH - 8} y={top + ROW / 2 + 5} textAnchor="end" className="rs-chart-label">
              {text.segmentLabel(segment, i)}
            </text>
            <rect x={plotLeft} y={top + 5} width={Math.max(1, x(value) - plotLeft)} height={ROW - 10} rx={3} className="rs-chart-bar" />
            <text x={x(value) + 6} y={top + ROW / 2 + 5} className="rs-chart-value">
              {valueText(value)}
            </text>
          </g>
        );
      })}
      <line x1={plotLeft} x2={plotLeft} y1={TOP} y2={height - BOTTOM} className="rs-chart-axis" />
      {average !== null && <line x1={x(average)} x2={x(average)} y1={TOP} y2={height - BOTTOM} className="rs-chart-average" />}
    </svg>
  );
}
