import { Injectable, NotFoundException } from '@nestjs/common';
import { SnapshotRepository } from '../snapshot/snapshot.repository';
import { campaignStats, type CampaignStats } from './campaign-stats';
import { ReachOutCountersRepository, type DayRange } from './reach-out-counters.repository';

@Injectable()
export class GetCampaignStats {
  constructor(
    private readonly sequences: SnapshotRepository,
    private readonly counters: ReachOutCountersRepository,
  ) {}

  /** 404 for another tenant's sequence as for a missing one: existence is not disclosed. */
  async ofSequence(tenantId: string, sequenceId: string, range: DayRange): Promise<CampaignStats> {
    if (!(await this.sequences.findSequence(tenantId, sequenceId))) {
      throw new NotFoundException(`sequence ${sequenceId} not found`);
    }
    return campaignStats(range, await this.counters.ofSequence(sequenceId, range));
  }

  async ofTenant(tenantId: string, range: DayRange): Promise<CampaignStats> {
    return campaignStats(range, await this.counters.ofTenant(tenantId, range));
  }
}
