export type RegistrationState = "not_yet_open" | "open" | "closed";

/** Registration is open from `opensAt` (inclusive) until `closesAt` (exclusive); a missing bound is open-ended. */
export function registrationState(
  window: { opensAt: Date | null; closesAt: Date | null; eventClosed?: boolean },
  now: Date,
): RegistrationState {
  if (window.eventClosed) return "closed";
  if (window.opensAt && now < window.opensAt) return "not_yet_open";
  if (window.closesAt && now >= window.closesAt) return "closed";
  return "open";
}
