import { Injectable } from '@nestjs/common';
import type { PoolClient } from 'pg';
import { z } from 'zod';
import { PrismaService } from '../database/prisma.service';
import type { Prisma, Sequence as SequenceRow } from '../generated/prisma/client';
import { sequenceNodeSchema, type SequenceNode } from '../recipient-core/sequence-definition';
import type { EnrollmentRule } from '../recipient-core/enrollment-rule';
import { enrollmentRuleSchema } from '../recipient-core/enrollment-rule';
import type { SequenceStatus } from '../recipient-store/sequence-catalog';

export interface Sequence {
  id: string;
  tenantId: string;
  name: string;
  status: SequenceStatus;
  definition: SequenceNode[];
  enrollmentRule: EnrollmentRule;
  openTrackingEnabled: boolean;
  launchedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

const definitionSchema = z.array(sequenceNodeSchema);

/** Plain pg reads in Prisma's field names, so one mapping serves both. */
const SELECTED = `id, tenant_id AS "tenantId", name, status, definition, enrollment_rule AS "enrollmentRule",
  open_tracking_enabled AS "openTrackingEnabled", launched_at AS "launchedAt", created_at AS "createdAt",
  updated_at AS "updatedAt"`;

/** Sequences of one tenant: every read is scoped by tenant, so another tenant's id is simply not found. */
@Injectable()
export class SequenceRepository {
  constructor(private readonly prisma: PrismaService) {}

  async create(data: Omit<Sequence, 'launchedAt' | 'createdAt' | 'updatedAt'>): Promise<Sequence> {
    const row = await this.prisma.sequence.create({
      data: {
        ...data,
        definition: data.definition as unknown as Prisma.InputJsonValue,
        enrollmentRule: data.enrollmentRule as Prisma.InputJsonValue,
      },
    });
    return toSequence(row);
  }

  async find(tenantId: string, id: string): Promise<Sequence | null> {
    const row = await this.prisma.sequence.findFirst({ where: { id, tenantId, status: { not: 'deleted' } } });
    return row ? toSequence(row) : null;
  }

  /** One page, newest first, keyed by (created_at, id) so a page never repeats or skips a row. */
  async list(
    tenantId: string,
    page: { status?: Exclude<SequenceStatus, 'deleted'>; cursor?: string; limit: number },
  ): Promise<{ items: Sequence[]; nextCursor: string | null }> {
    const [at, id] = page.cursor ? page.cursor.split('|') : [null, null];
    // The cursor keeps created_at to the microsecond, which a JavaScript Date would round.
    const rows = await this.prisma.$queryRawUnsafe<(SequenceRow & { cursorAt: string })[]>(
      `SELECT ${SELECTED}, to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS "cursorAt"
         FROM sequence
        WHERE tenant_id = $1
          AND (CASE WHEN $2::text IS NULL THEN status NOT IN ('archived', 'deleted') ELSE status = $2::text END)
          AND ($3::timestamptz IS NULL OR created_at < $3::timestamptz OR (created_at = $3::timestamptz AND id < $4::text))
        ORDER BY created_at DESC, id DESC
        LIMIT $5`,
      tenantId,
      page.status ?? null,
      at,
      id,
      page.limit,
    );
    const last = rows.length === page.limit ? rows[rows.length - 1] : undefined;
    return { items: rows.map(toSequence), nextCursor: last ? `${last.cursorAt}|${last.id}` : null };
  }

  /** The sequence row locked for a change; recipients enrolled before the lock are all seen after it. */
  async lock(client: PoolClient, tenantId: string, id: string): Promise<Sequence | null> {
    const { rows } = await client.query<SequenceRow>(
      `SELECT ${SELECTED} FROM sequence WHERE id = $1 AND tenant_id = $2 AND status <> 'deleted' FOR UPDATE`,
      [id, tenantId],
    );
    return rows[0] ? toSequence(rows[0]) : null;
  }

  /** Writes every field a user or a lifecycle move changes; returns the row as stored (new updated_at). */
  async save(client: PoolClient, sequence: Sequence): Promise<Sequence> {
    const { rows } = await client.query<SequenceRow>(
      `UPDATE sequence
          SET name = $3, status = $4, definition = $5, enrollment_rule = $6, open_tracking_enabled = $7,
              launched_at = $8, updated_at = now()
        WHERE id = $1 AND tenant_id = $2
       RETURNING ${SELECTED}`,
      [
        sequence.id,
        sequence.tenantId,
        sequence.name,
        sequence.status,
        JSON.stringify(sequence.definition),
        JSON.stringify(sequence.enrollmentRule),
        sequence.openTrackingEnabled,
        sequence.launchedAt,
      ],
    );
    return toSequence(rows[0]);
  }
}

export function toSequence(row: SequenceRow): Sequence {
  return {
    id: row.id,
    tenantId: row.tenantId,
    name: row.name,
    status: row.status as SequenceStatus,
    definition: definitionSchema.parse(row.definition),
    enrollmentRule: enrollmentRuleSchema.parse(row.enrollmentRule),
    openTrackingEnabled: row.openTrackingEnabled,
    launchedAt: row.launchedAt,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}
