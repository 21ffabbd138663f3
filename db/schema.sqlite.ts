/**
 * SQLite schema. Must stay column-for-column identical to schema.pg.ts (checked by db/schema-parity.test.ts).
 * Timestamps are epoch milliseconds (integer) and map to Date; JSON columns are text in JSON mode.
 */
import { relations } from "drizzle-orm";
import { index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import type {
  BibRange,
  BibStrategy,
  BroadcastFilter,
  BroadcastStatus,
  DiscountKind,
  EventRole,
  EventStatus,
  Gender,
  OrderStatus,
  OutboxStatus,
  PaymentProvider,
  PaymentStatus,
  PickupOutcome,
  PriceTier,
  RankBy,
  RefundPolicyStep,
  RefundStatus,
  RegistrationStatus,
  ResultSource,
  ResultSplit,
  ResultStatus,
  UserRole,
} from "../core/domain";

const ts = (name: string) => integer(name, { mode: "timestamp_ms" });
const bool = (name: string) => integer(name, { mode: "boolean" });
const json = <T>(name: string) => text(name, { mode: "json" }).$type<T>();

export const users = sqliteTable("users", {
  id: text("id").primaryKey(),
  email: text("email").notNull().unique(),
  name: text("name"),
  passwordHash: text("password_hash"),
  role: text("role").$type<UserRole>().notNull(),
  disabled: bool("disabled").notNull().default(false),
  createdAt: ts("created_at").notNull(),
});

export const events = sqliteTable("events", {
  id: text("id").primaryKey(),
  slug: text("slug").notNull().unique(),
  nameEn: text("name_en").notNull(),
  nameZh: text("name_zh").notNull(),
  date: text("date").notNull(),
  timezone: text("timezone").notNull(),
  venueEn: text("venue_en").notNull(),
  venueZh: text("venue_zh").notNull(),
  cityEn: text("city_en").notNull(),
  cityZh: text("city_zh").notNull(),
  descriptionEn: text("description_en").notNull(),
  descriptionZh: text("description_zh").notNull(),
  status: text("status").$type<EventStatus>().notNull(),
  registrationOpensAt: ts("registration_opens_at"),
  registrationClosesAt: ts("registration_closes_at"),
  holdMinutes: integer("hold_minutes").notNull().default(15),
  refundPolicy: json<RefundPolicyStep[]>("refund_policy").notNull().default([]),
  /** Whether a bib of a cancelled or refunded entry may be given again (default: never). */
  reuseCancelledBibs: bool("reuse_cancelled_bibs").notNull().default(false),
  createdAt: ts("created_at").notNull(),
  updatedAt: ts("updated_at").notNull(),
});

export const eventRoles = sqliteTable(
  "event_roles",
  {
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    eventId: text("event_id")
      .notNull()
      .references(() => events.id, { onDelete: "cascade" }),
    role: text("role").$type<EventRole>().notNull(),
    createdAt: ts("created_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.eventId] }), index("event_roles_event_idx").on(t.eventId)],
);

export const races = sqliteTable(
  "races",
  {
    id: text("id").primaryKey(),
    eventId: text("event_id")
      .notNull()
      .references(() => events.id, { onDelete: "cascade" }),
    slug: text("slug").notNull(),
    nameEn: text("name_en").notNull(),
    nameZh: text("name_zh").notNull(),
    distanceMeters: real("distance_meters").notNull(),
    capacity: integer("capacity").notNull(),
    /**
     * Entries holding a claim on a place (confirmed, or held and not yet expired by a status change): kept by every
     * transaction that changes an entry's status, under the race's lock (server/registration/holds.ts,
     * core/places.ts, docs/decisions/013). With the lapsed holds expired first, it is the places taken.
     */
    seatsTaken: integer("seats_taken").notNull().default(0),
    currency: text("currency").notNull(),
    priceTiers: json<PriceTier[]>("price_tiers").notNull(),
    minAge: integer("min_age").notNull(),
    maxAge: integer("max_age").notNull(),
    startTime: ts("start_time").notNull(),
    rankBy: text("rank_by").$type<RankBy>().notNull(),
    ageGroupBounds: json<number[]>("age_group_bounds").notNull(),
    bibStrategy: text("bib_strategy").$type<BibStrategy>().notNull().default("on_confirmation"),
    bibRanges: json<BibRange[]>("bib_ranges").notNull(),
    position: integer("position").notNull(),
    createdAt: ts("created_at").notNull(),
    updatedAt: ts("updated_at").notNull(),
  },
  (t) => [uniqueIndex("races_event_slug_uq").on(t.eventId, t.slug)],
);

export const waves = sqliteTable(
  "waves",
  {
    id: text("id").primaryKey(),
    raceId: text("race_id")
      .notNull()
      .references(() => races.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    startTime: ts("start_time").notNull(),
    position: integer("position").notNull(),
    /** Predicted finish times this wave takes, in seconds: from (inclusive) to (exclusive); null = open. */
    minPredictedSeconds: integer("min_predicted_seconds"),
    maxPredictedSeconds: integer("max_predicted_seconds"),
    /** Most runners the wave takes; a full wave overflows into the next slower one. Null = no limit. */
    maxSize: integer("max_size"),
  },
  (t) => [uniqueIndex("waves_race_name_uq").on(t.raceId, t.name)],
);

export const apiTokens = sqliteTable("api_tokens", {
  id: text("id").primaryKey(),
  userId: text("user_id")
    .notNull()
    .references(() => users.id, { onDelete: "cascade" }),
  name: text("name").notNull(),
  tokenHash: text("token_hash").notNull().unique(),
  prefix: text("prefix").notNull(),
  createdAt: ts("created_at").notNull(),
  lastUsedAt: ts("last_used_at"),
  revokedAt: ts("revoked_at"),
});

export const auditLog = sqliteTable(
  "audit_log",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    actorUserId: text("actor_user_id").references(() => users.id, { onDelete: "set null" }),
    actorLabel: text("actor_label").notNull(),
    action: text("action").notNull(),
    entityType: text("entity_type").notNull(),
    entityId: text("entity_id").notNull(),
    data: json<Record<string, unknown>>("data").notNull(),
    at: ts("at").notNull(),
  },
  (t) => [index("audit_entity_idx").on(t.entityType, t.entityId), index("audit_at_idx").on(t.at)],
);

export const signInAttempts = sqliteTable(
  "sign_in_attempts",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    keyHash: text("key_hash").notNull(),
    success: bool("success").notNull(),
    at: ts("at").notNull(),
  },
  (t) => [index("sign_in_attempts_key_idx").on(t.keyHash, t.at)],
);

export const appSettings = sqliteTable("app_settings", {
  key: text("key").primaryKey(),
  value: text("value").notNull(),
});

/**
 * Runner sign-in links (docs/decisions/004): Auth.js hands the adapter a hash of each link's token (SHA-256 of
 * token + secret) and the address it was sent to, which is kept only as a SHA-256 hash too. A row is deleted when
 * its link is used, so a link works once.
 */
export const verificationTokens = sqliteTable(
  "verification_tokens",
  {
    tokenHash: text("token_hash").primaryKey(),
    identifierHash: text("identifier_hash").notNull(),
    expiresAt: ts("expires_at").notNull(),
    createdAt: ts("created_at").notNull(),
  },
  (t) => [index("verification_tokens_expires_idx").on(t.expiresAt)],
);

export const eventsRelations = relations(events, ({ many }) => ({ races: many(races), roles: many(eventRoles) }));
export const racesRelations = relations(races, ({ one, many }) => ({
  event: one(events, { fields: [races.eventId], references: [events.id] }),
  waves: many(waves),
}));
export const wavesRelations = relations(waves, ({ one }) => ({
  race: one(races, { fields: [waves.raceId], references: [races.id] }),
}));
export const eventRolesRelations = relations(eventRoles, ({ one }) => ({
  event: one(events, { fields: [eventRoles.eventId], references: [events.id] }),
  user: one(users, { fields: [eventRoles.userId], references: [users.id] }),
}));

// ---- Registration and payments (identical text in both schema files; see the aliases above each block) ----
const table = sqliteTable;

export const orders = table(
  "orders",
  {
    id: text("id").primaryKey(),
    code: text("code").notNull().unique(),
    eventId: text("event_id")
      .notNull()
      .references(() => events.id),
    email: text("email").notNull(),
    locale: text("locale").notNull(),
    status: text("status").$type<OrderStatus>().notNull(),
    totalCents: integer("total_cents").notNull(),
    currency: text("currency").notNull(),
    discountCodeId: text("discount_code_id").references(() => discountCodes.id),
    discountCents: integer("discount_cents").notNull(),
    provider: text("provider").$type<PaymentProvider>().notNull(),
    providerSessionId: text("provider_session_id").unique(),
    paymentUrl: text("payment_url"),
    expiresAt: ts("expires_at").notNull(),
    paidAt: ts("paid_at"),
    createdAt: ts("created_at").notNull(),
    updatedAt: ts("updated_at").notNull(),
  },
  (t) => [
    index("orders_event_idx").on(t.eventId, t.status),
    index("orders_email_idx").on(t.email),
    // Finding the holds that ran out (every registration and the sweep ask) without reading every pending order.
    index("orders_pending_expiry_idx").on(t.status, t.expiresAt),
  ],
);

export const registrations = table(
  "registrations",
  {
    id: text("id").primaryKey(),
    orderId: text("order_id")
      .notNull()
      .references(() => orders.id),
    eventId: text("event_id")
      .notNull()
      .references(() => events.id),
    raceId: text("race_id")
      .notNull()
      .references(() => races.id),
    status: text("status").$type<RegistrationStatus>().notNull(),
    holdExpiresAt: ts("hold_expires_at"),
    priceCents: integer("price_cents").notNull(),
    discountCents: integer("discount_cents").notNull(),
    familyName: text("family_name").notNull(),
    givenName: text("given_name").notNull(),
    latinName: text("latin_name"),
    gender: text("gender").$type<Gender>().notNull(),
    birthDate: text("birth_date").notNull(),
    nationality: text("nationality").notNull(),
    idType: text("id_type").notNull(),
    idNumber: text("id_number").notNull(),
    /** "type:number" while the entry is live (held or confirmed), null otherwise: one live entry per document. */
    liveIdKey: text("live_id_key"),
    phone: text("phone").notNull(),
    email: text("email").notNull(),
    emergencyName: text("emergency_name").notNull(),
    emergencyPhone: text("emergency_phone").notNull(),
    tshirtSize: text("tshirt_size"),
    predictedFinishSeconds: integer("predicted_finish_seconds"),
    guardianName: text("guardian_name"),
    guardianPhone: text("guardian_phone"),
    guardianIdNumber: text("guardian_id_number"),
    guardianConsent: bool("guardian_consent").notNull(),
    bib: text("bib"),
    bibLocked: bool("bib_locked").notNull(),
    waveId: text("wave_id").references(() => waves.id),
    /** Set when a batch changed the entry's bib or wave and its "your bib and wave" email is not queued yet (server/bibs/notify.ts). */
    bibNoticeDueAt: ts("bib_notice_due_at"),
    pickupToken: text("pickup_token").notNull().unique(),
    checkedInAt: ts("checked_in_at"),
    confirmedAt: ts("confirmed_at"),
    cancelledAt: ts("cancelled_at"),
    createdAt: ts("created_at").notNull(),
    updatedAt: ts("updated_at").notNull(),
  },
  (t) => [
    uniqueIndex("registrations_live_id_uq").on(t.eventId, t.liveIdKey),
    uniqueIndex("registrations_event_bib_uq").on(t.eventId, t.bib),
    index("registrations_race_status_idx").on(t.raceId, t.status, t.holdExpiresAt),
    index("registrations_order_idx").on(t.orderId),
    // The organizers' list (server/registration/list-registrations.ts): newest first per event, totals per
    // status, look-ups by email and by whole document number (its last four characters are compared among the
    // event's entries only).
    index("registrations_event_created_idx").on(t.eventId, t.createdAt, t.id),
    index("registrations_event_status_idx").on(t.eventId, t.status),
    index("registrations_event_id_number_idx").on(t.eventId, t.idNumber),
    index("registrations_event_email_idx").on(t.eventId, t.email),
    index("registrations_bib_notice_due_idx").on(t.bibNoticeDueAt),
  ],
);

export const payments = table(
  "payments",
  {
    id: text("id").primaryKey(),
    orderId: text("order_id")
      .notNull()
      .references(() => orders.id),
    provider: text("provider").$type<PaymentProvider>().notNull(),
    providerPaymentId: text("provider_payment_id").unique(),
    amountCents: integer("amount_cents").notNull(),
    currency: text("currency").notNull(),
    status: text("status").$type<PaymentStatus>().notNull(),
    createdAt: ts("created_at").notNull(),
    updatedAt: ts("updated_at").notNull(),
  },
  (t) => [index("payments_order_idx").on(t.orderId)],
);

export const refunds = table(
  "refunds",
  {
    id: text("id").primaryKey(),
    orderId: text("order_id")
      .notNull()
      .references(() => orders.id),
    registrationId: text("registration_id").references(() => registrations.id),
    paymentId: text("payment_id").references(() => payments.id),
    provider: text("provider").$type<PaymentProvider>().notNull(),
    providerRefundId: text("provider_refund_id").unique(),
    amountCents: integer("amount_cents").notNull(),
    currency: text("currency").notNull(),
    status: text("status").$type<RefundStatus>().notNull(),
    source: text("source").notNull(),
    reason: text("reason").notNull(),
    createdAt: ts("created_at").notNull(),
    updatedAt: ts("updated_at").notNull(),
  },
  (t) => [index("refunds_order_idx").on(t.orderId)],
);

/** Each provider webhook event is processed once: its id is the primary key. */
export const providerEvents = table("provider_events", {
  id: text("id").primaryKey(),
  provider: text("provider").notNull(),
  type: text("type").notNull(),
  receivedAt: ts("received_at").notNull(),
});

export const discountCodes = table(
  "discount_codes",
  {
    id: text("id").primaryKey(),
    eventId: text("event_id")
      .notNull()
      .references(() => events.id),
    code: text("code").notNull(),
    kind: text("kind").$type<DiscountKind>().notNull(),
    value: integer("value").notNull(),
    raceId: text("race_id").references(() => races.id),
    validFrom: ts("valid_from"),
    validUntil: ts("valid_until"),
    maxUses: integer("max_uses"),
    usedCount: integer("used_count").notNull(),
    createdAt: ts("created_at").notNull(),
  },
  (t) => [uniqueIndex("discount_codes_event_code_uq").on(t.eventId, t.code)],
);

export const emailOutbox = table(
  "email_outbox",
  {
    id: text("id").primaryKey(),
    toAddress: text("to_address").notNull(),
    locale: text("locale").notNull(),
    template: text("template").notNull(),
    subject: text("subject").notNull(),
    html: text("html").notNull(),
    textBody: text("text_body").notNull(),
    status: text("status").$type<OutboxStatus>().notNull(),
    attempts: integer("attempts").notNull(),
    lastError: text("last_error"),
    orderId: text("order_id").references(() => orders.id),
    createdAt: ts("created_at").notNull(),
    sentAt: ts("sent_at"),
    /** When delivery may be tried next: a retry's back-off, or the lease of a delivery in progress. */
    nextAttemptAt: ts("next_attempt_at"),
  },
  (t) => [
    index("email_outbox_status_idx").on(t.status, t.createdAt),
    index("email_outbox_created_idx").on(t.createdAt),
    index("email_outbox_order_idx").on(t.orderId),
  ],
);

/** Fixed-window counters (rate limits that hold across app processes). */
export const rateLimits = table(
  "rate_limits",
  {
    key: text("key").notNull(),
    windowStart: ts("window_start").notNull(),
    count: integer("count").notNull(),
  },
  (t) => [primaryKey({ columns: [t.key, t.windowStart] })],
);

/** One packet handed over: at most one per entry (the unique key decides between two desks at once). */
export const pickups = table(
  "pickups",
  {
    id: text("id").primaryKey(),
    eventId: text("event_id")
      .notNull()
      .references(() => events.id),
    registrationId: text("registration_id")
      .notNull()
      .unique()
      .references(() => registrations.id),
    desk: text("desk").notNull(),
    byUserId: text("by_user_id").references(() => users.id, { onDelete: "set null" }),
    byLabel: text("by_label").notNull(),
    at: ts("at").notNull(),
  },
  (t) => [index("pickups_event_idx").on(t.eventId, t.at)],
);

/** Every scan or look-up at a pickup desk, with its outcome; the code itself is not kept. */
export const pickupScans = table(
  "pickup_scans",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    eventId: text("event_id")
      .notNull()
      .references(() => events.id),
    registrationId: text("registration_id").references(() => registrations.id),
    method: text("method").notNull(),
    bib: text("bib"),
    desk: text("desk").notNull(),
    byLabel: text("by_label").notNull(),
    outcome: text("outcome").$type<PickupOutcome>().notNull(),
    at: ts("at").notNull(),
  },
  (t) => [index("pickup_scans_event_idx").on(t.eventId, t.at)],
);

// ---- Results (issue 5): raw chip reads as they came, and one result per bib of a race (identical text in both files) ----

/** Raw chip reads, append-only: results from reads are rebuilt from these at any time (server/results/reads.ts). */
export const timingReads = table(
  "timing_reads",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    eventId: text("event_id")
      .notNull()
      .references(() => events.id),
    bib: text("bib").notNull(),
    /** `start`, `finish` or a split label. */
    point: text("point").notNull(),
    at: ts("at").notNull(),
    source: text("source"),
    device: text("device"),
    receivedAt: ts("received_at").notNull(),
  },
  (t) => [index("timing_reads_event_bib_idx").on(t.eventId, t.bib)],
);

