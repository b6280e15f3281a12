import { ConflictException, Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Pool, PoolClient } from 'pg';
import { inTransaction } from '@stepwise/database';
import { appendToOutbox, type OutboxMessage } from '@stepwise/outbox';
import { PG_POOL, PlatformLifecycle } from '@stepwise/platform';
import type { EnrollmentRule } from '../recipient-core/enrollment-rule';
import { SequenceCatalog, type LoadedSequence } from '../recipient-store/sequence-catalog';
import { SequenceService } from '../sequence/sequence.service';
import { planNode, type PlanningContext } from '../recipient-core/step-planner';
import { transitionMessages } from '../recipient-core/transition-messages';
import { settleStepFacts } from '../recipient-core/step-facts';
import { timelineEntry } from '../recipient-core/timeline';
import { transitionTo, type Transition } from '../recipient-core/transition';
import { EnrollmentBulkRepository, recipientKeys } from './enrollment-bulk.repository';
import type { ExclusiveEnrollment } from '../recipient-core/enrollment-rule';
import { admit, type Admission } from '../recipient-core/enrollment-rule';
import {
  EnrollmentRepository,
  type LoadedEnrollment,
  type TimelineEntry,
} from '../recipient-store/enrollment.repository';
import { isFinal, type EnrollmentState, type RecipientProfile } from '../recipient-core/enrollment-state';
import {
  recipientRowSchema,
  type EnrollRecipientsResult,
  type RecipientRow,
  type RejectedRow,
} from './dto/enroll-recipients.dto';

/**
 * Rows per slice. A request is worked in slices so Node and Postgres run side by side: while the
 * database reads one slice and writes the one before, Node validates and plans the next.
 */
const SLICE_ROWS = 5_000;

interface AcceptedRow {
  index: number;
  row: RecipientRow;
}

/** What the database knows about one slice's recipients. */
interface SliceReads {
  slice: AcceptedRow[];
  recipients: RecipientProfile[];
  admissions: Admission[];
  locked: Map<string, LoadedEnrollment>;
}

/** Everything one slice writes, in one transaction with the rest of the request. */
interface SliceWrites {
  inserted: EnrollmentState[];
  updated: EnrollmentState[];
  timeline: TimelineEntry[];
  messages: OutboxMessage[];
}

interface RequestContext {
  tenantId: string;
  sequenceId: string;
  rule: EnrollmentRule;
  now: Date;
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
    const request = { tenantId, sequenceId, rule: sequence.enrollmentRule, now: new Date() };
    const validator = new RowValidator(rows);
    const enrolled: EnrollRecipientsResult['enrolled'] = [];
    await inTransaction(this.pool, async (client) => {
      // Before any row is written: re-enrollments only update rows, and must see a concurrent pause too.
      await this.enrollments.lockActiveSequences(client, [sequenceId]);
      const loaded = (await this.catalog.load(client, [sequenceId])).get(sequenceId) as LoadedSequence;
      const identities = await this.catalog.identities(client, loaded.identityIds);
      const planning = {
        navigator: loaded.navigator,
        identities,
        now: request.now,
        openTracking: loaded.openTrackingEnabled,
      };
      await this.pipeline(client, validator, request, (reads) =>
        this.plan(reads, request, planning, enrolled, validator),
      );
    });
    this.platform.nudgeOutbox();
    return { enrolled, rejected: validator.rejected.sort((a, b) => a.index - b.index) };
  }

  /**
   * Reads of slice n+1 are sent before slice n is planned, and slice n's writes follow its plan:
   * Postgres always has the next statement while Node plans. Statements run in the order sent on
   * the one connection, and slices concern different recipients, so none depends on a later one.
   */
  private async pipeline(
    client: PoolClient,
    validator: RowValidator,
    request: RequestContext,
    plan: (reads: SliceReads) => SliceWrites,
  ): Promise<void> {
    const writes = new SerialWrites();
    let reading: Promise<SliceReads> | null = settledLater(this.read(client, request, validator.next(SLICE_ROWS)));
    try {
      while (reading) {
        const reads = await reading;
        reading = validator.done ? null : settledLater(this.read(client, request, validator.next(SLICE_ROWS)));
        const planned = plan(reads);
        writes.add(() => this.write(client, planned));
        // Lets the driver send what is queued and read replies before the next slice's planning.
        await nextTurn();
      }
    } catch (error) {
      // Nothing may reach the connection after the caller's ROLLBACK: wait out what is in flight.
      await reading?.catch(() => undefined);
      throw (await writes.settled()) ?? error;
    }
    const failed = await writes.settled();
    if (failed) throw failed;
  }

  private async read(client: PoolClient, request: RequestContext, slice: AcceptedRow[]): Promise<SliceReads> {
    if (slice.length === 0) return { slice, recipients: [], admissions: [], locked: new Map() };
    const { tenantId, sequenceId, rule, now } = request;
    const recipients = await this.bulk.upsertRecipients(
      client,
      tenantId,
      slice.map((a) => a.row),
    );
    const recipientIds = recipients.map((r) => r.id);
    const suppressed = await this.bulk.suppressed(client, tenantId, recipients);
    const existing = await this.bulk.existing(client, sequenceId, recipientIds);
    const exclusive =
      rule.kind === 'exclusive'
        ? await this.bulk.runningInOtherExclusiveSequences(client, tenantId, sequenceId, recipientIds)
        : new Map<string, ExclusiveEnrollment[]>();
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
    return { slice, recipients, admissions, locked };
  }

  private plan(
    { slice, recipients, admissions, locked }: SliceReads,
    { tenantId, sequenceId, rule }: RequestContext,
    planning: Omit<PlanningContext, 'recipient'>,
    enrolled: EnrollRecipientsResult['enrolled'],
    validator: RowValidator,
  ): SliceWrites {
    const { rejected } = validator;
    const writes: SliceWrites = { inserted: [], updated: [], timeline: [], messages: [] };
    const record = (previous: EnrollmentState, unsettled: Transition, rows: EnrollmentState[]) => {
      const transition = settleStepFacts(previous, unsettled);
      rows.push(transition.next);
      writes.timeline.push(timelineEntry(previous, transition));
      writes.messages.push(...transitionMessages(previous, transition, previous.recipientId));
    };
    slice.forEach(({ index }, i) => {
      const recipient = recipients[i];
      const admission = admissions[i];
      const first = validator.claimRecipient(recipient.id, index);
      if (first !== undefined) return rejected.push({ index, reason: `same recipient as row ${first}` });
      if (admission.kind === 'refused') return rejected.push({ index, reason: admission.reason });
      const previous = admission.kind === 'again' ? locked.get(admission.enrollmentId)?.state : undefined;
      const start = previous ? startAgain(previous) : notStarted(tenantId, sequenceId, recipient);
      const ctx = { ...planning, recipient };
      const cause = previous
        ? `enrolled again, ${rule.kind === 'after_days' ? rule.days : 0} days after finishing`
        : 'enrolled';
      const transition = planNode(start, ctx.navigator.first(), ctx, cause);
      record(previous ?? start, transition, previous ? writes.updated : writes.inserted);
      for (const moved of admission.kind === 'new' ? admission.moveFrom : []) {
        const other = locked.get(moved.id)?.state;
        if (!other || isFinal(other.status)) continue;
        const stop = transitionTo(other, { status: 'stopped', substatus: 'moved' }, `moved to sequence ${sequenceId}`);
        record(other, stop, writes.updated);
      }
      enrolled.push({ index, enrollmentId: start.id, recipientId: recipient.id });
    });
    return writes;
  }

  private async write(client: PoolClient, writes: SliceWrites): Promise<void> {
    await this.enrollments.insert(client, writes.inserted);
    await this.enrollments.save(client, writes.updated);
    await this.enrollments.appendTimeline(client, writes.timeline);
    await appendToOutbox(client, writes.messages);
  }
}

