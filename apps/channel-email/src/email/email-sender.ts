import { Injectable } from '@nestjs/common';
import type { PoolClient } from 'pg';
import { Topics } from '@stepwise/contracts';
import {
  explainTemplateProblems,
  ProviderError,
  type ChannelSender,
  type ClaimColumns,
  type Preparation,
  type ProviderAcceptance,
  type ProviderProfile,
  type SettledAttempt,
  type StepDueFor,
} from '@stepwise/channel-kit';
import type { OutboxMessage } from '@stepwise/outbox';
import { IdentityHealthRepository } from '../identity-health/identity-health.repository';
import { identityHealthMessage, loginObservations, type LoginEvidence } from '../identity-health/login-observations';
import { trackContent } from '../tracking/tracked-content';
import { TrackingTokens } from '../tracking/tracking-token';
import { listUnsubscribeHeaders, TrackingUrls } from '../tracking/tracking-urls';
import { EmailMetrics } from './email-metrics';
import { EmailSendRepository, type RecordedEmail } from './email-send.repository';
import { threadReply } from './email-thread';
import { domainOf, messageIdFor } from './message-id';
import type { OutgoingEmail } from './smtp/identity-transport';
import { SmtpSender } from './smtp/smtp-sender';
import { renderEmail } from './template-renderer';

/** How crash-recovery failures name where to look: the outcome's providerMessageId is the Message-ID. */
export const EMAIL_PROFILE: ProviderProfile = {
  name: "the sender's mail server",
  whereToCheck: "the sender's Sent folder for this step's Message-ID (the outcome's provider message id)",
};

export type EmailStepDue = StepDueFor<'email'>;

/** One email ready for its identity's SMTP server. */
export interface EmailRequest {
  identityId: string;
  email: OutgoingEmail;
}

/** Each enrollment's latest sent email, for the chunk's same-thread steps. */
type PreviousEmails = Map<string, RecordedEmail>;

// Personal one-to-one emails carry no list headers: they are not list mail.
const LIST_MAIL_STEP_TYPES: ReadonlySet<string> = new Set(['automated_email', 'marketing_email']);

/**
 * Email on the channel kit's send path: renders each step (a same-thread step answers the
 * enrollment's previous email), names it before the claim (its Message-ID, return token and
 * subject go on the claim row, where inbound mail, tracking and threading find the attempt), and
 * sends it through the identity's own SMTP server. The SmtpSender bounds, breaks and retries per
 * identity, so the module runs this sender with the kit's guard off ('sender').
 */
@Injectable()
export class EmailSender implements ChannelSender<EmailStepDue, EmailRequest, PreviousEmails> {
  readonly channel = 'email' as const;
  readonly outcomesTopic = Topics.emailOutcomes;

  readonly claimColumns: ClaimColumns<EmailStepDue, EmailRequest> = {
    names: ['provider_message_id', 'return_token', 'subject'],
    values: (due, preparation) => {
      const messageId = this.messageIdOf(due);
      return [messageId, this.tokens.returnToken(messageId), preparation.ok ? preparation.request.email.subject : null];
    },
  };

  /**
   * What each send showed about its identity's login, read back in the settle transaction: the
   * kit hands the same request object to send and to afterSettle.
   */
  private readonly loginAccepted = new WeakMap<EmailRequest, boolean>();

  constructor(
    private readonly sends: EmailSendRepository,
    private readonly identityHealth: IdentityHealthRepository,
    private readonly tokens: TrackingTokens,
    private readonly trackingUrls: TrackingUrls,
    private readonly smtp: SmtpSender,
    private readonly metrics: EmailMetrics,
  ) {}

  lookup(dues: readonly EmailStepDue[]): Promise<PreviousEmails> {
    return this.sends.latestSent(
      dues.filter((due) => due.payload.delivery.sameThreadAsPrevious).map((due) => due.payload.step.enrollmentId),
    );
  }

  prepare(due: EmailStepDue, previous: PreviousEmails): Preparation<EmailRequest> {
    const { step, delivery } = due.payload;
    const rendered = renderEmail({ subject: delivery.subject, body: delivery.body }, delivery.variables);
    if (!rendered.ok) {
      return { ok: false, failure: { type: 'content', ...explainTemplateProblems(rendered.problems) } };
    }
    const earlier = delivery.sameThreadAsPrevious ? previous.get(step.enrollmentId) : undefined;
    const thread = earlier ? threadReply(earlier, rendered.email.subject) : undefined;
    const messageId = this.messageIdOf(due);
    const urls = this.trackingUrls.forAttempt(step, due.tenantId);
    // As it leaves: tracked links and pixel, list headers, VERP return path, thread headers.
    const email: OutgoingEmail = {
      from: { address: delivery.sender.address, name: delivery.sender.displayName },
      to: delivery.to,
      subject: thread?.subject ?? rendered.email.subject,
      ...trackContent(rendered.email.body, urls, delivery.openTracking !== false),
      messageId,
      returnPath: `bounces+${this.tokens.returnToken(messageId)}@${domainOf(delivery.sender.address)}`,
      ...(thread ? { inReplyTo: thread.inReplyTo, references: thread.references } : {}),
      ...(LIST_MAIL_STEP_TYPES.has(delivery.stepType) ? { headers: listUnsubscribeHeaders(urls.unsubscribe()) } : {}),
    };
    return { ok: true, request: { identityId: delivery.sender.identityId, email } };
  }

  async send(request: EmailRequest): Promise<ProviderAcceptance> {
    const done = this.metrics.startSend();
    const result = await this.smtp.send(request.identityId, request.email);
    done(result.ok);
    if (result.ok) {
      this.loginAccepted.set(request, true);
      // The next hop's 250 is all the delivery SMTP reports: one fact, one message.
      return { outcome: 'sent', providerMessageId: request.email.messageId, delivered: true };
    }
    const { retryable: _retryable, loginRefused, ...failure } = result.failure;
    if (loginRefused) this.loginAccepted.set(request, false);
    // Classified and retried by the SmtpSender already: the kit's guard only reports it.
    throw ProviderError.rejected(failure);
  }

  /** Identity health in the settle transaction: a refused login pauses the identity's recipients. */
  async afterSettle(client: PoolClient, settled: readonly SettledAttempt<EmailRequest>[]): Promise<OutboxMessage[]> {
    const evidence = settled.flatMap(({ request, tenantId }): LoginEvidence[] => {
      if (!request) return [];
      return [{ identityId: request.identityId, tenantId, loginAccepted: this.loginAccepted.get(request) ?? null }];
    });
    const changes = await this.identityHealth.transition(client, loginObservations(evidence));
    const now = new Date();
    return changes.map((change) => identityHealthMessage(change, now));
  }

  private messageIdOf(due: EmailStepDue): string {
    return messageIdFor(due.payload.step, due.payload.delivery.sender.address);
  }
}
