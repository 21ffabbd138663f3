CREATE TABLE "result_versions" (
	"race_id" text PRIMARY KEY NOT NULL,
	"version" integer NOT NULL,
	"split_labels" jsonb NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "results" (
	"id" text PRIMARY KEY NOT NULL,
	"event_id" text NOT NULL,
	"race_id" text NOT NULL,
	"bib" text NOT NULL,
	"registration_id" text,
	"source" text NOT NULL,
	"file_name" text,
	"file_gender" text,
	"file_age" integer,
	"file_birth_date" text,
	"status" text NOT NULL,
	"gun_time_ms" integer,
	"net_time_ms" integer,
	"splits" jsonb NOT NULL,
	"name" text,
	"latin_name" text,
	"gender" text,
	"age" integer,
	"age_group" text,
	"rank_time_ms" integer,
	"place_overall" integer,
	"place_gender" integer,
	"place_age_group" integer,
	"position" integer NOT NULL,
	"search_text" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "timing_reads" (
	"id" serial PRIMARY KEY NOT NULL,
	"event_id" text NOT NULL,
	"bib" text NOT NULL,
	"point" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"source" text,
	"device" text,
	"received_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "result_versions" ADD CONSTRAINT "result_versions_race_id_races_id_fk" FOREIGN KEY ("race_id") REFERENCES "public"."races"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "results" ADD CONSTRAINT "results_event_id_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."events"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "results" ADD CONSTRAINT "results_race_id_races_id_fk" FOREIGN KEY ("race_id") REFERENCES "public"."races"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "results" ADD CONSTRAINT "results_registration_id_registrations_id_fk" FOREIGN KEY ("registration_id") REFERENCES "public"."registrations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "timing_reads" ADD CONSTRAINT "timing_reads_event_id_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."events"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "results_event_bib_uq" ON "results" USING btree ("event_id","bib");--> statement-breakpoint
CREATE INDEX "results_race_position_idx" ON "results" USING btree ("race_id","position");--> statement-breakpoint
CREATE INDEX "results_race_gender_idx" ON "results" USING btree ("race_id","gender","position");--> statement-breakpoint
CREATE INDEX "results_race_age_group_idx" ON "results" USING btree ("race_id","age_group","position");--> statement-breakpoint
CREATE INDEX "timing_reads_event_bib_idx" ON "timing_reads" USING btree ("event_id","bib");