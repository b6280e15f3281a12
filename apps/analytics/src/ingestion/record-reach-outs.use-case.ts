import { Injectable } from '@nestjs/common';
import type { PoolClient } from 'pg';
import { foldReachOuts, type ReachOutFact } from './reach-out-fact';
import { ReachOutRepository } from './reach-out.repository';

/** Campaign stats and overview: each enrollment's reach-out flags, its current step, and their counters. */
@Injectable()
export class RecordReachOuts {
  constructor(private readonly reachOuts: ReachOutRepository) {}

  execute(client: PoolClient, facts: readonly ReachOutFact[]): Promise<void> {
    return this.reachOuts.apply(client, foldReachOuts(facts));
  }
}
