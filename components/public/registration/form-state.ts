import type { RaceAvailability } from "../../../core/open-for-entry";

/** What the registration action returns to useActionState. Messages are already in the runner's language. */
export interface RegistrationFormState {
  status: "idle" | "error";
  /** What went wrong for the order as a whole (sold out, closed, too many attempts); null when the fields say it all. */
  message: string | null;
  /** Input name → what is wrong with it, a fragment such as "is required" (the form adds the label). */
  fieldErrors: Record<string, string>;
  /**
   * What was sent, so the form comes back as it was typed when the page is rendered again without JavaScript.
   * With JavaScript the form keeps its own state and ignores this.
   */
  values: Record<string, string>;
  /** Counts submissions, so the same errors twice still move focus to the summary. */
  attempt: number;
}

export const IDLE_REGISTRATION: RegistrationFormState = { status: "idle", message: null, fieldErrors: {}, values: {}, attempt: 0 };

/** One race as the form offers it. */
export interface RaceOption {
  slug: string;
  name: string;
  distance: string;
  /** Price in force now, minor units; null when the race is not on sale. */
  priceCents: number | null;
  currency: string;
  /** "¥100.00", preformatted on the server. */
  price: string | null;
  /** When the current price ends, formatted; `through` when it is the last day that counts. Null when it does not end. */
  priceUntil: { through: boolean; date: string } | null;
  minAge: number;
  maxAge: number;
  placesLeft: number;
  availability: RaceAvailability;
  /** Long races ask for an expected finish time to seed the start waves. */
  asksFinishTime: boolean;
}

export interface FormConfig {
  locale: string;
  eventSlug: string;
  /** The event's calendar date: ages are counted on it. */
  raceDay: string;
  races: RaceOption[];
  countries: { code: string; name: string }[];
  idTypes: readonly string[];
  tshirtSizes: readonly string[];
  genders: readonly string[];
  adultAge: number;
  maxParticipants: number;
  /** Race slug to preselect for the first participant (from the event page's link). */
  preselectedRace: string | null;
}
