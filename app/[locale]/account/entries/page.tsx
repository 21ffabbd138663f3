import type { Metadata } from "next";
import { notFound, redirect } from "next/navigation";
import { hasLocale } from "next-intl";
import { getTranslations, setRequestLocale } from "next-intl/server";
import { OrderCard } from "@/components/public/account/order-card";
import "@/components/public/account/account.css";
import { Link } from "@/i18n/navigation";
import { routing } from "@/i18n/routing";
import { listRunnerOrders } from "@/server/auth/email-link";
import { getRunnerEmail } from "@/server/auth/session";
import { signOutRunnerAction } from "../actions";

type Props = { params: Promise<{ locale: string }> };

/** Rendered on every request (live data, the session or the query); the results pages are cached instead. */
export const dynamic = "force-dynamic";

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { locale } = await params;
  if (!hasLocale(routing.locales, locale)) return {};
  const t = await getTranslations({ locale, namespace: "account.entries" });
  return { title: t("metaTitle"), robots: { index: false } };
}

/** Every order made with the signed-in runner's address, across events, each with its private manage link. */
export default async function EntriesPage({ params }: Props) {
  const { locale } = await params;
  if (!hasLocale(routing.locales, locale)) notFound();
  setRequestLocale(locale);
  const email = await getRunnerEmail();
  if (!email) redirect(`/${locale}/account`);
  const [t, orders] = await Promise.all([getTranslations("account.entries"), listRunnerOrders(email)]);
  return (
    <div className="acct-page acct-page--wide">
      <div className="acct-heading">
        <h1>{t("title")}</h1>
        <form action={signOutRunnerAction} className="acct-signout">
          <input type="hidden" name="locale" value={locale} />
          <p className="acct-muted">{t("signedInAs", { email })}</p>
          <button type="submit" className="acct-quiet-button">
            {t("signOut")}
          </button>
        </form>
      </div>
      {orders.length === 0 ? (
        <div className="pub-empty">
          <p>{t("empty")}</p>
          <p>
            <Link href="/">{t("browse")}</Link>
          </p>
        </div>
      ) : (
        <>
          <p className="acct-lead">{t("intro")}</p>
          <ul className="acct-orders">
            {orders.map((order) => (
              <li key={order.id}>
                <OrderCard order={order} locale={locale} />
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
