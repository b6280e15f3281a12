-- A recipient whose run ended while queued for a step: it no longer counts in the step's Recipients
-- Attempted unless something was attempted there. step_metric.recipients keeps that count.
ALTER TABLE step_recipient ADD COLUMN halted BOOLEAN NOT NULL DEFAULT false;
