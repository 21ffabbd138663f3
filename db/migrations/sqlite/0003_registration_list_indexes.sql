CREATE INDEX `email_outbox_created_idx` ON `email_outbox` (`created_at`);--> statement-breakpoint
CREATE INDEX `email_outbox_order_idx` ON `email_outbox` (`order_id`);--> statement-breakpoint
CREATE INDEX `registrations_event_created_idx` ON `registrations` (`event_id`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `registrations_event_status_idx` ON `registrations` (`event_id`,`status`);--> statement-breakpoint
CREATE INDEX `registrations_event_id_number_idx` ON `registrations` (`event_id`,`id_number`);--> statement-breakpoint
CREATE INDEX `registrations_event_email_idx` ON `registrations` (`event_id`,`email`);