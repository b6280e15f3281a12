import { Inject, Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import type { Logger } from 'pino';
import { inTransaction } from '@stepwise/database';
import { appendToOutbox, type OutboxMessage } from '@stepwise/outbox';
import { LOGGER, PG_POOL, PlatformLifecycle, SERVICE_CONFIG } from '@stepwise/platform';
import type { ChannelEmailConfig } from '../config';
import { attemptKey } from './attempt-key';
import { EmailMetrics } from './email-metrics';
import { EmailSendRepository, type ClaimRequest, type Settlement } from './email-send.repository';
import type { EmailStepDue } from './email-step-due';
import { mapBounded } from './bounded-map';
import { messageIdFor } from './message-id';
import { acceptedOutcomes, failedOutcome, type OutcomeError } from './outcome-messages';
import { SmtpSender } from './smtp/smtp-sender';
import { unknownDeliveryState } from './smtp/smtp-failure';
import { explainProblems, renderEmail, type RenderedEmail, type RenderResult } from './template-renderer';
import { UnrecordedSettlements } from './unrecorded-settlements';

/** One step attempt of the batch, ready to claim and send. */
interface PreparedAttempt {
  key: string;
  command: EmailStepDue;
  claim: ClaimRequest;
  rendered: RenderResult;
}

interface Sendable {
  attempt: PreparedAttempt;
  email: RenderedEmail;
}

/**
 * Sends a batch of email step-due commands, each attempt at most once:
 * 1. claim every attempt in one statement; an attempt seen before is not sent again;
 * 2. send the claimed ones that rendered, a bounded number at a time;
 * 3. in one transaction, settle the rows and append their outcomes to the outbox.
 * A crash between 1 and 3 leaves rows 'sending': the redelivered command reports them as of unknown
 * fate rather than risk a second email.
 */
@Injectable()
export class SendEmailStep {
  private readonly unrecorded = new UnrecordedSettlements();
  private readonly concurrency: number;

  constructor(
    private readonly repository: EmailSendRepository,
    private readonly sender: SmtpSender,
    private readonly metrics: EmailMetrics,
    private readonly platform: PlatformLifecycle,
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(SERVICE_CONFIG) config: ChannelEmailConfig,
  ) {
    this.concurrency = config.SMTP_SEND_CONCURRENCY;
  }

  async execute(commands: readonly EmailStepDue[]): Promise<void> {
    const attempts = distinctAttempts(commands).map(prepare);
    if (attempts.length === 0) return;
    const states = await this.repository.claim(attempts.map((attempt) => attempt.claim));
    const toSend: Sendable[] = [];
    const settlements: Settlement[] = [];
    let duplicates = 0;
    for (const attempt of attempts) {
      const state = states.get(attempt.key);
      if (state === 'claimed') {
        if (attempt.rendered.ok) toSend.push({ attempt, email: attempt.rendered.email });
        else settlements.push(settlement(attempt, { status: 'failed', error: templateError(attempt.rendered) }));
      } else if (state === 'sending') {
        settlements.push(this.recover(attempt));
      } else if (state === 'settled' || state === 'in_flight') {
        // Its outcomes were (or are being) published by whoever settled it.
        duplicates++;
      } else {
        throw new Error(
          `claim returned no row for step attempt ${attempt.claim.step.enrollmentId}/${attempt.claim.step.stepId}`,
        );
      }
    }
    const sent = await mapBounded(toSend, this.concurrency, (sendable) => this.send(sendable));
    this.unrecorded.remember(sent);
    await this.record([...settlements, ...sent]);
    this.metrics.recordDuplicates(duplicates);
  }

  private async send({ attempt, email }: Sendable): Promise<Settlement> {
    const { delivery } = attempt.command.payload;
    const done = this.metrics.startSend();
    const result = await this.sender.send(delivery.sender.identityId, {
      from: { address: delivery.sender.address, name: delivery.sender.displayName },
      to: delivery.to,
      subject: email.subject,
      text: email.body,
      messageId: attempt.claim.messageId,
    });
    done(result.ok);
    if (result.ok) return settlement(attempt, { status: 'sent' });
    const { type, message, suggestedFix } = result.failure;
    return settlement(attempt, { status: 'failed', error: { type, message, suggestedFix } });
  }

  /**
   * A row left 'sending' by an earlier delivery of this command. If this process sent it and only
   * failed to record it, it knows the result. A template that does not render was never sent.
   * Otherwise the process that sent it died mid-send: nobody knows whether the email left.
   */
  private recover(attempt: PreparedAttempt): Settlement {
    const known = this.unrecorded.find(attempt.key);
    if (known) return known;
    if (!attempt.rendered.ok) return settlement(attempt, { status: 'failed', error: templateError(attempt.rendered) });
    const error = unknownDeliveryState(attempt.claim.messageId, 'The service stopped while this email was being sent.');
    return settlement(attempt, { status: 'failed', error });
  }

  private async record(settlements: readonly Settlement[]): Promise<void> {
    if (settlements.length === 0) return;
    const recorded = await inTransaction(this.pool, async (client) => {
      const moved = await this.repository.settle(client, settlements);
      const mine = settlements.filter((s) => moved.has(attemptKey(s.step)));
      const now = new Date();
      await appendToOutbox(
        client,
        mine.flatMap((s) => outcomesOf(s, now)),
      );
      return mine;
    });
    this.platform.nudgeOutbox();
    this.unrecorded.forget(settlements);
    this.metrics.recordSettled(recorded);
    this.logFailures(recorded);
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
    const key = attemptKey(command.payload.step);
    if (!byKey.has(key)) byKey.set(key, command);
  }
  return [...byKey.values()];
}

function prepare(command: EmailStepDue): PreparedAttempt {
  const { step, delivery } = command.payload;
  return {
    key: attemptKey(step),
    command,
    claim: {
      step,
      tenantId: command.tenantId,
      identityId: delivery.sender.identityId,
      messageId: messageIdFor(step, delivery.sender.address),
    },
    rendered: renderEmail({ subject: delivery.subject, body: delivery.body }, delivery.variables),
  };
}

function settlement(attempt: PreparedAttempt, result: Settlement['result']): Settlement {
  const { step, tenantId, messageId } = attempt.claim;
  return { step, tenantId, messageId, result };
}

function templateError(rendered: Extract<RenderResult, { ok: false }>): OutcomeError {
  return { type: 'content', ...explainProblems(rendered.problems) };
}

function outcomesOf(settlement: Settlement, occurredAt: Date): OutboxMessage[] {
  const context = { tenantId: settlement.tenantId, step: settlement.step, providerMessageId: settlement.messageId };
  return settlement.result.status === 'sent'
    ? acceptedOutcomes(context, occurredAt)
    : [failedOutcome(context, settlement.result.error, occurredAt)];
}
