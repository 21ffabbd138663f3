import type { Metadata } from "next";
import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { ConfirmForm } from "@/components/admin/registrations/confirm-form";
import { FocusOnMount } from "@/components/admin/registrations/focus-on-mount";
import { formatWhen } from "@/components/admin/registrations/format";
import { DEFAULT_TIMEZONE } from "@/core/event-input";
import type { Locale } from "@/i18n/routing";
import { requireStaff } from "@/server/auth/session";
import { firstValues } from "@/server/registration/list-registrations";
import { listApiTokens } from "@/server/staff/tokens";
import { createTokenAction, revokeTokenAction } from "./actions";
import { CreateTokenForm } from "./create-token-form";
import "@/components/admin/registrations/registrations.css";
import "./tokens.css";

type Search = Promise<Record<string, string | string[] | undefined>>;

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("admin.tokens");
  return { title: t("title") };
}

const PATH = "/admin/tokens";

/**
 * API tokens: create one with a name (shown once, with a copy button), the list with last use, revoke after a
 * confirmation step (`?revoke=<id>`). Every staff member manages their own tokens; admins see and revoke all.
 */
export default async function TokensPage({ searchParams }: { searchParams: Search }) {
  const actor = await requireStaff(PATH);
  const [t, locale, sp, { scope, tokens }] = await Promise.all([getTranslations("admin.tokens"), getLocale() as Promise<Locale>, searchParams.then(firstValues), listApiTokens(actor)]);
  const zone = DEFAULT_TIMEZONE;
  const revoking = sp.revoke ? tokens.find((tk) => tk.id === sp.revoke && !tk.revokedAt) : undefined;
  const notice = sp.notice === "revoked" ? t("revokedNotice") : null;

  return (
    <>
      <h1 id="page-title" className="adm-h1">
        {t("title")}
      </h1>
      <p className="adm-lead">{scope === "all" ? t("leadAll") : t("leadOwn")}</p>
      <div role="status" className={notice ? "adm-notice" : undefined}>
        {notice}
      </div>

      {revoking ? (
        <section className="adm-reg-confirm" aria-labelledby="confirm-title">
          <FocusOnMount id="confirm-title" />
          <h2 id="confirm-title" className="adm-h2" tabIndex={-1}>
            {t("revokeTitle", { name: revoking.name })}
          </h2>
          <p>{t("revokeBody", { prefix: revoking.prefix })}</p>
          <ConfirmForm
            action={revokeTokenAction}
            fields={{ tokenId: revoking.id }}
            confirmLabel={t("revokeConfirm")}
            pendingLabel={t("revoking")}
            backHref={PATH}
            backLabel={t("keep")}
            danger
          />
        </section>
      ) : (
        <section className="adm-section" aria-labelledby="create-token-title">
          <h2 id="create-token-title" className="adm-h2">
            {t("createTitle")}
          </h2>
          <CreateTokenForm action={createTokenAction} />
        </section>
      )}

      <section className="adm-section" aria-labelledby="tokens-title">
        <h2 id="tokens-title" className="adm-h2">
          {t("listTitle")}
        </h2>
        {tokens.length === 0 ? (
          <p className="adm-empty">{t("none")}</p>
        ) : (
          <div className="adm-table-wrap adm-reg-table-wrap" role="region" aria-labelledby="tokens-title" tabIndex={0}>
            <table className="adm-table adm-reg-table">
              <caption className="visually-hidden">{t("caption")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("name")}</th>
                  <th scope="col">{t("prefix")}</th>
                  {scope === "all" ? <th scope="col">{t("owner")}</th> : null}
                  <th scope="col">{t("created")}</th>
                  <th scope="col">{t("lastUsed")}</th>
                  <th scope="col">{t("status")}</th>
                  <th scope="col">
                    <span className="visually-hidden">{t("actions")}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {tokens.map((tk) => (
                  <tr key={tk.id}>
                    <th scope="row" className="adm-reg-break">
                      {tk.name}
                    </th>
                    <td data-label={t("prefix")} className="adm-reg-mono">
                      {tk.prefix}…
                    </td>
                    {scope === "all" ? (
                      <td data-label={t("owner")} className="adm-reg-break">
                        {tk.owner.email}
                      </td>
                    ) : null}
                    <td data-label={t("created")}>{formatWhen(tk.createdAt.toISOString(), zone, locale)}</td>
                    <td data-label={t("lastUsed")}>{tk.lastUsedAt ? formatWhen(tk.lastUsedAt.toISOString(), zone, locale) : t("never")}</td>
                    <td data-label={t("status")}>
                      {tk.revokedAt ? t("revokedAt", { when: formatWhen(tk.revokedAt.toISOString(), zone, locale) ?? "" }) : t("active")}
                    </td>
                    <td>
                      {tk.revokedAt ? null : (
                        <Link href={`${PATH}?revoke=${encodeURIComponent(tk.id)}`} className="adm-button adm-button--quiet">
                          {t("revoke")}
                          <span className="visually-hidden"> {tk.name}</span>
                        </Link>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <p className="adm-hint">{t("lastUsedNote")}</p>
      </section>
    </>
  );
}
