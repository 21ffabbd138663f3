import type { ReactNode } from "react";

/**
 * One block of the dashboard: a heading, the chart, and its figures as a table, either visible or in a <details>
 * right under the chart ("Figures as a table"), so a screen reader or a phone gets every number.
 */
export function ChartCard({
  id,
  title,
  chart,
  table,
  tableLabel,
  tableOpen = false,
  wide = false,
  children,
}: {
  id: string;
  title: string;
  chart?: ReactNode;
  table: ReactNode;
  /** The <details> summary; without it the table is shown as is. */
  tableLabel?: string;
  tableOpen?: boolean;
  wide?: boolean;
  children?: ReactNode;
}) {
  return (
    <section className={`dash-card${wide ? " dash-card--wide" : ""}`} aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} className="adm-h2">
        {title}
      </h2>
      {chart}
      {tableLabel ? (
        <details className="dash-table-details" open={tableOpen}>
          <summary>{tableLabel}</summary>
          {table}
        </details>
      ) : (
        table
      )}
      {children}
    </section>
  );
}

/** A figures table with a caption (the chart's name), scrolling sideways on a narrow screen. */
export function FiguresTable({ caption, head, rows, foot }: { caption: string; head: ReactNode[]; rows: { key: string; cells: ReactNode[] }[]; foot?: ReactNode[] }) {
  return (
    <div className="adm-table-wrap dash-table-wrap" role="region" aria-label={caption} tabIndex={0}>
      <table className="adm-table dash-table">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            {head.map((h, i) => (
              <th key={i} scope="col" className={i > 0 ? "dash-num" : undefined}>
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.key}>
              {r.cells.map((c, i) =>
                i === 0 ? (
                  <th key={i} scope="row">
                    {c}
                  </th>
                ) : (
                  <td key={i} className="dash-num">
                    {c}
                  </td>
                ),
              )}
            </tr>
          ))}
        </tbody>
        {foot ? (
          <tfoot>
            <tr>
              {foot.map((c, i) =>
                i === 0 ? (
                  <th key={i} scope="row">
                    {c}
                  </th>
                ) : (
                  <td key={i} className="dash-num">
                    {c}
                  </td>
                ),
              )}
            </tr>
          </tfoot>
        ) : null}
      </table>
    </div>
  );
}
