CREATE TABLE "pickup_scans" (
	"id" serial PRIMARY KEY NOT NULL,
	"event_id" text NOT NULL,
	"registration_id" text,
	"method" text NOT NULL,
	"bib" text,
	"desk" text NOT NULL,
	"by_label" text NOT NULL,
	"outcome" text NOT NULL,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "pickups" (
	"id" text PRIMARY KEY NOT NULL,
	"event_id" text NOT NULL,
	"registration_id" text NOT NULL,
	"desk" text NOT NULL,
	"by_user_id" text,
	"by_label" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	CONSTRAINT "pickups_registration_id_unique" UNIQUE("registration_id")
);
--> statement-breakpoint
ALTER TABLE "events" ADD COLUMN "reuse_cancelled_bibs" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "races" ADD COLUMN "bib_strategy" text DEFAULT 'on_confirmation' NOT NULL;--> statement-breakpoint
ALTER TABLE "waves" ADD COLUMN "min_predicted_seconds" integer;--> statement-breakpoint
ALTER TABLE "waves" ADD COLUMN "max_predicted_seconds" integer;--> statement-breakpoint
ALTER TABLE "waves" ADD COLUMN "max_size" integer;--> statement-breakpoint
ALTER TABLE "pickup_scans" ADD CONSTRAINT "pickup_scans_event_id_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."events"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pickup_scans" ADD CONSTRAINT "pickup_scans_registration_id_registrations_id_fk" FOREIGN KEY ("registration_id") REFERENCES "public"."registrations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pickups" ADD CONSTRAINT "pickups_event_id_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."events"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pickups" ADD CONSTRAINT "pickups_registration_id_registrations_id_fk" FOREIGN KEY ("registration_id") REFERENCES "public"."registrations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pickups" ADD CONSTRAINT "pickups_by_user_id_users_id_fk" FOREIGN KEY ("by_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "pickup_scans_event_idx" ON "pickup_scans" USING btree ("event_id","at");--> statement-breakpoint
CREATE INDEX "pickups_event_idx" ON "pickups" USING btree ("event_id","at");