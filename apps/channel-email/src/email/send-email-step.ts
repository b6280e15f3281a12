import { Inject, Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import type { Logger } from 'pino';
import {
  appendSkipNotices,
  DEFAULT_SETTLE_RETRY,
  explainTemplateProblems,
  HaltedEnrollmentScreen,
  recordWithRetry,
  stepKey,
  type SkippedStep,
} from '@stepwise/channel-kit';
import { inTransaction } from '@stepwise/database';
import { appendToOutbox, type OutboxMessage } from '@stepwise/outbox';
import { LOGGER, PG_POOL, PlatformLifecycle, SERVICE_CONFIG } from '@stepwise/platform';
import type { ChannelEmailConfig } from '../config';
import { EmailMetrics } from './email-metrics';
import { IdentityHealthRepository } from '../identity-health/identity-health.repository';
import { identityHealthMessage, loginObservations } from '../identity-health/login-observations';
import { trackContent } from '../tracking/tracked-content';
import { TrackingTokens } from '../tracking/tracking-token';
import { listUnsubscribeHeaders, TrackingUrls } from '../tracking/tracking-urls';
import { EmailSendRepository, type ClaimRequest, type RecordedEmail, type Settlement } from './email-send.repository';
import type { EmailStepDue } from './email-step-due';
import { threadReply, type ThreadReply } from './email-thread';
import { domainOf, messageIdFor } from './message-id';
import { acceptedOutcomes, failedOutcome, type OutcomeError } from './outcome-messages';
import type { OutgoingEmail } from './smtp/identity-transport';
import { SmtpSender } from './smtp/smtp-sender';
import { renderEmail, type RenderedEmail, type RenderResult } from './template-renderer';

/** One step attempt of the batch, ready to claim and send. */
interface PreparedAttempt {
  key: string;
  command: EmailStepDue;
  claim: ClaimRequest;
  rendered: RenderResult;
  /** Set when the email answers the enrollment's previous one. */
  thread?: ThreadReply;
}

interface Sendable {
  attempt: PreparedAttempt;
  email: OutgoingEmail;
}

/** A chunk holds a few SMTP round trips per concurrent send: claim-to-settle stays seconds long. */
const SENDS_PER_SLOT_PER_CHUNK = 8;

// Personal one-to-one emails carry no list headers: they are not list mail.
const LIST_MAIL_STEP_TYPES: ReadonlySet<string> = new Set(['automated_email', 'marketing_email']);

/**
 * Sends a batch of email step-due commands, each attempt at most once:
 * 0. screen out steps of enrollments that halted after the step was fired (announced as
 *    step.skipped, never claimed: a paused recipient's step goes out once resumed), and render each
 *    email (a same-thread step answers the enrollment's previous email, looked up for
 *    the whole batch in one statement);
 * 1. claim every attempt of a chunk in one statement; an attempt seen before is not sent again;
 * 2. send the claimed ones that rendered, a bounded number at a time;
 * 3. in one transaction, settle the rows and append their outcomes to the outbox (retried: the
 *    emails went out, their results must not be lost to a database blip).
 * A crash between 1 and 3 leaves rows 'sending': the channel kit's StaleSendSweeper reports them as
 * of unknown fate once their lease ran out, as for every channel, rather than risk a second email.
 * Chunks keep claim-to-settle well under that lease, whatever the batch size.
 */
@Injectable()
export class SendEmailStep {
  private readonly concurrency: number;

  constructor(
    private readonly repository: EmailSendRepository,
    private readonly identityHealth: IdentityHealthRepository,
    private readonly tokens: TrackingTokens,
    private readonly trackingUrls: TrackingUrls,
    private readonly sender: SmtpSender,
    private readonly metrics: EmailMetrics,
    private readonly screen: HaltedEnrollmentScreen,
    private readonly platform: PlatformLifecycle,
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(SERVICE_CONFIG) config: ChannelEmailConfig,
  ) {
    this.concurrency = config.SMTP_SEND_CONCURRENCY;
  }

  async execute(commands: readonly EmailStepDue[]): Promise<void> {
    const distinct = distinctAttempts(commands);
    const chunkSize = this.concurrency * SENDS_PER_SLOT_PER_CHUNK;
    for (let start = 0; start < distinct.length; start += chunkSize) {
      await this.sendChunk(distinct.slice(start, start + chunkSize));
    }
  }

  private async sendChunk(chunk: EmailStepDue[]): Promise<void> {
    const { sendable: distinct, skipped } = await this.screen.screen(chunk);
    if (skipped.length > 0) await this.recordSkipped(skipped);
    if (distinct.length === 0) return;
    const previous = await this.repository.latestSent(
      distinct.filter((c) => c.payload.delivery.sameThreadAsPrevious).map((c) => c.payload.step.enrollmentId),
    );
    const attempts = distinct.map((command) => this.prepare(command, previous.get(command.payload.step.enrollmentId)));
    const states = await this.repository.claim(attempts.map((attempt) => attempt.claim));
    const toSend: Sendable[] = [];
    const settlements: Settlement[] = [];
    let duplicates = 0;
    for (const attempt of attempts) {
      const state = states.get(attempt.key);
      if (state === 'claimed') {
        if (attempt.rendered.ok) toSend.push({ attempt, email: this.outgoing(attempt, attempt.rendered.email) });
        else settlements.push(settlement(attempt, { status: 'failed', error: templateError(attempt.rendered) }));
      } else if (state === 'sending' || state === 'settled' || state === 'in_flight') {
        // Settled, being sent by another instance, or abandoned by a dead one (the sweeper's).
        duplicates++;
      } else {
        throw new Error(
          `claim returned no row for step attempt ${attempt.claim.step.enrollmentId}/${attempt.claim.step.stepId}`,
        );
      }
    }
    // The sender bounds sends in flight itself, per identity and then across identities: started
    // here all at once, a dead server's sends queue behind its own slots, not in front of others'.
    const sent = await Promise.all(toSend.map((sendable) => this.send(sendable)));
    await this.record([...settlements, ...sent]);
    this.metrics.recordDuplicates(duplicates);
  }

  private async recordSkipped(skipped: SkippedStep[]): Promise<void> {
    await inTransaction(this.pool, (client) => appendSkipNotices(client, 'email', skipped));
    this.platform.nudgeOutbox();
    this.logger.info({ skipped: skipped.length }, 'email steps of halted enrollments not sent');
  }

  private prepare(command: EmailStepDue, previous: RecordedEmail | undefined): PreparedAttempt {
    const { step, delivery } = command.payload;
    const messageId = messageIdFor(step, delivery.sender.address);
    let rendered = renderEmail({ subject: delivery.subject, body: delivery.body }, delivery.variables);
    let thread: ThreadReply | undefined;
    if (rendered.ok && delivery.sameThreadAsPrevious && previous) {
      const reply = threadReply(previous, rendered.email.subject);
      rendered = { ok: true, email: { ...rendered.email, subject: reply.subject } };
      thread = reply;
    }
    return {
      key: stepKey(step),
      command,
      claim: {
        step,
        tenantId: command.tenantId,
        identityId: delivery.sender.identityId,
        messageId,
        returnToken: this.tokens.returnToken(messageId),
        subject: rendered.ok ? rendered.email.subject : null,
        recipient: delivery.to,
      },
      rendered,
      thread,
    };
  }

  /** The email as it leaves: tracked links and pixel, list headers, VERP return path, thread headers. */
  private outgoing(attempt: PreparedAttempt, email: RenderedEmail): OutgoingEmail {
    const { delivery } = attempt.command.payload;
    const { step, tenantId, messageId, returnToken } = attempt.claim;
    const { thread } = attempt;
    const urls = this.trackingUrls.forAttempt(step, tenantId);
    return {
      from: { address: delivery.sender.address, name: delivery.sender.displayName },
      to: delivery.to,
      subject: email.subject,
      ...trackContent(email.body, urls, delivery.openTracking !== false),
      messageId,
      returnPath: `bounces+${returnToken}@${domainOf(delivery.sender.address)}`,
      ...(thread ? { inReplyTo: thread.inReplyTo, references: thread.references } : {}),
      ...(LIST_MAIL_STEP_TYPES.has(delivery.stepType) ? { headers: listUnsubscribeHeaders(urls.unsubscribe()) } : {}),
    };
  }

  private async send({ attempt, email }: Sendable): Promise<Settlement> {
    const done = this.metrics.startSend();
    const result = await this.sender.send(attempt.claim.identityId, email);
    done(result.ok);
    if (result.ok) return settlement(attempt, { status: 'sent' });
    const { type, message, suggestedFix, loginRefused } = result.failure;
    return settlement(attempt, {
      status: 'failed',
      error: { type, message, suggestedFix },
      ...(loginRefused ? { loginRefused } : {}),
    });
  }

  private async record(settlements: readonly Settlement[]): Promise<void> {
    if (settlements.length === 0) return;
    const recorded = await recordWithRetry(() => this.settle(settlements), DEFAULT_SETTLE_RETRY, this.logger);
    this.platform.nudgeOutbox();
    this.metrics.recordSettled(recorded);
    this.logFailures(recorded);
  }

  /** Rows, identity health and outcomes in one transaction; a row the sweeper settled first stays its. */
  private settle(settlements: readonly Settlement[]): Promise<Settlement[]> {
    return inTransaction(this.pool, async (client) => {
      const moved = await this.repository.settle(client, settlements);
      const mine = settlements.filter((s) => moved.has(stepKey(s.step)));
      const now = new Date();
      const healthChanges = await this.identityHealth.transition(client, loginObservations(mine.map(loginEvidence)));
      await appendToOutbox(client, [
        ...mine.flatMap((s) => outcomesOf(s, now)),
        ...healthChanges.map((change) => identityHealthMessage(change, now)),
      ]);
      return mine;
    });
  }

  /** Ids and the error type only: error messages can quote the server, which can quote the address. */
  private logFailures(settlements: readonly Settlement[]): void {
    for (const { step, result } of settlements) {
      if (result.status !== 'failed') continue;
      this.logger.warn(
        { enrollmentId: step.enrollmentId, stepId: step.stepId, attempt: step.attempt, errorType: result.error.type },
        'email step attempt failed',
      );
    }
  }
}

/** The same attempt twice in one batch (a redelivery landing next to the original) is handled once. */
function distinctAttempts(commands: readonly EmailStepDue[]): EmailStepDue[] {
  const byKey = new Map<string, EmailStepDue>();
  for (const command of commands) {
    const key = stepKey(command.payload.step);
    if (!byKey.has(key)) byKey.set(key, command);
  }
  return [...byKey.values()];
}

function settlement(attempt: PreparedAttempt, result: Settlement['result']): Settlement {
  const { step, tenantId, identityId, messageId } = attempt.claim;
  return { step, tenantId, identityId, messageId, result };
}

/** A sent email proves the login works; a refused login proves it does not; other failures say nothing. */
function loginEvidence(settlement: Settlement) {
  const { result } = settlement;
  const loginAccepted = result.status === 'sent' ? true : result.loginRefused ? false : null;
  return { identityId: settlement.identityId, tenantId: settlement.tenantId, loginAccepted };
}

function templateError(rendered: Extract<RenderResult, { ok: false }>): OutcomeError {
  return { type: 'content', ...explainTemplateProblems(rendered.problems) };
}

function outcomesOf(settlement: Settlement, occurredAt: Date): OutboxMessage[] {
  const context = { tenantId: settlement.tenantId, step: settlement.step, providerMessageId: settlement.messageId };
  return settlement.result.status === 'sent'
    ? acceptedOutcomes(context, occurredAt)
    : [failedOutcome(context, settlement.result.error, occurredAt)];
}
