CREATE TABLE `broadcast_recipients` (
	`broadcast_id` text NOT NULL,
	`registration_id` text NOT NULL,
	`email` text NOT NULL,
	`locale` text NOT NULL,
	`queued_at` integer,
	`outbox_id` text,
	PRIMARY KEY(`broadcast_id`, `registration_id`),
	FOREIGN KEY (`broadcast_id`) REFERENCES `broadcasts`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`registration_id`) REFERENCES `registrations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`outbox_id`) REFERENCES `email_outbox`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `broadcast_recipients_email_uq` ON `broadcast_recipients` (`broadcast_id`,`email`);--> statement-breakpoint
CREATE INDEX `broadcast_recipients_queue_idx` ON `broadcast_recipients` (`broadcast_id`,`queued_at`);--> statement-breakpoint
CREATE TABLE `broadcasts` (
	`id` text PRIMARY KEY NOT NULL,
	`event_id` text NOT NULL,
	`subject_en` text NOT NULL,
	`subject_zh` text NOT NULL,
	`body_en` text NOT NULL,
	`body_zh` text NOT NULL,
	`filter` text NOT NULL,
	`status` text NOT NULL,
	`rate_per_minute` integer NOT NULL,
	`recipient_count` integer NOT NULL,
	`queued_count` integer NOT NULL,
	`created_by` text,
	`created_by_label` text NOT NULL,
	`created_at` integer NOT NULL,
	`finished_at` integer,
	FOREIGN KEY (`event_id`) REFERENCES `events`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `broadcasts_event_idx` ON `broadcasts` (`event_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `broadcasts_status_idx` ON `broadcasts` (`status`);