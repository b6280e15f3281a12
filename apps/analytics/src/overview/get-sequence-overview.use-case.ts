import { Injectable, NotFoundException } from '@nestjs/common';
import { ReachOutCountersRepository } from '../campaign/reach-out-counters.repository';
import { SnapshotRepository } from '../snapshot/snapshot.repository';
import { buildOverview, type SequenceOverview } from './sequence-overview';
import { StepFlowRepository } from './step-flow.repository';

@Injectable()
export class GetSequenceOverview {
  constructor(
    private readonly sequences: SnapshotRepository,
    private readonly counters: ReachOutCountersRepository,
    private readonly flow: StepFlowRepository,
  ) {}

  /** 404 for another tenant's sequence as for a missing one: existence is not disclosed. */
  async execute(tenantId: string, sequenceId: string): Promise<SequenceOverview> {
    const sequence = await this.sequences.findSequence(tenantId, sequenceId);
    if (!sequence) throw new NotFoundException(`sequence ${sequenceId} not found`);
    const [counters, steps, flow] = await Promise.all([
      this.counters.ofSequence(sequenceId, null),
      this.sequences.steps(sequenceId),
      this.flow.ofSequence(sequenceId),
    ]);
    return buildOverview(sequence, counters, steps, flow);
  }
}
