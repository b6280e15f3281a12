import { Injectable, NotFoundException } from '@nestjs/common';
import { buildSnapshot, type SequenceSnapshot } from './sequence-snapshot';
import { SnapshotRepository } from './snapshot.repository';

@Injectable()
export class GetSequenceSnapshot {
  constructor(private readonly snapshots: SnapshotRepository) {}

  /** 404 both when the sequence does not exist and when it is another tenant's: existence is not disclosed. */
  async execute(tenantId: string, sequenceId: string): Promise<SequenceSnapshot> {
    const sequence = await this.snapshots.findSequence(tenantId, sequenceId);
    if (!sequence) throw new NotFoundException(`sequence ${sequenceId} not found`);
    const [steps, branches] = await Promise.all([
      this.snapshots.steps(sequenceId),
      this.snapshots.branches(sequenceId),
    ]);
    return buildSnapshot(sequence, steps, branches);
  }
}
