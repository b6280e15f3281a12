import { ConflictException, Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import { inTransaction } from '@stepwise/database';
import { appendToOutbox, type OutboxMessage } from '@stepwise/outbox';
import { PG_POOL, PlatformLifecycle } from '@stepwise/platform';
import { SequenceCatalog, type LoadedSequence } from '../sequence/sequence-catalog';
import { SequenceService } from '../sequence/sequence.service';
import { planNode } from '../scheduling/step-planner';
import { transitionMessages } from '../reactions/transition-messages';
import { timelineEntry } from '../reactions/reaction-pipeline';
import { EnrollmentBulkRepository, recipientKeys, type ExistingEnrollment } from './enrollment-bulk.repository';
import { EnrollmentRepository, type TimelineEntry } from './enrollment.repository';
import type { EnrollmentState, RecipientProfile } from './enrollment-state';
import {
  recipientRowSchema,
  type EnrollRecipientsResult,
  type RecipientRow,
  type RejectedRow,
} from './dto/enroll-recipients.dto';

interface AcceptedRow {
  index: number;
  row: RecipientRow;
}

/**
 * Enrolls many recipients in one transaction: rows are validated one by one and every refused row
 * is reported with its reason, never dropped silently. Each enrolled recipient is planned onto the
 * first node at once, so its first timer goes out with the enrollment.
 */
@Injectable()
export class EnrollRecipientsUseCase {
  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    private readonly sequences: SequenceService,
    private readonly catalog: SequenceCatalog,
    private readonly bulk: EnrollmentBulkRepository,
    private readonly enrollments: EnrollmentRepository,
    private readonly platform: PlatformLifecycle,
  ) {}

  async execute(tenantId: string, sequenceId: string, rows: readonly unknown[]): Promise<EnrollRecipientsResult> {
    const sequence = await this.sequences.get(tenantId, sequenceId);
    if (sequence.status !== 'active') {
      throw new ConflictException(
        `sequence ${sequenceId} is ${sequence.status}: recipients can only join an active sequence`,
      );
    }
    const { accepted, rejected } = validateRows(rows);
    const result = await inTransaction(this.pool, async (client) => {
      const recipients = await this.bulk.upsertRecipients(
        client,
        tenantId,
        accepted.map((a) => a.row),
      );
      const suppressed = await this.bulk.suppressed(client, tenantId, recipients);
      const existing = await this.bulk.existing(
        client,
        sequenceId,
        recipients.map((r) => r.id),
      );
      const loaded = (await this.catalog.load(client, [sequenceId])).get(sequenceId) as LoadedSequence;
      const identities = await this.catalog.identities(client, loaded.identityIds);
      const now = new Date();
      const enrolled: EnrollRecipientsResult['enrolled'] = [];
      const states: EnrollmentState[] = [];
      const timeline: TimelineEntry[] = [];
      const messages: OutboxMessage[] = [];
      accepted.forEach(({ index }, i) => {
        const recipient = recipients[i];
        const refusal = refusalReason(recipient, suppressed, existing);
        if (refusal) return rejected.push({ index, reason: refusal });
        const start = notStarted(tenantId, sequenceId, recipient);
        const ctx = { navigator: loaded.navigator, recipient, identities, now };
        const transition = planNode(start, loaded.navigator.first(), ctx, 'enrolled');
        states.push(transition.next);
        timeline.push(timelineEntry(start, transition));
        messages.push(...transitionMessages(start, transition, recipient.id));
        enrolled.push({ index, enrollmentId: start.id, recipientId: recipient.id });
      });
      await this.enrollments.insert(client, states);
      await this.enrollments.appendTimeline(client, timeline);
      await appendToOutbox(client, messages);
      return { enrolled, rejected: rejected.sort((a, b) => a.index - b.index) };
    });
    this.platform.nudgeOutbox();
    return result;
  }
}

function validateRows(rows: readonly unknown[]): { accepted: AcceptedRow[]; rejected: RejectedRow[] } {
  const accepted: AcceptedRow[] = [];
  const rejected: RejectedRow[] = [];
  const firstIndexByKey = new Map<string, number>();
  rows.forEach((raw, index) => {
    const parsed = recipientRowSchema.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return rejected.push({ index, field: issue.path.join('.') || undefined, reason: issue.message });
    }
    const key = recipientKeys({
      email: parsed.data.email ?? null,
      phone: parsed.data.phone ?? null,
      linkedinProfile: parsed.data.linkedinProfile ?? null,
    })[0];
    const first = firstIndexByKey.get(key);
    if (first !== undefined) return rejected.push({ index, reason: `same recipient as row ${first}` });
    firstIndexByKey.set(key, index);
    accepted.push({ index, row: parsed.data });
  });
  return { accepted, rejected };
}

function refusalReason(
  recipient: RecipientProfile,
  suppressed: ReadonlyMap<string, string>,
  existing: ReadonlyMap<string, ExistingEnrollment>,
): string | null {
  const suppression = suppressed.get(recipient.id);
  if (suppression) return `recipient is suppressed: ${suppression}`;
  const enrollment = existing.get(recipient.id);
  if (enrollment?.removed) return 'recipient was removed from this sequence and cannot be added back';
  if (enrollment) return `recipient is already in this sequence (status ${enrollment.status})`;
  return null;
}

function notStarted(tenantId: string, sequenceId: string, recipient: RecipientProfile): EnrollmentState {
  return {
    id: `enr_${randomUUID()}`,
    tenantId,
    sequenceId,
    recipientId: recipient.id,
    status: 'not_started',
    substatus: null,
    currentNodeId: null,
    attempt: 1,
    timerVersion: 0,
    nextDueAt: null,
    error: null,
    facts: {},
  };
}