/**
 * Validates rows one slice at a time, in request order. A row naming the same recipient as an
 * earlier row of the request is refused, whichever slice the earlier one was in.
 */
class RowValidator {
  readonly rejected: RejectedRow[] = [];
  private readonly firstIndexByKey = new Map<string, number>();
  private readonly firstIndexByRecipient = new Map<string, number>();
  private position = 0;

  constructor(private readonly rows: readonly unknown[]) {}

  get done(): boolean {
    return this.position >= this.rows.length;
  }

  /**
   * Rows with different keys can still be one stored recipient (an email on one row, the phone
   * stored with it on another): the first row keeps it, later ones get the row it went to.
   */
  claimRecipient(recipientId: string, index: number): number | undefined {
    const first = this.firstIndexByRecipient.get(recipientId);
    if (first === undefined) this.firstIndexByRecipient.set(recipientId, index);
    return first;
  }

  /** The accepted rows among the next `count` rows. */
  next(count: number): AcceptedRow[] {
    const accepted: AcceptedRow[] = [];
    const end = Math.min(this.rows.length, this.position + count);
    for (; this.position < end; this.position++) {
      const index = this.position;
      const parsed = recipientRowSchema.safeParse(this.rows[index]);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        this.rejected.push({ index, field: issue.path.join('.') || undefined, reason: issue.message });
        continue;
      }
      const key = recipientKeys({
        email: parsed.data.email ?? null,
        phone: parsed.data.phone ?? null,
        linkedinProfile: parsed.data.linkedinProfile ?? null,
      })[0];
      const first = this.firstIndexByKey.get(key);
      if (first !== undefined) {
        this.rejected.push({ index, reason: `same recipient as row ${first}` });
        continue;
      }
      this.firstIndexByKey.set(key, index);
      accepted.push({ index, row: parsed.data });
    }
    return accepted;
  }
}

/** Runs writes one after another; after a failure the rest are not started. */
class SerialWrites {
  private chain: Promise<void> = Promise.resolve();
  private failure: unknown = null;

  add(write: () => Promise<void>): void {
    this.chain = this.chain.then(write).catch((error: unknown) => {
      this.failure ??= error;
      throw error;
    });
    this.chain.catch(() => undefined);
  }

  /** Waits for every started write; resolves to the first failure, if any. */
  async settled(): Promise<unknown> {
    await this.chain.catch(() => undefined);
    return this.failure;
  }
}

/** A promise awaited later: marked handled now so a rejection before that await cannot crash the process. */
function settledLater<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => undefined);
  return promise;
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
    delayLeftMs: null,
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
    delayLeftMs: null,
  };
}
