import { readFileSync } from 'node:fs';

/** What a ../shared/peers run (run.mjs --save) reports for its burst phase. */
export interface PeerBurst {
  peer: string;
  file: string;
  firedPerSecond: number;
  schedulePerSecond: number;
  latenessP99Ms: number;
}

interface PeerResultFile {
  peer?: string;
  phases?: {
    burst?: {
      schedule?: { jobsPerSec?: number };
      fire?: { jobsPerSec?: number; lateness?: { p99?: number } };
    };
  };
}

/**
 * Reads peer result files (comma-separated paths, BENCH_PEER_RESULTS) so the dispatcher bench can
 * print its rates as ratios of the peers' from the same sitting. A file without a burst phase is
 * refused by name rather than skipped, so a wrong path does not silently drop a comparison.
 */
export function readPeerBursts(paths: string | undefined): PeerBurst[] {
  if (!paths) return [];
  return paths
    .split(',')
    .map((path) => path.trim())
    .filter(Boolean)
    .map((file) => {
      const result = JSON.parse(readFileSync(file, 'utf8')) as PeerResultFile;
      const burst = result.phases?.burst;
      const fired = burst?.fire?.jobsPerSec;
      const scheduled = burst?.schedule?.jobsPerSec;
      if (!result.peer || fired === undefined || scheduled === undefined) {
        throw new Error(`${file} has no burst phase with fired and scheduled jobs per second (run.mjs --phases burst)`);
      }
      return {
        peer: result.peer,
        file,
        firedPerSecond: fired,
        schedulePerSecond: scheduled,
        latenessP99Ms: burst?.fire?.lateness?.p99 ?? NaN,
      };
    });
}

/** "0.59× graphile (15,858/s), 0.76× pgboss (12,238/s)" */
export function ratios(own: number, peers: readonly PeerBurst[], pick: (peer: PeerBurst) => number): string {
  return peers
    .map((peer) => `${(own / pick(peer)).toFixed(2)}× ${peer.peer} (${pick(peer).toLocaleString('en-US')}/s)`)
    .join(', ');
}
