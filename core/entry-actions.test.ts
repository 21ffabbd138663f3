import { describe, expect, it } from "vitest";
import { REGISTRATION_STATUSES } from "./domain";
import { cancelRefusal, entryActions, refundRefusal, resendRefusal, type EntryActionFacts } from "./entry-actions";

const facts = (f: Partial<EntryActionFacts> = {}): EntryActionFacts => ({ canManage: true, entryStatus: "confirmed", orderStatus: "paid", refundableCents: 18000, ...f });
const yes = { allowed: true };
const no = (why: string) => ({ allowed: false, why });

describe("entryActions", () => {
  it("allows everything on a confirmed entry of a paid order with money left", () => {
    expect(entryActions(facts())).toEqual({ cancel: yes, refundEntry: yes, refundOrder: yes, resend: yes });
  });

  it("allows nothing to a reader, whatever the entry", () => {
    expect(entryActions(facts({ canManage: false }))).toEqual({ cancel: no("not_manager"), refundEntry: no("not_manager"), refundOrder: no("not_manager"), resend: no("not_manager") });
  });

  it("on an entry no longer confirmed, still allows a refund of the order's other entries", () => {
    expect(entryActions(facts({ entryStatus: "cancelled" }))).toEqual({
      cancel: no("entry_not_confirmed"),
      refundEntry: no("entry_not_confirmed"),
      refundOrder: yes,
      resend: no("entry_not_confirmed"),
    });
  });

  it("allows no refund when everything paid is refunded, but still a cancel and a resend", () => {
    expect(entryActions(facts({ refundableCents: 0 }))).toEqual({ cancel: yes, refundEntry: no("nothing_refundable"), refundOrder: no("nothing_refundable"), resend: yes });
  });

  it("refunds and resends only for a paid order (a free or pending one has neither)", () => {
    for (const orderStatus of ["pending", "expired", "cancelled", "refunded"]) {
      expect(entryActions(facts({ orderStatus }))).toEqual({ cancel: yes, refundEntry: no("order_not_paid"), refundOrder: no("order_not_paid"), resend: no("order_not_paid") });
    }
  });
});

describe("the services' refusals", () => {
  it("cancel only a confirmed entry", () => {
    for (const status of REGISTRATION_STATUSES) expect(cancelRefusal({ status })).toBe(status === "confirmed" ? null : "entry_not_confirmed");
  });

  it("refund a paid order, and one entry only when confirmed", () => {
    expect(refundRefusal({ status: "paid" }, null)).toBeNull();
    expect(refundRefusal({ status: "refunded" }, null)).toBe("order_not_paid");
    expect(refundRefusal({ status: "paid" }, { status: "refunded" })).toBe("entry_not_confirmed");
    expect(refundRefusal({ status: "pending" }, { status: "held" })).toBe("order_not_paid");
  });

  it("resend for a confirmed entry of a paid order", () => {
    expect(resendRefusal({ status: "paid" }, { status: "confirmed" })).toBeNull();
    expect(resendRefusal({ status: "paid" }, { status: "held" })).toBe("entry_not_confirmed");
    expect(resendRefusal({ status: "pending" }, { status: "confirmed" })).toBe("order_not_paid");
  });
});
