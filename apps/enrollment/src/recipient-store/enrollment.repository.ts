import type { TimelineEntry } from '../recipient-core/timeline';
import { ConflictException, Injectable } from '@nestjs/common';
import type { PoolClient } from 'pg';
import type { RecipientStatus } from '@stepwise/contracts';
import type { EnrollmentState, RecipientProfile, StepError, StepFacts } from '../recipient-core/enrollment-state';

export type { TimelineEntry } from '../recipient-core/timeline';

export interface LoadedEnrollment {
  state: EnrollmentState;
  recipient: RecipientProfile;
}

interface EnrollmentRow {
  id: string;
  tenant_id: string;
  sequence_id: string;
  recipient_id: string;
  status: RecipientStatus;
  substatus: string | null;
  current_node_id: string | null;
  attempt: number;
  timer_version: number;
  next_due_at: Date | null;
  error: StepError | null;
  facts: StepFacts;
  delay_left_ms: string | null;
  email: string | null;
  phone: string | null;
  linkedin_profile: string | null;
  timezone: string | null;
  variables: Record<string, string>;
}

/** The columns a transition changes, in one order for inserts and updates. */
const STATE_COLUMN_TYPES = [
  ['status', 'text'],
  ['substatus', 'text'],
  ['current_node_id', 'text'],
  ['attempt', 'int'],
  ['timer_version', 'int'],
  ['next_due_at', 'timestamptz'],
  ['error', 'jsonb'],
  ['facts', 'jsonb'],
  ['delay_left_ms', 'bigint'],
] as const;
const STATE_COLUMN_NAMES = STATE_COLUMN_TYPES.map(([name]) => name);
const STATE_COLUMNS = STATE_COLUMN_NAMES.join(', ');
const STATE_ARRAY_TYPES = (firstParam: number) =>
  STATE_COLUMN_TYPES.map(([, type], i) => `$${firstParam + i}::${type}[]`).join(', ');

function stateColumnValues(states: readonly EnrollmentState[]): unknown[][] {
  return [
    states.map((s) => s.status),
    states.map((s) => s.substatus),
    states.map((s) => s.currentNodeId),
    states.map((s) => s.attempt),
    states.map((s) => s.timerVersion),
    states.map((s) => s.nextDueAt),
    states.map((s) => (s.error ? JSON.stringify(s.error) : null)),
    states.map((s) => JSON.stringify(s.facts)),
    states.map((s) => s.delayLeftMs),
  ];
}

/** Enrollment rows for the reaction hot path: one statement per batch, never one per recipient. */
@Injectable()
export class EnrollmentRepository {
  /** Locks the rows in id order so concurrent batches cannot deadlock. */
  async lockByIds(client: PoolClient, ids: readonly string[]): Promise<Map<string, LoadedEnrollment>> {
    const { rows } = await client.query<EnrollmentRow>(
      `SELECT e.id, e.tenant_id, e.sequence_id, e.recipient_id, e.status, e.substatus, e.current_node_id,
              e.attempt, e.timer_version, e.next_due_at, e.error, e.facts, e.delay_left_ms,
              r.email, r.phone, r.linkedin_profile, r.timezone, r.variables
         FROM enrollment e JOIN recipient r ON r.id = e.recipient_id
        WHERE e.id = ANY($1::text[])
        ORDER BY e.id
          FOR UPDATE OF e`,
      [[...ids].sort()],
    );
    return new Map(rows.map((row) => [row.id, toLoaded(row)]));
  }

  /**
   * New enrollments only join an active sequence. The sequence rows are share-locked in the
   * inserting transaction, so a pause or archive that committed meanwhile is seen here (409), and
   * one that comes later waits for this commit and then moves the new recipients too.
   */
  async insert(client: PoolClient, states: readonly EnrollmentState[]): Promise<void> {
    if (states.length === 0) return;
    await this.lockActiveSequences(
      client,
      states.map((s) => s.sequenceId),
    );
    await client.query(
      `INSERT INTO enrollment (id, tenant_id, sequence_id, recipient_id, ${STATE_COLUMNS})
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], ${STATE_ARRAY_TYPES(5)})`,
      [
        states.map((s) => s.id),
        states.map((s) => s.tenantId),
        states.map((s) => s.sequenceId),
        states.map((s) => s.recipientId),
        ...stateColumnValues(states),
      ],
    );
  }

  /**
   * Share-locks the sequences for the rest of the transaction and refuses (409) unless all are
   * active. Taking it before planning also covers re-runs of finished enrollments, which are updated.
   */
  async lockActiveSequences(client: PoolClient, sequenceIds: readonly string[]): Promise<void> {
    const { rows } = await client.query<{ id: string; status: string }>(
      `SELECT id, status FROM sequence WHERE id = ANY($1::text[]) ORDER BY id FOR SHARE`,
      [[...new Set(sequenceIds)]],
    );
    const inactive = rows.find((row) => row.status !== 'active');
    if (inactive) {
      throw new ConflictException(
        `sequence ${inactive.id} is ${inactive.status}: recipients can only join an active sequence`,
      );
    }
  }

  async save(client: PoolClient, states: readonly EnrollmentState[]): Promise<void> {
    if (states.length === 0) return;
    await client.query(
      `UPDATE enrollment e
          SET (${STATE_COLUMNS}, updated_at) = (${STATE_COLUMN_NAMES.map((c) => `u.${c}`).join(', ')}, now())
         FROM unnest($1::text[], ${STATE_ARRAY_TYPES(2)}) AS u(id, ${STATE_COLUMNS})
        WHERE e.id = u.id`,
      [states.map((s) => s.id), ...stateColumnValues(states)],
    );
  }

  async appendTimeline(client: PoolClient, entries: readonly TimelineEntry[]): Promise<void> {
    if (entries.length === 0) return;
    await client.query(
      `INSERT INTO enrollment_transition (enrollment_id, from_status, to_status, substatus, node_id, cause)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[])`,
      [
        entries.map((e) => e.enrollmentId),
        entries.map((e) => e.from),
        entries.map((e) => e.to),
        entries.map((e) => e.substatus),
        entries.map((e) => e.nodeId),
        entries.map((e) => e.cause),
      ],
    );
  }

  /** Records event ids; returns those seen for the first time, so a redelivery has no effect. */
  async claimEvents(client: PoolClient, eventIds: readonly string[]): Promise<Set<string>> {
    if (eventIds.length === 0) return new Set();
    const { rows } = await client.query<{ event_id: string }>(
      `INSERT INTO handled_event (event_id) SELECT unnest($1::uuid[])
       ON CONFLICT DO NOTHING RETURNING event_id`,
      [eventIds],
    );
    return new Set(rows.map((r) => r.event_id));
  }
}

function toLoaded(row: EnrollmentRow): LoadedEnrollment {
  return {
    state: {
      id: row.id,
      tenantId: row.tenant_id,
      sequenceId: row.sequence_id,
      recipientId: row.recipient_id,
      status: row.status,
      substatus: row.substatus,
      currentNodeId: row.current_node_id,
      attempt: row.attempt,
      timerVersion: row.timer_version,
      nextDueAt: row.next_due_at,
      error: row.error,
      facts: row.facts,
      delayLeftMs: row.delay_left_ms === null ? null : Number(row.delay_left_ms),
    },
    recipient: {
      id: row.recipient_id,
      email: row.email,
      phone: row.phone,
      linkedinProfile: row.linkedin_profile,
      timezone: row.timezone,
      variables: row.variables,
    },
  };
}
