/**
 * SQLite schema. Must stay column-for-column identical to schema.pg.ts (checked by db/schema-parity.test.ts).
 * Timestamps are epoch milliseconds (integer) and map to Date; JSON columns are text in JSON mode.
 */
import { relations } from "drizzle-orm";
import { index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import type { BibRange, EventRole, EventStatus, PriceTier, RankBy, UserRole } from "./types";

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
    currency: text("currency").notNull(),
    priceTiers: json<PriceTier[]>("price_tiers").notNull(),
    minAge: integer("min_age").notNull(),
    maxAge: integer("max_age").notNull(),
    startTime: ts("start_time").notNull(),
    rankBy: text("rank_by").$type<RankBy>().notNull(),
    ageGroupBounds: json<number[]>("age_group_bounds").notNull(),
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
