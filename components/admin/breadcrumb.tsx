import Link from "next/link";
import { Fragment, type ReactNode } from "react";

/** The admin's trail of links above a page's heading ("Events › Event name › …"); the page's h1 ends it. */
export function AdminBreadcrumb({ label, trail }: { label: string; trail: { href: string; text: ReactNode }[] }) {
  return (
    <nav aria-label={label} className="adm-breadcrumb">
      {trail.map((item, i) => (
        <Fragment key={item.href}>
          {i > 0 ? <span aria-hidden="true"> › </span> : null}
          <Link href={item.href}>{item.text}</Link>
        </Fragment>
      ))}
    </nav>
  );
}
