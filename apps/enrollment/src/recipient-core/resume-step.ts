import type { EnrollmentState } from './enrollment-state';
import {
  actOnNode,
  heldBySequence,
  isSentByChannel,
  planNode,
  planSend,
  waitForDelay,
  type PlanningContext,
} from './step-planner';
import type { Transition } from './transition';

/**
 * Picks a paused or errored recipient up on the node they stopped at. A pause keeps what was left
 * of the node's delay (`delayLeftMs`): the recipient waits only the rest, so resuming never sends a
 * step early; with nothing left the node is acted on now (a send inside the sender's working hours).
 * A send goes under a new attempt, because a channel drops an attempt it has claimed before,
 * whatever became of it. A step the channel reported sent while the recipient was paused is not sent
 * again: the recipient moves on to the node after it.
 */
export function resumeOnCurrentNode(state: EnrollmentState, ctx: PlanningContext, cause: string): Transition {
  const node = state.currentNodeId ? ctx.navigator.find(state.currentNodeId) : ctx.navigator.first();
  if (!node) return planNode(state, null, ctx, cause);
  if (state.facts[node.id]?.sent) {
    return planNode(state, ctx.navigator.after(node.id), ctx, `${cause}; step ${node.id} was sent before the pause`);
  }
  // Held before a new attempt is taken: the attempt is spent when the step is really planned.
  const held = heldBySequence(state, node, ctx, cause);
  if (held) return held;
  const left = state.status === 'paused' ? (state.delayLeftMs ?? 0) : 0;
  const dueAt = new Date(ctx.now.getTime() + left);
  if (node.kind === 'step' && isSentByChannel(node)) {
    const planned = planSend({ ...state, attempt: state.attempt + 1 }, node, ctx, cause, { sendAt: dueAt });
    if (left === 0 || planned.next.status !== 'in_progress') return planned;
    return { ...planned, next: { ...planned.next, substatus: 'waiting_for_delay' } };
  }
  if (left > 0) return waitForDelay(state, node, ctx, `${cause}; ${Math.ceil(left / 1000)} s of the delay left`, dueAt);
  return actOnNode(state, node, ctx, cause);
}
