import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Pool, PoolClient } from 'pg';
import { inTransaction } from '@stepwise/database';
import { appendToOutbox } from '@stepwise/outbox';
import { PG_POOL, PlatformLifecycle } from '@stepwise/platform';
import { republished } from '../recipient-core/sequence-events';
import { assertSequenceActionAllowed, type SequenceAction } from './sequence-lifecycle';
import { SequenceRepository, type Sequence } from './sequence.repository';
import { assertValidDefinition } from './valid-definition';
import { assertLaunchable } from './launch-readiness';
import { LaunchIdentitiesRepository } from './launch-identities.repository';
import type { CreateSequenceBody } from './dto/create-sequence.dto';
import type { ListSequencesQuery } from './dto/list-sequences.query';

@Injectable()
export class SequenceService {
  constructor(
    private readonly sequences: SequenceRepository,
    @Inject(PG_POOL) private readonly pool: Pool,
    private readonly platform: PlatformLifecycle,
    private readonly launchIdentities: LaunchIdentitiesRepository,
  ) {}

  async create(tenantId: string, body: CreateSequenceBody): Promise<Sequence> {
    assertValidDefinition(body.steps);
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

  list(tenantId: string, query: ListSequencesQuery): Promise<{ items: Sequence[]; nextCursor: string | null }> {
    return this.sequences.list(tenantId, query);
  }

  /**
   * Draft -> active, once every channel step has a sender identity of the tenant that can send it.
   * From here on the structure is locked; readers learn the shape from the event.
   */
  launch(tenantId: string, id: string): Promise<Sequence> {
    return this.change(tenantId, id, 'launch', async (client, sequence) => {
      assertLaunchable(sequence.definition, await this.launchIdentities.of(client, tenantId, sequence.definition));
      return this.save(client, { ...sequence, status: 'active', launchedAt: new Date() });
    });
  }

  /** A draft copy to change before launching; node ids are kept, so its steps read the same. */
  async duplicate(tenantId: string, id: string): Promise<Sequence> {
    const original = await this.get(tenantId, id);
    assertSequenceActionAllowed(original.status, 'duplicate');
    return this.sequences.create({
      id: `seq_${randomUUID()}`,
      tenantId,
      name: `${original.name} (copy)`.slice(0, 200),
      status: 'draft',
      definition: original.definition,
      enrollmentRule: original.enrollmentRule,
      openTrackingEnabled: original.openTrackingEnabled,
    });
  }

  /**
   * Only drafts and archived sequences, whose recipients have all stopped. The row stays (the
   * recipients' history refers to it) but is gone from every list and read.
   */
  async delete(tenantId: string, id: string): Promise<void> {
    await this.change(tenantId, id, 'delete', (client, sequence) =>
      this.save(client, { ...sequence, status: 'deleted' }),
    );
  }

  /** One status move of the sequence row, checked against the lifecycle under the row's lock. */
  private async change(
    tenantId: string,
    id: string,
    action: SequenceAction,
    write: (client: PoolClient, sequence: Sequence) => Promise<Sequence>,
  ): Promise<Sequence> {
    const changed = await inTransaction(this.pool, async (client) =>
      write(client, await this.lockFor(client, tenantId, id, action)),
    );
    this.platform.nudgeOutbox();
    return changed;
  }

  /** Stores a locked sequence's new fields or status and tells readers, in the caller's transaction. */
  async save(client: PoolClient, sequence: Sequence): Promise<Sequence> {
    const saved = await this.sequences.save(client, sequence);
    await appendToOutbox(client, republished(saved));
    return saved;
  }

  /** Locks the sequence for `action` in the caller's transaction: 404 when unknown, 409 when not allowed. */
  async lockFor(client: PoolClient, tenantId: string, id: string, action: SequenceAction): Promise<Sequence> {
    const sequence = await this.sequences.lock(client, tenantId, id);
    if (!sequence) throw new NotFoundException(`sequence ${id} not found`);
    assertSequenceActionAllowed(sequence.status, action);
    return sequence;
  }
}
