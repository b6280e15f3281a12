import { Injectable } from '@nestjs/common';
import type { PoolClient } from 'pg';
import { newestRows, type RecipientStepRow } from './recipient-step-row';
import { StepRecipientRepository } from './step-recipient.repository';

/** The step facts of enrollment.transitioned: per-recipient rows and the step counters. */
@Injectable()
export class RecordStepFacts {
  constructor(private readonly recipients: StepRecipientRepository) {}

  execute(client: PoolClient, rows: readonly RecipientStepRow[]): Promise<void> {
    return this.recipients.apply(client, newestRows(rows));
  }
}