/**
 * One result per bib per event, in one race. The file's (or the reads') own runner details are kept beside the
 * resolved ones, so rankRace() can rebuild names, ages, age groups and places from this table and the entries.
 */
export const results = table(
  "results",
  {
    id: text("id").primaryKey(),
    eventId: text("event_id")
      .notNull()
      .references(() => events.id),
    raceId: text("race_id")
      .notNull()
      .references(() => races.id),
    bib: text("bib").notNull(),
    registrationId: text("registration_id").references(() => registrations.id),
    source: text("source").$type<ResultSource>().notNull(),
    fileName: text("file_name"),
    fileGender: text("file_gender").$type<Gender>(),
    fileAge: integer("file_age"),
    fileBirthDate: text("file_birth_date"),
    status: text("status").$type<ResultStatus>().notNull(),
    gunTimeMs: integer("gun_time_ms"),
    netTimeMs: integer("net_time_ms"),
    splits: json<ResultSplit[]>("splits").notNull(),
    // Resolved by rankRace(): the entry's details when the bib has one, else the file's; then places.
    name: text("name"),
    latinName: text("latin_name"),
    gender: text("gender").$type<Gender>(),
    age: integer("age"),
    ageGroup: text("age_group"),
    rankTimeMs: integer("rank_time_ms"),
    placeOverall: integer("place_overall"),
    placeGender: integer("place_gender"),
    placeAgeGroup: integer("place_age_group"),
    /** Order on the leaderboard, 1..n: finishers by place, then dnf, dq, dns. */
    position: integer("position").notNull(),
    /** Lower-case, accent-free name, Latin name, pinyin and bib, for search (core/results/search-text.ts). */
    searchText: text("search_text").notNull(),
    createdAt: ts("created_at").notNull(),
    updatedAt: ts("updated_at").notNull(),
  },
  (t) => [
    uniqueIndex("results_event_bib_uq").on(t.eventId, t.bib),
    index("results_race_position_idx").on(t.raceId, t.position),
    index("results_race_gender_idx").on(t.raceId, t.gender, t.position),
    index("results_race_age_group_idx").on(t.raceId, t.ageGroup, t.position),
  ],
);

