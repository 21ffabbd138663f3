/**
 * Every server action is written through one of these, as every API route is through handle() (server/api/http.ts).
 * A server action is a public endpoint: whoever posts to it reaches it, so the checks live here, in one place
 * (docs/architecture.md "Server actions"):
 *
 * 1. parse: the form's text fields (files and oversized values refused) through the action's zod schema; a form that
 *    cannot be read answers `unreadable` (by default the admin's "could not read the form") and nothing runs;
 * 2. require the role: `staffAction` wants a staff session (server/auth/session.ts requireStaff: signed out, it
 *    redirects to sign-in and back to the action's page); what the staff member may do is the service's to decide
 *    (server/auth/policy.ts), whose refusal (`forbidden`) is mapped like any other. `publicAction` wants nobody;
 * 3. the handler: the action's own work, usually one server function;
 * 4. map errors: a DomainError becomes the form's state (`refused`; by default the admin's domainErrorState); any
 *    other error is the action's to map (`failed`), or logged by its kind and stack only (server/log-safe.ts: no
 *    message, which may carry personal data) and thrown on, as before;
 * 5. revalidate, then answer: the cache tags the change makes stale (core/cache-tags.ts) are updated at once with
 *    `updateTag` (Next 16: read-your-own-writes in a server action), and the staff member's own view is refreshed;
 *    then `success` answers, usually by redirecting to the page with its notice.
 *
 * Next's redirects, notFound() and friends thrown inside pass straight through (unstable_rethrow). The handler may
 * end early with `answer(state)`: a state for the form (a field the form checks itself), with nothing revalidated.
 */
import "server-only";
import { refresh, updateTag } from "next/cache";
import { unstable_rethrow } from "next/navigation";
import type { z } from "zod";
import { domainErrorState, unreadableFormState } from "@/components/admin/action-errors";
import { formValues, type FormValues } from "@/components/admin/form-data";
import type { FormState } from "@/components/admin/form-state";
import type { Actor } from "@/server/actor";
import { requireStaff } from "@/server/auth/session";
import { isDomainError, type DomainError } from "@/server/errors";
import { errorTrace } from "@/server/log-safe";

/** What useActionState calls: the previous state and the form. */
export type FormAction<S> = (state: S, formData: FormData) => Promise<S>;
/** What a form's `action` or a component calls with the form alone. */
export type CallAction<S> = (formData: FormData) => Promise<S>;

const ANSWER = Symbol("answer");

/** A state the handler answers with before its work is done (nothing is revalidated, `success` is not called). */
export interface Answer<S> {
  readonly [ANSWER]: S;
}

export function answer<S>(state: S): Answer<S> {
  return { [ANSWER]: state };
}

function isAnswer<S>(value: unknown): value is Answer<S> {
  return typeof value === "object" && value !== null && ANSWER in value;
}

export interface PublicContext<I, S> {
  /** The schema's output. */
  input: I;
  /** Every text field as sent (for a form that comes back as it was typed). */
  values: FormValues;
  /** The state useActionState passed (undefined for a call with the form alone). */
  previous: S | undefined;
}

export interface StaffContext<I, S> extends PublicContext<I, S> {
  actor: Actor;
}

interface Options<R, S, C> {
  /** FormData → text fields, null when it cannot be read (default: components/admin/form-data.ts formValues). */
  read?: (formData: FormData) => FormValues | null;
  /** The answer to a form that cannot be read or does not fit the schema (default: unreadableFormState()). */
  unreadable?: (form: { values: FormValues | null; previous: S | undefined; formData: FormData }) => NoInfer<S> | Promise<NoInfer<S>>;
  /** A DomainError from the handler as the form's state (default: domainErrorState(error, {})). */
  refused?: (error: DomainError, context: C) => NoInfer<S> | Promise<NoInfer<S>>;
  /** Any other error as the form's state; undefined lets it be logged and thrown on. */
  failed?: (error: unknown, context: C) => NoInfer<S> | undefined | Promise<NoInfer<S> | undefined>;
  /**
   * The cache tags the change makes stale (core/cache-tags.ts), updated at once; the caller's own view is refreshed
   * too, so pass [] for a change that only the admin shows. Omitted: nothing is revalidated (a read, or a desk call).
   */
  revalidate?: (context: C, result: R) => readonly string[];
  /** The answer after the work (and the revalidation): a state, or a redirect. Default: the handler's result. */
  success?: (result: R, context: C) => NoInfer<S> | Promise<NoInfer<S>>;
  /** The action is called with the form alone (a form's `action`, a component's call), not by useActionState. */
  call?: boolean;
  /** The log line's prefix for an unexpected error. */
  log?: string;
}

