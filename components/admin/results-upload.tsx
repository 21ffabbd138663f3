"use client";
import { useLocale, useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useEffect, useId, useRef, useState, type FormEvent } from "react";
import { MAX_RESULTS_FILE_BYTES } from "../../core/results/file-limits";
import type { ImportError } from "../../core/results/import-file";
import { formatRaceTimeExact } from "../../core/results/time";
import { LANGUAGE_TAG, type Locale } from "../../i18n/routing";
import type { ImportSummary, ResultsFilePreview } from "../../server/results/types";
import { readStreamLines } from "./results-upload-stream";
import type { ImportStreamLine, UploadRefusal } from "./results-upload-types";
import "./results-upload.css";

type Preview = Extract<ResultsFilePreview, { ok: true }>;

type Phase =
  | { kind: "idle" }
  | { kind: "previewing" }
  | { kind: "preview"; preview: Preview }
  /** The file's problems, from the preview or (if the race changed in between) from the import itself. */
  | { kind: "refused"; errors: ImportError[]; errorCount: number; during: "preview" | "import" }
  | { kind: "failed"; message: string; detail?: string }
  | { kind: "uploading"; preview: Preview; loaded: number; total: number }
  /** `total` is null until the server has read the file and written the first rows. */
  | { kind: "importing"; preview: Preview; done: number; total: number | null }
  | { kind: "done"; preview: Preview; summary: ImportSummary };

/** Codes the admin already words (admin.errorCodes); anything else is "failed.other" with the server's detail. */
const KNOWN_CODES = ["forbidden", "not_found", "unauthorized", "rate_limited"];
const MEGABYTES = MAX_RESULTS_FILE_BYTES / 1024 / 1024;

/**
 * The organizer's results upload (issue 5, "Import"): pick a CSV file → preview (the column mapping, the first
 * rows, how many rows and how many bibs match entries; or every problem by line and column) → import, with a
 * progress bar fed by the upload and then by the import route's NDJSON progress lines → the summary. The file is
 * sent to the server both times and read there by the one intake of results files (UTF-8, a BOM is fine; at most
 * MAX_RESULTS_FILE_BYTES, checked here first so a file too large is not sent at all); nothing changes before
 * "Import", and a refused file changes nothing at all.
 */
