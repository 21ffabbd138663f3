"use server";
import { redirect } from "next/navigation";
import { z } from "zod";
import { domainErrorState, errorState } from "@/components/admin/action-errors";
import type { FormValues } from "@/components/admin/form-data";
import { messageInputFromForm, messageIssueField, type MessageFormState } from "@/components/admin/messages/message-form-data";
import type { DomainError } from "@/server/errors";
import { cancelBroadcast, countBroadcastRecipients, createBroadcast } from "@/server/messages/broadcast";
import { answer, staffAction, type FormAction } from "../../../../_lib/actions";

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
export const sendBroadcastAction: FormAction<MessageFormState> = staffAction(
  z.object({ eventSlug: eventSlugSchema }),
  async ({ input: { eventSlug }, values, actor }) => {
    const input = messageInputFromForm(values);
    if (values.intent !== "send") {
      const count = await countBroadcastRecipients(actor, eventSlug, input.filter);
      return answer<MessageFormState>({ status: "idle", message: null, fieldErrors: {}, values, preview: { count } });
    }
    return createBroadcast(actor, eventSlug, input);
  },
  {
    page: ({ eventSlug }) => messagesPath(eventSlug),
    refused: (error, { values }) => refusalState(error, values),
    revalidate: () => [],
    success: (created, { input }) => redirect(`${messagesPath(input.eventSlug)}?notice=sent&count=${created.recipientCount}`),
  },
);

const cancelSchema = z.object({ eventSlug: eventSlugSchema, broadcastId: z.string().trim().min(1).max(100) });

/** Stops a message that is still going out (recipients not yet queued get nothing). Admins and the event's organizers. */
export const cancelBroadcastAction = staffAction(cancelSchema, async ({ input: { eventSlug, broadcastId }, actor }) => cancelBroadcast(actor, eventSlug, broadcastId), {
  page: ({ eventSlug }) => messagesPath(eventSlug),
  revalidate: () => [],
  success: (_none, { input }) => redirect(`${messagesPath(input.eventSlug)}?notice=cancelled`),
});
