/**
 * The compose form's fields and the message input they make (server/messages/broadcast.ts BroadcastInput). The
 * inputs have flat names; domain issue paths are mapped onto them (`subject.zh` → `subjectZh`).
 */
import type { BroadcastInput } from "../../../server/messages/broadcast";
import type { FormValues } from "../form-data";
import type { FormState } from "../form-state";

/** A form state that may carry the preview: how many addresses the filter picks now. */
export type MessageFormState = FormState & { preview?: { count: number } };

export const MESSAGE_FORM_DEFAULTS: FormValues = { race: "", wave: "", pickedUp: "", ratePerMinute: "300" };

const FIELD_OF_PATH: Record<string, string> = {
  "subject.zh": "subjectZh",
  "subject.en": "subjectEn",
  "body.zh": "bodyZh",
  "body.en": "bodyEn",
  "filter.race": "race",
  "filter.wave": "wave",
  "filter.pickedUp": "pickedUp",
  ratePerMinute: "ratePerMinute",
};

export function messageIssueField(path: string): string {
  return FIELD_OF_PATH[path] ?? "";
}

/** Text as typed (the domain trims and checks it); a rate that is not a whole number is passed on to be refused. */
export function messageInputFromForm(values: FormValues): BroadcastInput {
  const rate = (values.ratePerMinute ?? "").trim();
  const pickedUp = values.pickedUp === "yes" ? true : values.pickedUp === "no" ? false : null;
  return {
    subject: { zh: values.subjectZh ?? "", en: values.subjectEn ?? "" },
    body: { zh: values.bodyZh ?? "", en: values.bodyEn ?? "" },
    filter: { race: values.race || null, wave: values.wave || null, pickedUp },
    ratePerMinute: rate === "" ? undefined : /^\d{1,9}$/.test(rate) ? Number(rate) : (rate as unknown as number),
  };
}
