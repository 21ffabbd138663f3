/**
 * Creates the demo event (scripts/demo-event.ts) through the same createEvent() as the API and the admin, so the seed
 * is validated like any input.
 */
import type { Actor } from "../server/actor";
import { createDiscountCode } from "../server/events/discount-codes";
import { createEvent } from "../server/events/manage-events";
import { findEventBySlug } from "../server/events/queries";
import { DEMO_EVENT_SLUG, demoDiscountCode, demoEventInput } from "./demo-event";

export { DEMO_EVENT_SLUG, demoEventInput, demoEventName } from "./demo-event";

/** Creates the demo event (with its discount code) unless an event with its slug exists. Returns whether it was created. */
export async function seedDemoEvent(actor: Actor, now = new Date()): Promise<boolean> {
  if (await findEventBySlug(DEMO_EVENT_SLUG)) return false;
  await createEvent(actor, demoEventInput(now));
  await createDiscountCode(actor, DEMO_EVENT_SLUG, demoDiscountCode);
  return true;
}
