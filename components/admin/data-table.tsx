import Link from "next/link";
import type { Key, ReactNode } from "react";

/** One column of a DataTable. */
export interface DataColumn<Row> {
  key: string;
  /** The column's name: its header and, on a phone card, the label beside the value. */
  header: string;
  /** What the header cell shows instead of the name (a sort link); `aria-sort` when the list is sorted by it. */
  headerContent?: ReactNode;
  ariaSort?: "ascending" | "descending";
  /** The name for screen readers only (a column of buttons). */
  headerHidden?: boolean;
  /**
   * The phone card's label of a row's cell: the name unless this says otherwise (undefined for no label, e.g.
   * a column of buttons).
   */
  label?: (row: Row) => string | undefined;
  className?: string;
  cell: (row: Row) => ReactNode;
}

/**
 * The admin's list table: a scrollable, focusable region named by the section's heading, a caption for screen
 * readers, the first column as each row's header. On a phone each row becomes a card of label and value
 * (registrations.css, adm-reg-table). Columns left out for this view may be given as `false`.
 */
export function DataTable<Row>({
  labelledBy,
  caption,
  columns,
  rows,
  rowKey,
  className,
}: {
  labelledBy: string;
  caption: string;
  columns: (DataColumn<Row> | false)[];
  rows: Row[];
  rowKey: (row: Row) => Key;
  className?: string;
}) {
  const shown = columns.filter((c): c is DataColumn<Row> => c !== false);
  const [first, ...rest] = shown;
  return (
    <div className="adm-table-wrap adm-reg-table-wrap" role="region" aria-labelledby={labelledBy} tabIndex={0}>
      <table className={className ? `adm-table adm-reg-table ${className}` : "adm-table adm-reg-table"}>
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            {shown.map((c) => (
              <th key={c.key} scope="col" aria-sort={c.ariaSort}>
                {c.headerContent ?? (c.headerHidden ? <span className="visually-hidden">{c.header}</span> : c.header)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={rowKey(row)}>
              {first && (
                <th scope="row" className={first.className}>
                  {first.cell(row)}
                </th>
              )}
              {rest.map((c) => (
                <td key={c.key} data-label={c.label ? c.label(row) : c.header} className={c.className}>
                  {c.cell(row)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** A row's action as a quiet button-like link, naming the row for screen readers ("Revoke ann@example.com"). */
export function RowActionLink({ href, label, subject }: { href: string; label: string; subject: string }) {
  return (
    <Link href={href} className="adm-button adm-button--quiet">
      {label}
      <span className="visually-hidden"> {subject}</span>
    </Link>
  );
}
