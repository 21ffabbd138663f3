ALTER TABLE `registrations` ADD `bib_notice_due_at` integer;--> statement-breakpoint
CREATE INDEX `registrations_bib_notice_due_idx` ON `registrations` (`bib_notice_due_at`);