import { Inject, Injectable, Optional } from '@nestjs/common';
import { Topics } from '@stepwise/contracts';
import { SERVICE_CONFIG } from '@stepwise/platform';
import {
  type ChannelSender,
  explainTemplateProblems,
  IdentityHealthRecorder,
  type Preparation,
  type ProviderAcceptance,
  ProviderError,
  renderTemplate,
  type StepDueFor,
} from '@stepwise/channel-kit';
import {
  INVITATION_NOTE_LIMIT,
  MESSAGE_TEXT_LIMIT,
  messageTooLongFailure,
  noteTooLongFailure,
  notConnectedFailure,
  SOCIAL_PROVIDER,
  type SocialProvider,
} from './social-provider';
import type { SocialConfig } from '../config';

export type SocialStepDue = StepDueFor<'social'>;

/** The sender identity and its tenant: a refused login pauses its recipients (identity.health). */
interface RequestSender {
  sender?: { identityId: string; tenantId: string };
}

export type SocialRequest =
  | ({ kind: 'invitation'; accountId: string; profileUrl: string; note?: string } & RequestSender)
  | ({
      kind: 'message';
      accountId: string;
      profileUrl: string;
      text: string;
      waitForConnection: boolean;
      /** How long the message may wait to connect, from its first wait. */
      waitMs: number;
    } & RequestSender);

const DAY_MS = 24 * 3_600_000;

/** Prepares LinkedIn connection requests and messages and sends them through the provider. */
@Injectable()
export class SocialSender implements ChannelSender<SocialStepDue, SocialRequest> {
  readonly channel = 'social' as const;
  readonly outcomesTopic = Topics.socialOutcomes;

  private readonly defaultWaitMs: number;

  constructor(
    @Inject(SOCIAL_PROVIDER) private readonly provider: SocialProvider,
    @Inject(SERVICE_CONFIG) config: Pick<SocialConfig, 'SOCIAL_CONNECTION_WAIT_MS'>,
    @Optional() private readonly identityHealth?: IdentityHealthRecorder,
  ) {
    this.defaultWaitMs = config.SOCIAL_CONNECTION_WAIT_MS;
  }

  prepare(due: SocialStepDue): Preparation<SocialRequest> {
    const { delivery } = due.payload;
    const rendered = renderTemplate(delivery.body, delivery.variables);
    if (!rendered.ok) return { ok: false, failure: { type: 'content', ...explainTemplateProblems(rendered.problems) } };
    const target = {
      accountId: delivery.sender.address,
      profileUrl: delivery.to,
      sender: { identityId: delivery.sender.identityId, tenantId: due.tenantId },
    };
    const text = rendered.text.trim();

    if (delivery.stepType === 'linkedin_connection_request') {
      // Checked here rather than left to the provider: a call that cannot succeed is not made.
      if (text.length > INVITATION_NOTE_LIMIT) return { ok: false, failure: noteTooLongFailure(text.length) };
      // A connection request without a note is normal on LinkedIn.
      return { ok: true, request: { kind: 'invitation', ...target, note: text === '' ? undefined : text } };
    }
    if (text === '') {
      return {
        ok: false,
        failure: {
          type: 'content',
          message: 'The LinkedIn message is empty.',
          suggestedFix: 'Write a text for the LinkedIn message step, then retry.',
        },
      };
    }
    if (text.length > MESSAGE_TEXT_LIMIT) return { ok: false, failure: messageTooLongFailure(text.length) };
    // Waiting is the default: a message step usually follows a connection request that is still pending.
    const waitForConnection = delivery.waitForConnection ?? true;
    const waitMs = delivery.waitForConnectionDays ? delivery.waitForConnectionDays * DAY_MS : this.defaultWaitMs;
    return { ok: true, request: { kind: 'message', ...target, text, waitForConnection, waitMs } };
  }

  async send(request: SocialRequest): Promise<ProviderAcceptance> {
    if (request.kind === 'invitation') {
      const { kind: _kind, sender, ...invitation } = request;
      const id = await this.observingLogin(sender, () => this.provider.sendInvitation(invitation));
      return { outcome: 'invited', providerMessageId: id };
    }
    const { kind: _kind, waitForConnection, waitMs, sender, ...message } = request;
    const result = await this.observingLogin(sender, () => this.provider.sendMessage(message));
    if (result.sent) return { outcome: 'sent', providerMessageId: result.messageId };
    if (waitForConnection) return { outcome: 'waiting', cause: notConnectedFailure(), waitMs };
    throw ProviderError.rejected(notConnectedFailure());
  }

  /** A provider call whose answer says whether the identity's login works (identity.health). */
  private async observingLogin<T>(sender: RequestSender['sender'], call: () => Promise<T>): Promise<T> {
    let result: T;
    try {
      result = await call();
    } catch (error) {
      const failure = error instanceof ProviderError ? error.failure : undefined;
      if (sender && failure?.type === 'auth') {
        await this.identityHealth?.observe('social', { ...sender, accepted: false, reason: failure.message });
      }
      throw error;
    }
    if (sender) await this.identityHealth?.observe('social', { ...sender, accepted: true });
    return result;
  }
}