export function ResultsUpload({
  previewUrl,
  importUrl,
  leaderboardHref,
}: {
  /** The route that previews (…/results/preview). */
  previewUrl: string;
  /** The route that imports (…/results/import). */
  importUrl: string;
  leaderboardHref: string;
}) {
  const t = useTranslations("admin.resultsImport");
  const tAdmin = useTranslations("admin");
  const locale = useLocale() as Locale;
  const n = new Intl.NumberFormat(LANGUAGE_TAG[locale]);
  const router = useRouter();
  const id = useId();
  const fileInput = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const [phase, setPhase] = useState<Phase>({ kind: "idle" });
  const headingRef = useRef<HTMLHeadingElement>(null);
  const busy = phase.kind === "previewing" || phase.kind === "uploading" || phase.kind === "importing";

  // Where the page changed, focus follows: the preview, the problems, the summary, a failure.
  const focusKey = phase.kind === "preview" || phase.kind === "refused" || phase.kind === "done" || phase.kind === "failed" ? phase.kind : null;
  useEffect(() => {
    if (focusKey) headingRef.current?.focus();
  }, [focusKey]);

  function failure(code: string, message: string): Phase {
    if (code === "payload_too_large") return { kind: "failed", message: t("failed.tooLarge", { megabytes: MEGABYTES }) };
    if (KNOWN_CODES.includes(code)) return { kind: "failed", message: tAdmin(`errorCodes.${code}`) };
    return { kind: "failed", message: t("failed.other"), detail: message };
  }

  /** A route's refusal before it read the rows (not a stream): the file's problems, or a failure in words. */
  function refusal(status: number, text: string, during: "preview" | "import"): Phase {
    let body: UploadRefusal = {};
    try {
      body = JSON.parse(text) as UploadRefusal;
    } catch {
      // not our JSON (a proxy's page): fall through to the status
    }
    const errors = body.error?.details?.errors;
    if (body.error?.code === "invalid_results_file" && errors) return { kind: "refused", errors, errorCount: body.error.details?.errorCount ?? errors.length, during };
    return failure(body.error?.code ?? (status === 413 ? "payload_too_large" : "other"), body.error?.message ?? `HTTP ${status}`);
  }

  /** The same limit as the server's: a file over it is refused here, before a byte is sent. */
  function tooLarge(chosen: File): boolean {
    if (chosen.size <= MAX_RESULTS_FILE_BYTES) return false;
    setPhase(failure("payload_too_large", ""));
    return true;
  }

  async function preview(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!file || busy || tooLarge(file)) return;
    setPhase({ kind: "previewing" });
    let response: Response;
    let text: string;
    try {
      response = await fetch(previewUrl, { method: "POST", headers: { "Content-Type": "text/csv; charset=utf-8" }, body: file });
      text = await response.text();
    } catch {
      setPhase({ kind: "failed", message: t("failed.network") });
      return;
    }
    if (response.status !== 200) {
      setPhase(refusal(response.status, text, "preview"));
      return;
    }
    try {
      const answer = JSON.parse(text) as ResultsFilePreview;
      setPhase(answer.ok ? { kind: "preview", preview: answer } : { kind: "refused", errors: answer.errors, errorCount: answer.errorCount, during: "preview" });
    } catch {
      setPhase({ kind: "failed", message: t("failed.network") });
    }
  }

  function startImport(current: Preview) {
    if (!file || busy || tooLarge(file)) return;
    setPhase({ kind: "uploading", preview: current, loaded: 0, total: file.size });
    const xhr = new XMLHttpRequest();
    xhr.open("POST", importUrl);
    xhr.setRequestHeader("Content-Type", "text/csv; charset=utf-8");
    let offset = 0;
    let ended = false;
    const onLine = (line: ImportStreamLine) => {
      if (line.type === "progress") {
        setPhase({ kind: "importing", preview: current, done: line.done, total: line.total });
      } else if (line.type === "done") {
        ended = true;
        const summary: ImportSummary = { rows: line.rows, created: line.created, updated: line.updated, unchanged: line.unchanged, version: line.version };
        setPhase({ kind: "done", preview: current, summary });
        router.refresh(); // the page's "current results" above
      } else {
        ended = true;
        const errors = line.details?.errors;
        setPhase(
          line.code === "invalid_results_file" && errors
            ? { kind: "refused", errors, errorCount: line.details?.errorCount ?? errors.length, during: "import" }
            : failure(line.code, line.message),
        );
      }
    };
    const consume = () => {
      if (xhr.status !== 200) return;
      try {
        const read = readStreamLines(xhr.responseText, offset);
        offset = read.offset;
        read.lines.forEach(onLine);
      } catch {
        ended = true;
        setPhase({ kind: "failed", message: t("failed.network") });
        xhr.abort();
      }
    };
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) setPhase({ kind: "uploading", preview: current, loaded: e.loaded, total: e.total });
    };
    xhr.upload.onload = () => setPhase((p) => (p.kind === "uploading" ? { kind: "importing", preview: current, done: 0, total: null } : p));
    xhr.onprogress = consume;
    xhr.onload = () => {
      if (xhr.status !== 200) {
        setPhase(refusal(xhr.status, xhr.responseText, "import"));
        return;
      }
      consume();
      // The stream always ends with "done" or "error"; without one the connection was cut.
      if (!ended) setPhase({ kind: "failed", message: t("failed.network") });
    };
    xhr.onerror = () => setPhase({ kind: "failed", message: t("failed.network") });
    xhr.send(file);
  }

  function chooseAnother() {
    setFile(null);
    setPhase({ kind: "idle" });
    if (fileInput.current) {
      fileInput.current.value = "";
      fileInput.current.focus();
    }
  }

  const splitName = (label: string) => t("fields.split", { label });
  const fieldName = (c: Preview["columns"][number]) => (c.field === null ? null : c.field === "split" ? splitName(c.splitLabel ?? "") : t(`fields.${c.field}`));
  const time = (ms: number | null) => (ms === null ? "–" : formatRaceTimeExact(ms));

  return (
    <div className="adm-results-upload">
      <form onSubmit={preview} className="adm-form adm-results-upload__form" aria-labelledby={`${id}-title`}>
        <h2 id={`${id}-title`} className="adm-h2">
          {t("uploadTitle")}
        </h2>
        <div className="adm-field">
          <label htmlFor={`${id}-file`} className="adm-label">
            {t("file")}
          </label>
          <p id={`${id}-file-hint`} className="adm-hint">
            {t("fileHint")}
          </p>
          <input
            ref={fileInput}
            id={`${id}-file`}
            name="file"
            type="file"
            accept=".csv,text/csv,text/plain"
            required
            disabled={busy}
            aria-describedby={`${id}-file-hint`}
            className="adm-results-upload__file"
            onChange={(e) => {
              setFile(e.currentTarget.files?.[0] ?? null);
              setPhase({ kind: "idle" });
            }}
          />
        </div>
        <div className="adm-actions">
          <button type="submit" className="adm-button adm-button--primary" disabled={busy || !file}>
            {phase.kind === "previewing" ? t("previewing") : t("preview")}
          </button>
        </div>
      </form>

      <div role="status" className="visually-hidden">
        {phase.kind === "previewing" ? t("previewing") : phase.kind === "uploading" ? t("uploadingStatus") : phase.kind === "importing" ? t("importingStatus") : ""}
      </div>

      {phase.kind === "failed" ? (
        <section className="adm-section adm-results-upload__failed" aria-labelledby={`${id}-failed`}>
          <h2 id={`${id}-failed`} ref={headingRef} tabIndex={-1} className="adm-h2">
            {t("failed.title")}
          </h2>
          <p className="adm-error">{phase.message}</p>
          {phase.detail ? (
            <p className="adm-hint" lang="en">
              {phase.detail}
            </p>
          ) : null}
        </section>
      ) : null}

      {phase.kind === "refused" ? (
        <section className="adm-section adm-results-upload__refused" aria-labelledby={`${id}-refused`}>
          <h2 id={`${id}-refused`} ref={headingRef} tabIndex={-1} className="adm-h2">
            {t("refused.title")}
          </h2>
          <p>
            {t(phase.during === "import" ? "refused.countImport" : "refused.count", { count: phase.errorCount, countText: n.format(phase.errorCount) })}{" "}
            {phase.errors.length < phase.errorCount ? t("refused.firstShown", { shown: n.format(phase.errors.length) }) : null}
          </p>
          <div className="adm-table-wrap" role="region" aria-labelledby={`${id}-refused-caption`} tabIndex={0}>
            <table className="adm-table adm-results-upload__errors">
              <caption id={`${id}-refused-caption`} className="visually-hidden">
                {t("refused.caption")}
              </caption>
              <thead>
                <tr>
                  <th scope="col">{t("refused.line")}</th>
                  <th scope="col">{t("refused.column")}</th>
                  <th scope="col">{t("refused.problem")}</th>
                </tr>
              </thead>
              <tbody>
                {phase.errors.map((e, i) => (
                  <tr key={`${e.line}-${e.column ?? ""}-${i}`}>
                    <td className="adm-results-upload__num">{e.line}</td>
                    <td>{e.column === null ? <span className="adm-hint">{t("refused.wholeRow")}</span> : <code>{e.column}</code>}</td>
                    <td>
                      {t.has(`problems.${e.code}`) ? t(`problems.${e.code}`) : e.message}
                      {t.has(`problems.${e.code}`) ? (
                        <span className="adm-results-upload__detail" lang="en">
                          {e.message}
                        </span>
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <p className="adm-hint">{t("refused.fix")}</p>
        </section>
      ) : null}

      {/* Once imported, the summary takes the preview's place. */}
      {phase.kind === "preview" || phase.kind === "uploading" || phase.kind === "importing" ? (
        <section className="adm-section" aria-labelledby={`${id}-preview`}>
          <h2 id={`${id}-preview`} ref={phase.kind === "preview" ? headingRef : undefined} tabIndex={-1} className="adm-h2">
            {t("previewTitle")}
          </h2>
          <ul className="adm-results-upload__counts">
            <li>{t("rowCount", { count: phase.preview.rowCount, countText: n.format(phase.preview.rowCount) })}</li>
            <li>{t("matched", { count: phase.preview.matchedEntries, countText: n.format(phase.preview.matchedEntries), rows: n.format(phase.preview.rowCount) })}</li>
            <li>{phase.preview.splitLabels.length > 0 ? t("splitList", { labels: phase.preview.splitLabels.join(locale === "zh" ? "、" : ", ") }) : t("noSplits")}</li>
          </ul>

          <h3 id={`${id}-mapping`} className="adm-h3">
            {t("mappingTitle")}
          </h3>
          <div className="adm-table-wrap" role="region" aria-labelledby={`${id}-mapping`} tabIndex={0}>
            <table className="adm-table">
              <thead>
                <tr>
                  <th scope="col">{t("mappingHeader")}</th>
                  <th scope="col">{t("mappingField")}</th>
                </tr>
              </thead>
              <tbody>
                {phase.preview.columns.map((c, i) => (
                  <tr key={`${c.header}-${i}`} className={c.field === null ? "adm-results-upload__ignored" : undefined}>
                    <td>
                      <code>{c.header === "" ? t("emptyHeader") : c.header}</code>
                    </td>
                    <td>{fieldName(c) ?? <span className="adm-results-upload__ignored-tag">{t("ignored")}</span>}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>

          <h3 id={`${id}-rows`} className="adm-h3">
            {t("rowsTitle", { count: phase.preview.rows.length, countText: n.format(phase.preview.rows.length) })}
          </h3>
          <div className="adm-table-wrap" role="region" aria-labelledby={`${id}-rows`} tabIndex={0}>
            <table className="adm-table adm-results-upload__rows">
              <thead>
                <tr>
                  <th scope="col">{t("columns.line")}</th>
                  <th scope="col">{t("fields.bib")}</th>
                  <th scope="col">{t("fields.name")}</th>
                  <th scope="col">{t("fields.gender")}</th>
                  <th scope="col">{t("columns.age")}</th>
                  <th scope="col">{t("fields.status")}</th>
                  <th scope="col">{t("fields.gun_time")}</th>
                  <th scope="col">{t("fields.net_time")}</th>
                  {phase.preview.splitLabels.map((label) => (
                    <th scope="col" key={label}>
                      {splitName(label)}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {phase.preview.rows.map((r) => (
                  <tr key={r.line}>
                    <td className="adm-results-upload__num">{r.line}</td>
                    <td>{r.bib}</td>
                    <td>{r.name ?? "–"}</td>
                    <td>{r.gender ?? "–"}</td>
                    <td>{r.age ?? r.birthDate ?? "–"}</td>
                    <td>{t(`status.${r.status}`)}</td>
                    <td className="adm-results-upload__num">{time(r.gunTimeMs)}</td>
                    <td className="adm-results-upload__num">{time(r.netTimeMs)}</td>
                    {phase.preview.splitLabels.map((label) => (
                      <td key={label} className="adm-results-upload__num">
                        {time(r.splits.find((s) => s.label === label)?.elapsedMs ?? null)}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>

          {phase.kind === "preview" ? (
            <div className="adm-actions adm-results-upload__go">
              <button type="button" className="adm-button adm-button--primary" onClick={() => startImport(phase.preview)}>
                {t("import", { count: phase.preview.rowCount, countText: n.format(phase.preview.rowCount) })}
              </button>
              <button type="button" className="adm-button" onClick={chooseAnother}>
                {t("chooseAnother")}
              </button>
            </div>
          ) : null}
        </section>
      ) : null}

      {phase.kind === "uploading" || phase.kind === "importing" || phase.kind === "done" ? (
        <section className="adm-section" aria-labelledby={`${id}-progress-title`}>
          <h2 id={`${id}-progress-title`} ref={phase.kind === "done" ? headingRef : undefined} tabIndex={-1} className="adm-h2">
            {phase.kind === "done" ? t("doneTitle") : t("importTitle")}
          </h2>
          <ProgressBar
            id={`${id}-progress`}
            label={t("progressLabel")}
            {...(phase.kind === "uploading"
              ? { value: phase.loaded, max: Math.max(1, phase.total), text: t("uploading", { percent: n.format(Math.floor((100 * phase.loaded) / Math.max(1, phase.total))) }) }
              : phase.kind === "importing"
                ? phase.total === null
                  ? { value: null, max: 1, text: t("checking") }
                  : { value: phase.done, max: Math.max(1, phase.total), text: t("written", { done: n.format(phase.done), total: n.format(phase.total) }) }
                : { value: phase.summary.rows, max: Math.max(1, phase.summary.rows), text: t("written", { done: n.format(phase.summary.rows), total: n.format(phase.summary.rows) }) })}
          />
          {phase.kind === "done" ? (
            <>
              <dl className="adm-facts adm-results-upload__summary">
                <div>
                  <dt>{t("summary.rows")}</dt>
                  <dd>{n.format(phase.summary.rows)}</dd>
                </div>
                <div>
                  <dt>{t("summary.created")}</dt>
                  <dd>{n.format(phase.summary.created)}</dd>
                </div>
                <div>
                  <dt>{t("summary.updated")}</dt>
                  <dd>{n.format(phase.summary.updated)}</dd>
                </div>
                <div>
                  <dt>{t("summary.unchanged")}</dt>
                  <dd>{n.format(phase.summary.unchanged)}</dd>
                </div>
              </dl>
              <p>
                {phase.summary.created + phase.summary.updated === 0 ? t("summary.nothingChanged") : t("summary.published", { version: n.format(phase.summary.version) })}{" "}
                <a href={leaderboardHref}>{t("leaderboard")}</a>
              </p>
              <div className="adm-actions">
                <button type="button" className="adm-button" onClick={chooseAnother}>
                  {t("another")}
                </button>
              </div>
            </>
          ) : null}
        </section>
      ) : null}
    </div>
  );
}

/** A labelled <progress>; `value` null is "working, amount unknown" (no aria-valuenow then). */
function ProgressBar({ id, label, value, max, text }: { id: string; label: string; value: number | null; max: number; text: string }) {
  return (
    <div className="adm-results-upload__progress">
      <label htmlFor={id} className="adm-label">
        {label}
      </label>
      {value === null ? (
        <progress id={id} aria-describedby={`${id}-text`} aria-valuetext={text} />
      ) : (
        <progress id={id} max={max} value={value} aria-valuemin={0} aria-valuemax={max} aria-valuenow={value} aria-valuetext={text} aria-describedby={`${id}-text`} />
      )}
      <p id={`${id}-text`} className="adm-results-upload__progress-text">
        {text}
      </p>
    </div>
  );
}
