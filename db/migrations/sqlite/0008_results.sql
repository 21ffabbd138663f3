CREATE TABLE `result_versions` (
	`race_id` text PRIMARY KEY NOT NULL,
	`version` integer NOT NULL,
	`split_labels` text NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`race_id`) REFERENCES `races`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `results` (
	`id` text PRIMARY KEY NOT NULL,
	`event_id` text NOT NULL,
	`race_id` text NOT NULL,
	`bib` text NOT NULL,
	`registration_id` text,
	`source` text NOT NULL,
	`file_name` text,
	`file_gender` text,
	`file_age` integer,
	`file_birth_date` text,
	`status` text NOT NULL,
	`gun_time_ms` integer,
	`net_time_ms` integer,
	`splits` text NOT NULL,
	`name` text,
	`latin_name` text,
	`gender` text,
	`age` integer,
	`age_group` text,
	`rank_time_ms` integer,
	`place_overall` integer,
	`place_gender` integer,
	`place_age_group` integer,
	`position` integer NOT NULL,
	`search_text` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`event_id`) REFERENCES `events`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`race_id`) REFERENCES `races`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`registration_id`) REFERENCES `registrations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `results_event_bib_uq` ON `results` (`event_id`,`bib`);--> statement-breakpoint
CREATE INDEX `results_race_position_idx` ON `results` (`race_id`,`position`);--> statement-breakpoint
CREATE INDEX `results_race_gender_idx` ON `results` (`race_id`,`gender`,`position`);--> statement-breakpoint
CREATE INDEX `results_race_age_group_idx` ON `results` (`race_id`,`age_group`,`position`);--> statement-breakpoint
CREATE TABLE `timing_reads` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`event_id` text NOT NULL,
	`bib` text NOT NULL,
	`point` text NOT NULL,
	`at` integer NOT NULL,
	`source` text,
	`device` text,
	`received_at` integer NOT NULL,
	FOREIGN KEY (`event_id`) REFERENCES `events`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `timing_reads_event_bib_idx` ON `timing_reads` (`event_id`,`bib`);