CREATE TABLE `pickup_scans` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`event_id` text NOT NULL,
	`registration_id` text,
	`method` text NOT NULL,
	`bib` text,
	`desk` text NOT NULL,
	`by_label` text NOT NULL,
	`outcome` text NOT NULL,
	`at` integer NOT NULL,
	FOREIGN KEY (`event_id`) REFERENCES `events`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`registration_id`) REFERENCES `registrations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `pickup_scans_event_idx` ON `pickup_scans` (`event_id`,`at`);--> statement-breakpoint
CREATE TABLE `pickups` (
	`id` text PRIMARY KEY NOT NULL,
	`event_id` text NOT NULL,
	`registration_id` text NOT NULL,
	`desk` text NOT NULL,
	`by_user_id` text,
	`by_label` text NOT NULL,
	`at` integer NOT NULL,
	FOREIGN KEY (`event_id`) REFERENCES `events`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`registration_id`) REFERENCES `registrations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`by_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `pickups_registration_id_unique` ON `pickups` (`registration_id`);--> statement-breakpoint
CREATE INDEX `pickups_event_idx` ON `pickups` (`event_id`,`at`);--> statement-breakpoint
ALTER TABLE `events` ADD `reuse_cancelled_bibs` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `races` ADD `bib_strategy` text DEFAULT 'on_confirmation' NOT NULL;--> statement-breakpoint
ALTER TABLE `waves` ADD `min_predicted_seconds` integer;--> statement-breakpoint
ALTER TABLE `waves` ADD `max_predicted_seconds` integer;--> statement-breakpoint
ALTER TABLE `waves` ADD `max_size` integer;