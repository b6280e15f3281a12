import { Injectable } from '@nestjs/common';
import type { PoolClient } from 'pg';
import { foldFacts, type RecipientStepFact } from './recipient-step-fact';
import { StepRecipientRepository, type StepPhaseDelta } from './step-recipient.repository';

/** step-reached, step.outcome and step-level status facts: per-recipient flags and the step counters. */
@Injectable()
export class RecordStepFacts {
  constructor(private readonly recipients: StepRecipientRepository) {}

  execute(
    client: PoolClient,
    facts: readonly RecipientStepFact[],
    phaseDeltas: readonly StepPhaseDelta[],
  ): Promise<void> {
    return this.recipients.apply(client, foldFacts(facts), phaseDeltas);
  }
}
