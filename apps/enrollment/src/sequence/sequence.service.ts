import { BadRequestException, ConflictException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import { inTransaction } from '@stepwise/database';
import { appendToOutbox } from '@stepwise/outbox';
import { PG_POOL, PlatformLifecycle } from '@stepwise/platform';
import { definitionProblems } from './sequence-definition';
import { sequencePublished } from './sequence-events';
import { SequenceRepository, type Sequence } from './sequence.repository';
import type { CreateSequenceBody } from './dto/create-sequence.dto';
import type { SequenceStatus } from './sequence-catalog';

@Injectable()
export class SequenceService {
  constructor(
    private readonly sequences: SequenceRepository,
    @Inject(PG_POOL) private readonly pool: Pool,
    private readonly platform: PlatformLifecycle,
  ) {}

  async create(tenantId: string, body: CreateSequenceBody): Promise<Sequence> {
    const problems = definitionProblems(body.steps);
    if (problems.length > 0) {
      throw new BadRequestException({
        statusCode: 400,
        error: 'Bad Request',
        message: problems.map((p) => `${p.path}: ${p.message}`).join('; '),
        errors: problems.map((p) => ({ field: p.path, message: p.message })),
      });
    }
    return this.sequences.create({
      id: `seq_${randomUUID()}`,
      tenantId,
      name: body.name,
      status: 'draft',
      definition: body.steps,
      enrollmentRule: body.enrollmentRule,
      openTrackingEnabled: body.openTrackingEnabled,
    });
  }

  async get(tenantId: string, id: string): Promise<Sequence> {
    const sequence = await this.sequences.find(tenantId, id);
    if (!sequence) throw new NotFoundException(`sequence ${id} not found`);
    return sequence;
  }

  list(tenantId: string, status?: SequenceStatus): Promise<Sequence[]> {
    return this.sequences.list(tenantId, status);
  }

  /** Draft -> active. From here on the structure is locked; readers learn the shape from the event. */
  async launch(tenantId: string, id: string): Promise<Sequence> {
    const sequence = await this.get(tenantId, id);
    if (sequence.status !== 'draft') {
      throw new ConflictException(`sequence ${id} is ${sequence.status}: only a draft sequence can be launched`);
    }
    const launched: Sequence = { ...sequence, status: 'active', launchedAt: new Date() };
    const updated = await inTransaction(this.pool, async (client) => {
      const result = await client.query(
        `UPDATE sequence SET status = 'active', launched_at = $3, updated_at = now()
          WHERE id = $1 AND tenant_id = $2 AND status = 'draft'`,
        [id, tenantId, launched.launchedAt],
      );
      if (result.rowCount === 0) return false;
      await appendToOutbox(client, [sequencePublished(launched)]);
      return true;
    });
    if (!updated) throw new ConflictException(`sequence ${id} was launched by another request`);
    this.platform.nudgeOutbox();
    return launched;
  }
}