/** Bumped by every import or rebuild that changes a race's results: caches and live pages key on it. */
export const resultVersions = table("result_versions", {
  raceId: text("race_id")
    .primaryKey()
    .references(() => races.id),
  version: integer("version").notNull(),
  /** The race's split labels in course order, as the last import gave them. */
  splitLabels: json<string[]>("split_labels").notNull(),
  updatedAt: ts("updated_at").notNull(),
});

// ---- Staff invitations (issue 6; identical text in both files) ----

/**
 * An invitation to join one event's staff. The link's token goes out by email only; the table keeps its SHA-256.
 * An invitation is used once (accepted_at), may be withdrawn (revoked_at) and lapses at expires_at.
 */
export const invitations = table(
  "invitations",
  {
    id: text("id").primaryKey(),
    eventId: text("event_id")
      .notNull()
      .references(() => events.id, { onDelete: "cascade" }),
    email: text("email").notNull(),
    role: text("role").$type<EventRole>().notNull(),
    tokenHash: text("token_hash").notNull().unique(),
    invitedBy: text("invited_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: ts("created_at").notNull(),
    expiresAt: ts("expires_at").notNull(),
    acceptedAt: ts("accepted_at"),
    revokedAt: ts("revoked_at"),
  },
  (t) => [index("invitations_event_idx").on(t.eventId, t.createdAt)],
);

/**
 * Messages to runners (server/messages/broadcast.ts): what was written, to whom (filter), how fast, and how far it
 * has got. The recipients are fixed when the message is created (broadcast_recipients).
 */
export const broadcasts = table(
  "broadcasts",
  {
    id: text("id").primaryKey(),
    eventId: text("event_id")
      .notNull()
      .references(() => events.id),
    subjectEn: text("subject_en").notNull(),
    subjectZh: text("subject_zh").notNull(),
    bodyEn: text("body_en").notNull(),
    bodyZh: text("body_zh").notNull(),
    filter: json<BroadcastFilter>("filter").notNull(),
    status: text("status").$type<BroadcastStatus>().notNull(),
    /** At most this many recipients are put in the outbox in any 60 seconds. */
    ratePerMinute: integer("rate_per_minute").notNull(),
    recipientCount: integer("recipient_count").notNull(),
    queuedCount: integer("queued_count").notNull(),
    createdBy: text("created_by").references(() => users.id, { onDelete: "set null" }),
    createdByLabel: text("created_by_label").notNull(),
    createdAt: ts("created_at").notNull(),
    finishedAt: ts("finished_at"),
  },
  (t) => [index("broadcasts_event_idx").on(t.eventId, t.createdAt), index("broadcasts_status_idx").on(t.status)],
);

/**
 * One row per address a message goes to, written once when the message is created. `queued_at` and `outbox_id`
 * are set in the transaction that puts its email in the outbox, so each recipient is queued exactly once.
 */
export const broadcastRecipients = table(
  "broadcast_recipients",
  {
    broadcastId: text("broadcast_id")
      .notNull()
      .references(() => broadcasts.id, { onDelete: "cascade" }),
    registrationId: text("registration_id")
      .notNull()
      .references(() => registrations.id),
    email: text("email").notNull(),
    locale: text("locale").notNull(),
    queuedAt: ts("queued_at"),
    outboxId: text("outbox_id").references(() => emailOutbox.id),
  },
  (t) => [
    primaryKey({ columns: [t.broadcastId, t.registrationId] }),
    uniqueIndex("broadcast_recipients_email_uq").on(t.broadcastId, t.email),
    index("broadcast_recipients_queue_idx").on(t.broadcastId, t.queuedAt),
  ],
);

/**
 * The first answer to a request sent with an `Idempotency-Key` header (docs/decisions/012-idempotency-keys.md), kept
 * 24 hours. The key itself is not stored: `key_hash` is a hash of the route, the caller's credential and the key.
 * Written in the transaction that does the request's work, so a crash leaves either both or neither.
 */
export const idempotencyKeys = table(
  "idempotency_keys",
  {
    keyHash: text("key_hash").primaryKey(),
    route: text("route").notNull(),
    /** Hash of the request (method, path, canonical JSON body): the same key with another request is refused. */
    requestHash: text("request_hash").notNull(),
    responseStatus: integer("response_status").notNull(),
    /** The answer's JSON, without private links (rebuilt from `resource_id` when it is replayed). */
    responseBody: text("response_body").notNull(),
    /** The order, refund or entry the answer is about. */
    resourceId: text("resource_id"),
    /** Set while a step after the commit (a Stripe Checkout Session) is still to come; null when the answer is whole. */
    lockedUntil: ts("locked_until"),
    createdAt: ts("created_at").notNull(),
  },
  (t) => [index("idempotency_keys_created_idx").on(t.createdAt)],
);
