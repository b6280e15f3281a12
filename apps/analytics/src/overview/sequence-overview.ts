import type { ReachOutCounters } from '../reach-out-counters';
import type { SequenceRow, StepRow } from '../snapshot/sequence-snapshot';

/** One step of the sequence flow preview: the recipients currently at it. */
export interface FlowStep {
  stepId: string;
  type: StepRow['type'];
  name: string;
  position: number;
  branchId?: string;
  branchPath?: 'yes' | 'no';
  recipients: number;
}

/** The campaign overview KPIs per channel (seed 002) and the sequence flow preview. */
export interface SequenceOverview {
  sequenceId: string;
  name: string;
  allChannels: { totalContacts: number; started: number; contacted: number; replied: number; positive: number };
  linkedin: {
    engaged: number;
    invited: number;
    accepted: number;
    contacted: number;
    replied: number;
    positive: number;
  };
  email: { sent: number; clicked: number; replied: number; positive: number; bounced: number };
  tasks: { pending: number; completed: number };
  flow: FlowStep[];
}

/** Formulas: docs/metrics.md, "Sequence overview". */
export function buildOverview(
  sequence: SequenceRow,
  counters: ReachOutCounters,
  steps: readonly StepRow[],
  flow: ReadonlyMap<string, number>,
): SequenceOverview {
  const ordered = [...steps].sort((a, b) => a.position - b.position);
  const tasks = ordered.filter((step) => step.type === 'task');
  const sum = (count: (step: StepRow) => number) => tasks.reduce((total, step) => total + count(step), 0);
  return {
    sequenceId: sequence.sequenceId,
    name: sequence.name,
    allChannels: {
      totalContacts: counters.reachOuts,
      started: counters.started,
      contacted: counters.contacted,
      replied: counters.responses,
      positive: counters.interested,
    },
    linkedin: {
      engaged: counters.linkedinEngaged,
      invited: counters.linkedinInvited,
      accepted: counters.linkedinAccepted,
      contacted: counters.linkedinContacted,
      replied: counters.linkedinReplied,
      positive: counters.linkedinPositive,
    },
    email: {
      sent: counters.emailSent,
      clicked: counters.emailClicked,
      replied: counters.emailReplied,
      positive: counters.emailPositive,
      bounced: counters.emailBounced,
    },
    tasks: {
      // An overdue task is still waiting to be done.
      pending: sum((step) => step.counters.pending + step.counters.overdue),
      completed: sum((step) => step.counters.completed),
    },
    flow: ordered.map((step) => ({
      stepId: step.stepId,
      type: step.type,
      name: step.name,
      position: step.position,
      ...(step.branchId ? { branchId: step.branchId } : {}),
      ...(step.branchPath ? { branchPath: step.branchPath } : {}),
      recipients: flow.get(step.stepId) ?? 0,
    })),
  };
}
