CREATE TABLE "broadcast_recipients" (
	"broadcast_id" text NOT NULL,
	"registration_id" text NOT NULL,
	"email" text NOT NULL,
	"locale" text NOT NULL,
	"queued_at" timestamp with time zone,
	"outbox_id" text,
	CONSTRAINT "broadcast_recipients_broadcast_id_registration_id_pk" PRIMARY KEY("broadcast_id","registration_id")
);
--> statement-breakpoint
CREATE TABLE "broadcasts" (
	"id" text PRIMARY KEY NOT NULL,
	"event_id" text NOT NULL,
	"subject_en" text NOT NULL,
	"subject_zh" text NOT NULL,
	"body_en" text NOT NULL,
	"body_zh" text NOT NULL,
	"filter" jsonb NOT NULL,
	"status" text NOT NULL,
	"rate_per_minute" integer NOT NULL,
	"recipient_count" integer NOT NULL,
	"queued_count" integer NOT NULL,
	"created_by" text,
	"created_by_label" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "broadcast_recipients" ADD CONSTRAINT "broadcast_recipients_broadcast_id_broadcasts_id_fk" FOREIGN KEY ("broadcast_id") REFERENCES "public"."broadcasts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "broadcast_recipients" ADD CONSTRAINT "broadcast_recipients_registration_id_registrations_id_fk" FOREIGN KEY ("registration_id") REFERENCES "public"."registrations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "broadcast_recipients" ADD CONSTRAINT "broadcast_recipients_outbox_id_email_outbox_id_fk" FOREIGN KEY ("outbox_id") REFERENCES "public"."email_outbox"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "broadcasts" ADD CONSTRAINT "broadcasts_event_id_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."events"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "broadcasts" ADD CONSTRAINT "broadcasts_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "broadcast_recipients_email_uq" ON "broadcast_recipients" USING btree ("broadcast_id","email");--> statement-breakpoint
CREATE INDEX "broadcast_recipients_queue_idx" ON "broadcast_recipients" USING btree ("broadcast_id","queued_at");--> statement-breakpoint
CREATE INDEX "broadcasts_event_idx" ON "broadcasts" USING btree ("event_id","created_at");--> statement-breakpoint
CREATE INDEX "broadcasts_status_idx" ON "broadcasts" USING btree ("status");