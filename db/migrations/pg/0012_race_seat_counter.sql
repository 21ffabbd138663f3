ALTER TABLE "races" ADD COLUMN "seats_taken" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
-- The counter starts as the recount: entries holding a claim on a place, confirmed or held (docs/decisions/013).
UPDATE "races" SET "seats_taken" = (SELECT count(*) FROM "registrations" WHERE "registrations"."race_id" = "races"."id" AND "registrations"."status" IN ('confirmed', 'held'));
