/** The event form's text fields become the domain's input: hold time and refund steps, with bad lines named. */
import { describe, expect, it } from "vitest";
import { parseEventFields } from "@/core/event-input";
import { eventFieldsFromForm } from "./form-data";

const base = { slug: "city-10k", "name.en": "City 10K", "name.zh": "城市十公里", date: "2027-05-02", timezone: "Asia/Shanghai" };

describe("event form fields", () => {
  it("reads the hold time and one refund step per line, in the event's local time", () => {
    const form = eventFieldsFromForm({ ...base, holdMinutes: "20", refundPolicy: "2027-02-28 23:59 100%\n\n2027-03-31T12:00 50\n2027-04-15 0％" });
    expect(form.issues).toEqual([]);
    expect(form.input).toMatchObject({ holdMinutes: 20, refundPolicy: [{ until: "2027-02-28T23:59", percent: 100 }, { until: "2027-03-31T12:00", percent: 50 }, { until: "2027-04-15T00:00", percent: 0 }] });
    const parsed = parseEventFields(form.input);
    expect(parsed.ok && parsed.value.refundPolicy[0]).toEqual({ until: "2027-02-28T15:59:00.000Z", percent: 100 });
  });

  it("leaves the hold time to its default when empty, and names a line it cannot read", () => {
    const empty = eventFieldsFromForm(base);
    expect(empty.input).toMatchObject({ holdMinutes: undefined, refundPolicy: [] });
    const parsed = parseEventFields(empty.input);
    expect(parsed.ok && parsed.value.holdMinutes).toBe(15);

    const bad = eventFieldsFromForm({ ...base, refundPolicy: "2027-02-28 100%\nnext month half" });
    expect(bad.issues).toEqual([{ path: "refundPolicy.1", key: "refundLine", ns: "admin" }]);
    expect(bad.items["refundPolicy.1"]).toBe("next month half");
  });
});
