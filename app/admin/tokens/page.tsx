import type { Metadata } from "next";
import { getLocale, getTranslations } from "next-intl/server";
import { ConfirmStep } from "@/components/admin/confirm-step";
import { DataTable, RowActionLink } from "@/components/admin/data-table";
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
        <ConfirmStep
          title={t("revokeTitle", { name: revoking.name })}
          action={revokeTokenAction}
          fields={{ tokenId: revoking.id }}
          confirmLabel={t("revokeConfirm")}
          pendingLabel={t("revoking")}
          backHref={PATH}
          backLabel={t("keep")}
          danger
        >
          <p>{t("revokeBody", { prefix: revoking.prefix })}</p>
        </ConfirmStep>
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
          <DataTable
            labelledBy="tokens-title"
            caption={t("caption")}
            rows={tokens}
            rowKey={(tk) => tk.id}
            columns={[
              { key: "name", header: t("name"), className: "adm-reg-break", cell: (tk) => tk.name },
              { key: "prefix", header: t("prefix"), className: "adm-reg-mono", cell: (tk) => <>{tk.prefix}…</> },
              scope === "all" && { key: "owner", header: t("owner"), className: "adm-reg-break", cell: (tk) => tk.owner.email },
              { key: "created", header: t("created"), cell: (tk) => formatWhen(tk.createdAt.toISOString(), zone, locale) },
              { key: "lastUsed", header: t("lastUsed"), cell: (tk) => (tk.lastUsedAt ? formatWhen(tk.lastUsedAt.toISOString(), zone, locale) : t("never")) },
              {
                key: "status",
                header: t("status"),
                cell: (tk) => (tk.revokedAt ? t("revokedAt", { when: formatWhen(tk.revokedAt.toISOString(), zone, locale) ?? "" }) : t("active")),
              },
              {
                key: "actions",
                header: t("actions"),
                headerHidden: true,
                label: () => undefined,
                cell: (tk) => (tk.revokedAt ? null : <RowActionLink href={`${PATH}?revoke=${encodeURIComponent(tk.id)}`} label={t("revoke")} subject={tk.name} />),
              },
            ]}
          />
        )}
        <p className="adm-hint">{t("lastUsedNote")}</p>
      </section>
    </>
  );
}