export interface StaffOptions<I, R, S> extends Options<R, S, StaffContext<I, S>> {
  /** The action's page: where sign-in comes back to when the session has ended. */
  page: (input: I) => string;
}

export type PublicOptions<I, R, S> = Options<R, S, PublicContext<I, S>>;

type Handler<C, R, S> = (context: C) => Promise<R | Answer<S>>;

/**
 * A reader for a form of a few known fields: each one's text, when sent as text (a file or a missing field is left
 * out, for the schema to refuse or default). Anything else the form carries is not read.
 */
export function fieldsOf(...names: string[]): (formData: FormData) => FormValues {
  return (formData) => {
    const values: FormValues = {};
    for (const name of names) {
      const value = formData.get(name);
      if (typeof value === "string") values[name] = value;
    }
    return values;
  };
}

function define<I, R, S, C extends PublicContext<I, S>>(
  schema: z.ZodType<I>,
  handler: Handler<C, R, S>,
  options: Options<R, S, C>,
  contextOf: (base: PublicContext<I, S>) => Promise<C>,
): FormAction<S> | CallAction<S> {
  const run = async (previous: S | undefined, formData: FormData): Promise<S> => {
    const values = (options.read ?? formValues)(formData);
    const parsed = values === null ? null : schema.safeParse(values);
    if (values === null || !parsed?.success) return options.unreadable ? options.unreadable({ values, previous, formData }) : (unreadableFormState() as Promise<S>);
    // Outside the try: signed out is a redirect to sign-in, not an error of the form.
    const context = await contextOf({ input: parsed.data, values, previous });
    let result: R;
    try {
      const outcome = await handler(context);
      if (isAnswer<S>(outcome)) return outcome[ANSWER];
      result = outcome;
    } catch (error) {
      unstable_rethrow(error);
      if (isDomainError(error)) return options.refused ? options.refused(error, context) : (domainErrorState(error, {}) as Promise<S>);
      const mapped = options.failed ? await options.failed(error, context) : undefined;
      if (mapped !== undefined) return mapped;
      console.error(`[${options.log ?? "action"}] unexpected error: ${errorTrace(error)}`);
      throw error;
    }
    if (options.revalidate) {
      const tags = [...new Set(options.revalidate(context, result))];
      for (const tag of tags) updateTag(tag);
      // updateTag already refreshes the caller's view; a change only the admin shows asks for it alone.
      if (tags.length === 0) refresh();
    }
    return options.success ? options.success(result, context) : (result as unknown as S);
  };
  // The arity is part of the contract: useActionState passes (state, formData), a form's action (formData).
  return options.call ? (formData: FormData) => run(undefined, formData) : (previous: S, formData: FormData) => run(previous, formData);
}

/** A server action for signed-in staff: see the top of this file. */
export function staffAction<I, R, S = FormState>(
  schema: z.ZodType<I>,
  handler: Handler<StaffContext<I, S>, R, S>,
  options: StaffOptions<I, R, S> & { call: true },
): CallAction<S>;
export function staffAction<I, R, S = FormState>(schema: z.ZodType<I>, handler: Handler<StaffContext<I, S>, R, S>, options: StaffOptions<I, R, S>): FormAction<S>;
export function staffAction<I, R, S>(schema: z.ZodType<I>, handler: Handler<StaffContext<I, S>, R, S>, options: StaffOptions<I, R, S>) {
  return define(schema, handler, options, async (base) => ({ ...base, actor: await requireStaff(options.page(base.input)) }));
}

/** A server action anyone may call (sign-in, the language, an invitation link, a runner's order): no session needed. */
export function publicAction<I, R, S = void>(
  schema: z.ZodType<I>,
  handler: Handler<PublicContext<I, S>, R, S>,
  options: PublicOptions<I, R, S> & { call: true },
): CallAction<S>;
export function publicAction<I, R, S = void>(schema: z.ZodType<I>, handler: Handler<PublicContext<I, S>, R, S>, options: PublicOptions<I, R, S>): FormAction<S>;
export function publicAction<I, R, S>(schema: z.ZodType<I>, handler: Handler<PublicContext<I, S>, R, S>, options: PublicOptions<I, R, S>) {
  return define(schema, handler, options, async (base) => base);
}
