import type { ReachOutCounters } from '../reach-out-counters';
import type { DayRange } from './reach-out-counters.repository';

/** Campaign statistics (seed 003): reach outs created in the range and what became of them since. */
export interface CampaignStats {
  from: string;
  to: string;
  reachOuts: number;
  inProgress: number;
  opens: number;
  responses: number;
  interested: number;
}

export function campaignStats(range: DayRange, counters: ReachOutCounters): CampaignStats {
  const { reachOuts, inProgress, opens, responses, interested } = counters;
  return { ...range, reachOuts, inProgress, opens, responses, interested };
}
