import type { StepType } from '@stepwise/contracts';
import type { StepCounters } from '../step-counters';
import { stepMetrics, type StepMetrics } from './step-metrics';

export interface SequenceRow {
  sequenceId: string;
  name: string;
  openTrackingEnabled: boolean;
}

export interface StepRow {
  stepId: string;
  type: StepType;
  name: string;
  position: number;
  branchId: string | null;
  branchPath: 'yes' | 'no' | null;
  counters: StepCounters;
}

export interface BranchRow {
  branchId: string;
  name: string;
  position: number;
}

export interface StepSnapshot {
  stepId: string;
  type: StepType;
  name: string;
  position: number;
  branchId?: string;
  branchPath?: 'yes' | 'no';
  /** Distinct recipients queued for the step or attempted at it (errored and skipped included). */
  recipientsAttempted: number;
  /** Of those, the ones still waiting in the queue for the step... */
  queued: number;
  /** ...and the ones for whom it ran (or failed, or was skipped). */
  attempted: number;
  metrics: StepMetrics;
}

export interface BranchSnapshot {
  branchId: string;
  name: string;
  position: number;
  /**
   * Recipients who went down each path. No event reports a branch decision, so this is the
   * Recipients Attempted of the first step directly on the path, which every recipient sent down the
   * path reaches unless it stops first (a nested branch before it rejoins the path); null when the
   * path holds no step of its own.
   */
  paths: { yes: number | null; no: number | null };
}

export interface SequenceSnapshot {
  sequenceId: string;
  name: string;
  openTrackingEnabled: boolean;
  steps: StepSnapshot[];
  branches: BranchSnapshot[];
}

export function buildSnapshot(
  sequence: SequenceRow,
  steps: readonly StepRow[],
  branches: readonly BranchRow[],
): SequenceSnapshot {
  const ordered = [...steps].sort((a, b) => a.position - b.position);
  return {
    sequenceId: sequence.sequenceId,
    name: sequence.name,
    openTrackingEnabled: sequence.openTrackingEnabled,
    steps: ordered.map((step) => stepSnapshot(step, sequence.openTrackingEnabled)),
    branches: [...branches]
      .sort((a, b) => a.position - b.position)
      .map((branch) => ({
        ...branch,
        paths: { yes: pathCount(ordered, branch.branchId, 'yes'), no: pathCount(ordered, branch.branchId, 'no') },
      })),
  };
}

function stepSnapshot(step: StepRow, openTrackingEnabled: boolean): StepSnapshot {
  const { counters } = step;
  return {
    stepId: step.stepId,
    type: step.type,
    name: step.name,
    position: step.position,
    ...(step.branchId ? { branchId: step.branchId } : {}),
    ...(step.branchPath ? { branchPath: step.branchPath } : {}),
    recipientsAttempted: counters.recipients,
    queued: counters.recipients - counters.attempted,
    attempted: counters.attempted,
    metrics: stepMetrics(step.type, openTrackingEnabled, counters),
  };
}

function pathCount(ordered: readonly StepRow[], branchId: string, path: 'yes' | 'no'): number | null {
  const first = ordered.find((step) => step.branchId === branchId && step.branchPath === path);
  return first ? first.counters.recipients : null;
}
