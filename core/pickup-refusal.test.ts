import { describe, expect, it } from "vitest";
import { ADULT_AGE, isMinor } from "./age";
import { REGISTRATION_STATUSES } from "./domain";
import { pickupRefusal, pickupRefusalMessage } from "./pickup-refusal";

const now = new Date("2026-05-01T08:00:00Z");
const later = new Date("2026-05-01T08:10:00Z");
const earlier = new Date("2026-05-01T07:50:00Z");

describe("pickupRefusal", () => {
  it("hands over a confirmed entry whose packet has not gone", () => {
    expect(pickupRefusal({ status: "confirmed", pickup: null }, now)).toBeNull();
  });

  it("refuses a packet already collected, whatever the entry's status since", () => {
    for (const status of REGISTRATION_STATUSES) {
      const refusal = pickupRefusal({ status, pickup: { at: "2026-05-01T07:00:00.000Z", desk: "A" } }, now);
      expect(refusal).toEqual({ code: "already_collected", outcome: "already_collected", details: { at: "2026-05-01T07:00:00.000Z", desk: "A" } });
    }
  });

  it("refuses an entry that is not confirmed: held and expired are not_confirmed in the log, the others cancelled", () => {
    const outcome = (status: (typeof REGISTRATION_STATUSES)[number]) => pickupRefusal({ status, holdExpiresAt: later, pickup: null }, now)?.outcome ?? null;
    expect(outcome("held")).toBe("not_confirmed");
    expect(outcome("expired")).toBe("not_confirmed");
    expect(outcome("cancelled")).toBe("cancelled");
    expect(outcome("refunded")).toBe("cancelled");
    expect(outcome("transferred")).toBe("cancelled");
    expect(pickupRefusal({ status: "refunded", pickup: null }, now)?.details).toEqual({ status: "refunded" });
  });

  it("reads a hold that ran out as expired, from its expiry on", () => {
    expect(pickupRefusal({ status: "held", holdExpiresAt: earlier, pickup: null }, now)?.details).toEqual({ status: "expired" });
    expect(pickupRefusal({ status: "held", holdExpiresAt: now, pickup: null }, now)?.details).toEqual({ status: "expired" });
    expect(pickupRefusal({ status: "held", holdExpiresAt: later, pickup: null }, now)?.details).toEqual({ status: "held" });
    // The desk's card: the status was read at its time, no expiry given.
    expect(pickupRefusal({ status: "held", pickup: null }, now)?.details).toEqual({ status: "held" });
  });

  it("says the refusal as the API's message", () => {
    expect(pickupRefusalMessage(pickupRefusal({ status: "confirmed", pickup: { at: "2026-05-01T07:00:00.000Z", desk: "North" } }, now)!)).toBe(
      'This packet was already collected at 2026-05-01T07:00:00.000Z at "North".',
    );
    expect(pickupRefusalMessage(pickupRefusal({ status: "held", holdExpiresAt: earlier, pickup: null }, now)!)).toBe("This entry is not confirmed: its hold ran out before payment (expired).");
    expect(pickupRefusalMessage(pickupRefusal({ status: "transferred", pickup: null }, now)!)).toBe("This entry is not confirmed: it was transferred to another runner (transferred).");
  });
});

describe("the adult age", () => {
  it("is 18 on race day, for registration's guardian and the desk's check alike", () => {
    expect(ADULT_AGE).toBe(18);
    expect(isMinor(17)).toBe(true);
    expect(isMinor(18)).toBe(false);
  });
});
