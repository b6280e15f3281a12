import type { RecipientStatus } from '@stepwise/contracts';
import type { StepFacts } from './enrollment-state';

/** The nine reach-out states of the campaign statistics (seed 003), as the recruiter reads them. */
export type ReachOutState =
  | 'in_progress'
  | 'hard_bounced'
  | 'responded'
  | 'completed'
  | 'paused'
  | 'canceled'
  | 'undone'
  | 'paused_by_auth_loss'
  | 'pending';

/**
 * A recipient's reach-out state: docs/status-matrix.md, "Mapping onto the reach-out states". A stop
 * after something was sent is Canceled; a stop before any send is Undone (nothing reached them).
 */
export function reachOutState(status: RecipientStatus, substatus: string | null, facts: StepFacts): ReachOutState {
  switch (status) {
    case 'not_started':
      return 'pending';
    case 'in_progress':
    case 'pending_action':
    case 'error':
      return 'in_progress';
    case 'paused':
      return substatus === 'auth_lost' ? 'paused_by_auth_loss' : 'paused';
    case 'bounced':
      return 'hard_bounced';
    case 'replied':
      return 'responded';
    case 'completed':
      return 'completed';
    case 'stopped':
    case 'unsubscribed':
    case 'not_sent':
      return Object.values(facts).some((fact) => fact?.sent) ? 'canceled' : 'undone';
  }
}
