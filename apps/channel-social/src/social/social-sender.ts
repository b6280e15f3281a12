import { Inject, Injectable } from '@nestjs/common';
import { Topics } from '@stepwise/contracts';
import {
  explainTemplateProblems,
  renderTemplate,
  type ChannelSender,
  type Preparation,
  type ProviderAcceptance,
  type StepDueFor,
} from '@stepwise/channel-kit';
import { INVITATION_NOTE_LIMIT, noteTooLongFailure, SOCIAL_PROVIDER, type SocialProvider } from './social-provider';

export type SocialStepDue = StepDueFor<'social'>;

export type SocialRequest =
  | { kind: 'invitation'; accountId: string; profileUrl: string; note?: string }
  | { kind: 'message'; accountId: string; profileUrl: string; text: string };

/** Prepares LinkedIn connection requests and messages and sends them through the provider. */
@Injectable()
export class SocialSender implements ChannelSender<SocialStepDue, SocialRequest> {
  readonly channel = 'social' as const;
  readonly outcomesTopic = Topics.socialOutcomes;

  constructor(@Inject(SOCIAL_PROVIDER) private readonly provider: SocialProvider) {}

  prepare(due: SocialStepDue): Preparation<SocialRequest> {
    const { delivery } = due.payload;
    const rendered = renderTemplate(delivery.body, delivery.variables);
    if (!rendered.ok) return { ok: false, failure: { type: 'content', ...explainTemplateProblems(rendered.problems) } };
    const target = { accountId: delivery.sender.address, profileUrl: delivery.to };
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
    return { ok: true, request: { kind: 'message', ...target, text } };
  }

  async send(request: SocialRequest): Promise<ProviderAcceptance> {
    if (request.kind === 'invitation') {
      const { kind: _kind, ...invitation } = request;
      return { outcome: 'invited', providerMessageId: await this.provider.sendInvitation(invitation) };
    }
    const { kind: _kind, ...message } = request;
    return { outcome: 'sent', providerMessageId: await this.provider.sendMessage(message) };
  }
}
