import type { EnrollmentState } from '../enrollment/enrollment-state';
import { actOnNode, heldBySequence, isSentByChannel, planNode, planSend, type PlanningContext } from './step-planner';
import type { Transition } from './transition';

/**
 * Picks a paused or errored recipient up on the node they stopped at, from now: its delay was
 * served before the pause, so a send step goes out at once (inside the sender's working hours),
 * and under a new attempt, because a channel drops an attempt it has claimed before, whatever
 * became of it. A step the channel reported sent while the recipient was paused is not sent again:
 * the recipient moves on to the node after it.
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
  if (node.kind === 'step' && isSentByChannel(node)) {
    return planSend({ ...state, attempt: state.attempt + 1 }, node, ctx, cause, { sendAt: ctx.now });
  }
  return actOnNode(state, node, ctx, cause);
}
