import { Injectable } from '@nestjs/common';
import { PlatformLifecycle } from '@stepwise/platform';
import type { EnrollmentState } from '../recipient-core/enrollment-state';
import { ReactionPipeline } from '../recipient-store/reaction-pipeline';
import type { PlanningContext } from '../recipient-core/step-planner';
import type { Transition } from '../recipient-core/transition';
import type { SequenceStatus } from '../recipient-store/sequence-catalog';
import {
  PAUSED_WITH_SEQUENCE,
  RESUMED_WITH_SEQUENCE,
  STOPPED_WITH_SEQUENCE,
  pauseWithSequence,
  resumeWithSequence,
  stopWithSequence,
} from '../recipient-core/sequence-recipient-transitions';
import { SequenceRecipientsRepository, isSelected } from './sequence-recipients.repository';
import type { RecipientSelection } from '../recipient-core/sequence-recipient-transitions';
import type { Sequence } from './sequence.repository';
import { SequenceService } from './sequence.service';

export type SequenceStatusAction = 'pause' | 'resume' | 'archive';

interface StatusMove {
  to: SequenceStatus;
  recipients: RecipientSelection;
  transition: (state: EnrollmentState, ctx: PlanningContext) => Transition;
}

const MOVES: Record<SequenceStatusAction, StatusMove> = {
  pause: { to: 'paused', recipients: PAUSED_WITH_SEQUENCE, transition: pauseWithSequence },
  resume: { to: 'active', recipients: RESUMED_WITH_SEQUENCE, transition: resumeWithSequence },
  archive: { to: 'archived', recipients: STOPPED_WITH_SEQUENCE, transition: stopWithSequence },
};

/**
 * Pause, resume or archive a sequence with all its recipients, in one transaction: the sequence
 * row is locked first, so every recipient enrolled before it is moved, and each recipient is
 * re-checked under its own lock, so a reply that lands meanwhile wins.
 */
@Injectable()
export class ChangeSequenceStatusUseCase {
  constructor(
    private readonly sequences: SequenceService,
    private readonly recipients: SequenceRecipientsRepository,
    private readonly pipeline: ReactionPipeline,
    private readonly platform: PlatformLifecycle,
  ) {}

  async execute(tenantId: string, id: string, action: SequenceStatusAction): Promise<Sequence> {
    const move = MOVES[action];
    let changed: Sequence | undefined;
    await this.pipeline.apply(async (client) => {
      const sequence = await this.sequences.lockFor(client, tenantId, id, action);
      changed = await this.sequences.save(client, { ...sequence, status: move.to });
      return (await this.recipients.select(client, tenantId, id, move.recipients)).map((enrollmentId) => ({
        tenantId,
        enrollmentId,
        react: (state: EnrollmentState, ctx: PlanningContext) =>
          isSelected(state, move.recipients) ? move.transition(state, ctx) : null,
      }));
    });
    this.platform.nudgeOutbox();
    return changed as Sequence;
  }
}
