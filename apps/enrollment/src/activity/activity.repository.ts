import { Injectable } from '@nestjs/common';
import { PrismaService } from '../database/prisma.service';
import type { ListActivityQuery } from './dto/list-activity.query';

export interface ActivityEntry {
  id: string;
  enrollmentId: string;
  recipientId: string;
  email: string | null;
  stepId: string | null;
  fromStatus: string | null;
  toStatus: string;
  substatus: string | null;
  cause: string;
  occurredAt: Date;
}

/**
 * A sequence's activity is its recipients' timelines read together (enrollment_transition), not a
 * store of its own: what the recipient view shows is what the activity log lists.
 */
@Injectable()
export class ActivityRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** One page, newest first, keyed by the timeline row's id so pages never repeat or skip an entry. */
  async page(
    tenantId: string,
    sequenceId: string,
    query: ListActivityQuery,
  ): Promise<{ items: ActivityEntry[]; nextCursor: string | null }> {
    const rows = await this.prisma.$queryRawUnsafe<(Omit<ActivityEntry, 'id'> & { id: bigint })[]>(
      `SELECT t.id, t.enrollment_id AS "enrollmentId", e.recipient_id AS "recipientId", r.email,
              t.node_id AS "stepId", t.from_status AS "fromStatus", t.to_status AS "toStatus",
              t.substatus, t.cause, t.occurred_at AS "occurredAt"
         FROM enrollment e
         -- The tenant on the recipient too, so an email filter uses recipient_tenant_email_key.
         JOIN recipient r ON r.id = e.recipient_id AND r.tenant_id = $1
         JOIN enrollment_transition t ON t.enrollment_id = e.id
        WHERE e.tenant_id = $1 AND e.sequence_id = $2 AND NOT e.removed
          AND ($3::text IS NULL OR t.node_id = $3::text)
          AND ($4::text IS NULL OR e.id = $4::text)
          AND ($5::text IS NULL OR r.email = $5::text)
          AND ($6::timestamptz IS NULL OR t.occurred_at >= $6::timestamptz)
          AND ($7::timestamptz IS NULL OR t.occurred_at < $7::timestamptz)
          AND ($8::bigint IS NULL OR t.id < $8::bigint)
        ORDER BY t.id DESC
        LIMIT $9`,
      tenantId,
      sequenceId,
      query.stepId ?? null,
      query.enrollmentId ?? null,
      query.email ?? null,
      query.from ?? null,
      query.to ?? null,
      query.cursor ?? null,
      query.limit + 1,
    );
    const items = rows.slice(0, query.limit).map((row) => ({ ...row, id: row.id.toString() }));
    return { items, nextCursor: rows.length > query.limit ? items[items.length - 1].id : null };
  }
}
