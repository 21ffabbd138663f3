"use server";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { domainErrorState, errorState, unreadableFormState } from "@/components/admin/action-errors";
import { formValues, type FormValues } from "@/components/admin/form-data";
import type { FormState } from "@/components/admin/form-state";
import { messageInputFromForm, messageIssueField, type MessageFormState } from "@/components/admin/messages/message-form-data";
import { requireStaff } from "@/server/auth/session";
import { isDomainError, type DomainError } from "@/server/errors";
import { cancelBroadcast, countBroadcastRecipients, createBroadcast } from "@/server/messages/broadcast";

const eventSlugSchema = z.string().trim().min(1).max(100);

function messagesPath(eventSlug: string): string {
  return `/admin/events/${eventSlug}/messages`;
}

/** Field issues land on the form's inputs (`subject.zh` → `subjectZh`); refusals become the form's message. */
async function refusalState(error: DomainError, values: FormValues): Promise<MessageFormState> {
  if (error.issues.length === 0) return domainErrorState(error, values);
  return errorState(
    values,
    error.issues.map((i) => ({ ...i, path: messageIssueField(i.path), ns: "errors" as const })),
  );
}

/**
 * The compose form's one action: `intent=preview` counts the recipients the filter picks (nothing is written);
 * `intent=send` creates the message, queues its first batch and returns to the list. Admins and the event's
 * organizers (countBroadcastRecipients and createBroadcast enforce it).
 */
export async function sendBroadcastAction(_prev: MessageFormState, formData: FormData): Promise<MessageFormState> {
  const values = formValues(formData);
  const eventSlug = eventSlugSchema.safeParse(values?.eventSlug);
  if (!values || !eventSlug.success) return unreadableFormState();
  const actor = await requireStaff(messagesPath(eventSlug.data));
  const input = messageInputFromForm(values);
  let created: { recipientCount: number };
  try {
    if (values.intent !== "send") {
      const count = await countBroadcastRecipients(actor, eventSlug.data, input.filter);
      return { status: "idle", message: null, fieldErrors: {}, values, preview: { count } };
    }
    created = await createBroadcast(actor, eventSlug.data, input);
  } catch (error) {
    if (isDomainError(error)) return refusalState(error, values);
    throw error;
  }
  revalidatePath(messagesPath(eventSlug.data));
  redirect(`${messagesPath(eventSlug.data)}?notice=sent&count=${created.recipientCount}`);
}

const cancelSchema = z.object({ eventSlug: eventSlugSchema, broadcastId: z.string().trim().min(1).max(100) });

/** Stops a message that is still going out (recipients not yet queued get nothing). Admins and the event's organizers. */
export async function cancelBroadcastAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const parsed = cancelSchema.safeParse({ eventSlug: formData.get("eventSlug"), broadcastId: formData.get("broadcastId") });
  if (!parsed.success) return unreadableFormState();
  const { eventSlug, broadcastId } = parsed.data;
  const actor = await requireStaff(messagesPath(eventSlug));
  try {
    await cancelBroadcast(actor, eventSlug, broadcastId);
  } catch (error) {
    if (isDomainError(error)) return domainErrorState(error, {});
    throw error;
  }
  revalidatePath(messagesPath(eventSlug));
  redirect(`${messagesPath(eventSlug)}?notice=cancelled`);
}
