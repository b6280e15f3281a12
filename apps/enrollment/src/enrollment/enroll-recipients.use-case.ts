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
import { transitionTo, type Transition } from '../scheduling/transition';
import { EnrollmentBulkRepository, recipientKeys, type ExclusiveEnrollment } from './enrollment-bulk.repository';
import { admit } from './enrollment-rule';
import { EnrollmentRepository, type TimelineEntry } from './enrollment.repository';
import { isFinal, type EnrollmentState, type RecipientProfile } from './enrollment-state';
import {
  recipientRowSchema,
  type EnrollRecipientsResult,
  type RecipientRow,
  type RejectedRow,
} from './dto/enroll-recipients.dto';

const OUTBOX_SLICE = 20_000;

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
    const rule = sequence.enrollmentRule;
    const result = await inTransaction(this.pool, async (client) => {
      const recipients = await this.bulk.upsertRecipients(
        client,
        tenantId,
        accepted.map((a) => a.row),
      );
      const recipientIds = recipients.map((r) => r.id);
      const suppressed = await this.bulk.suppressed(client, tenantId, recipients);
      const existing = await this.bulk.existing(client, sequenceId, recipientIds);
      const exclusive =
        rule.kind === 'exclusive'
          ? await this.bulk.runningInOtherExclusiveSequences(client, tenantId, sequenceId, recipientIds)
          : new Map<string, ExclusiveEnrollment[]>();
      const now = new Date();
      const admissions = recipients.map((recipient) =>
        admit(
          rule,
          {
            suppression: suppressed.get(recipient.id),
            existing: existing.get(recipient.id),
            exclusive: exclusive.get(recipient.id) ?? [],
          },
          now,
        ),
      );
      // Rows that change (runs starting again, enrollments moved away) are locked in one statement.
      const locked = await this.enrollments.lockByIds(
        client,
        admissions.flatMap((a) =>
          a.kind === 'again' ? [a.enrollmentId] : a.kind === 'new' ? a.moveFrom.map((m) => m.id) : [],
        ),
      );
      const loaded = (await this.catalog.load(client, [sequenceId])).get(sequenceId) as LoadedSequence;
      const identities = await this.catalog.identities(client, loaded.identityIds);
      const enrolled: EnrollRecipientsResult['enrolled'] = [];
      const inserted: EnrollmentState[] = [];
      const updated: EnrollmentState[] = [];
      const timeline: TimelineEntry[] = [];
      const messages: OutboxMessage[] = [];
      const record = (previous: EnrollmentState, transition: Transition) => {
        timeline.push(timelineEntry(previous, transition));
        messages.push(...transitionMessages(previous, transition, previous.recipientId));
      };
      accepted.forEach(({ index }, i) => {
        const recipient = recipients[i];
        const admission = admissions[i];
        if (admission.kind === 'refused') return rejected.push({ index, reason: admission.reason });
        const previous = admission.kind === 'again' ? locked.get(admission.enrollmentId)?.state : undefined;
        const start = previous ? startAgain(previous) : notStarted(tenantId, sequenceId, recipient);
        const ctx = { navigator: loaded.navigator, recipient, identities, now };
        const cause = previous
          ? `enrolled again, ${rule.kind === 'after_days' ? rule.days : 0} days after finishing`
          : 'enrolled';
        const transition = planNode(start, loaded.navigator.first(), ctx, cause);
        (previous ? updated : inserted).push(transition.next);
        record(previous ?? start, transition);
        for (const moved of admission.kind === 'new' ? admission.moveFrom : []) {
          const other = locked.get(moved.id)?.state;
          if (!other || isFinal(other.status)) continue;
          const stop = transitionTo(
            other,
            { status: 'stopped', substatus: 'moved' },
            `moved to sequence ${sequenceId}`,
          );
          updated.push(stop.next);
          record(other, stop);
        }
        enrolled.push({ index, enrollmentId: start.id, recipientId: recipient.id });
      });
      await this.enrollments.insert(client, inserted);
      await this.enrollments.save(client, updated);
      await this.enrollments.appendTimeline(client, timeline);
      // Three messages per recipient: in slices, so 100k recipients never build one huge statement.
      for (let from = 0; from < messages.length; from += OUTBOX_SLICE) {
        await appendToOutbox(client, messages.slice(from, from + OUTBOX_SLICE));
      }
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

/** A new run on the same row: the timeline stays, timer versions and attempt numbers keep rising. */
function startAgain(previous: EnrollmentState): EnrollmentState {
  return {
    ...previous,
    status: 'not_started',
    substatus: null,
    currentNodeId: null,
    attempt: previous.attempt + 1,
    nextDueAt: null,
    error: null,
    facts: {},
  };
}
