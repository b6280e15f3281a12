import { Injectable } from '@nestjs/common';
import type { PoolClient } from 'pg';
import type { SequenceShape } from './reactions/sequence-published.reaction';

@Injectable()
export class SequenceShapeRepository {
  /**
   * Stores each shape unless a newer publication is stored already, and replaces the steps and
   * branches of the sequences it stored. A publication naming another tenant than the stored one is
   * ignored: a sequence never changes hands, so that can only be a faulty publisher.
   */
  async save(client: PoolClient, shapes: readonly SequenceShape[]): Promise<void> {
    if (shapes.length === 0) return;
    const sorted = [...shapes].sort((a, b) => (a.sequenceId < b.sequenceId ? -1 : 1));
    const { rows } = await client.query<{ sequence_id: string }>(
      `INSERT INTO sequence AS s (sequence_id, tenant_id, name, status, open_tracking_enabled, published_at)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::boolean[], $6::timestamptz[])
       ON CONFLICT (sequence_id) DO UPDATE SET
         name = excluded.name, status = excluded.status,
         open_tracking_enabled = excluded.open_tracking_enabled, published_at = excluded.published_at
       WHERE s.published_at < excluded.published_at AND s.tenant_id = excluded.tenant_id
       RETURNING sequence_id`,
      [
        sorted.map((shape) => shape.sequenceId),
        sorted.map((shape) => shape.tenantId),
        sorted.map((shape) => shape.name),
        sorted.map((shape) => shape.status),
        sorted.map((shape) => shape.openTrackingEnabled),
        sorted.map((shape) => shape.publishedAt.toISOString()),
      ],
    );
    const storedIds = new Set(rows.map((row) => row.sequence_id));
    const stored = sorted.filter((shape) => storedIds.has(shape.sequenceId));
    if (stored.length > 0) await this.replaceNodes(client, stored);
  }

  private async replaceNodes(client: PoolClient, shapes: readonly SequenceShape[]): Promise<void> {
    const ids = shapes.map((shape) => shape.sequenceId);
    await client.query('DELETE FROM sequence_step WHERE sequence_id = ANY($1::text[])', [ids]);
    await client.query('DELETE FROM sequence_branch WHERE sequence_id = ANY($1::text[])', [ids]);
    const steps = shapes.flatMap((shape) => shape.steps.map((step) => ({ sequenceId: shape.sequenceId, ...step })));
    const branches = shapes.flatMap((shape) =>
      shape.branches.map((branch) => ({ sequenceId: shape.sequenceId, ...branch })),
    );
    await client.query(
      `INSERT INTO sequence_step (sequence_id, step_id, type, name, position, branch_id, branch_path)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::int[], $6::text[], $7::text[])`,
      [
        steps.map((step) => step.sequenceId),
        steps.map((step) => step.stepId),
        steps.map((step) => step.type),
        steps.map((step) => step.name),
        steps.map((step) => step.position),
        steps.map((step) => step.branchId ?? null),
        steps.map((step) => step.branchPath ?? null),
      ],
    );
    await client.query(
      `INSERT INTO sequence_branch (sequence_id, branch_id, name, position)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::int[])`,
      [
        branches.map((branch) => branch.sequenceId),
        branches.map((branch) => branch.branchId),
        branches.map((branch) => branch.name),
        branches.map((branch) => branch.position),
      ],
    );
  }
}
