import { Kafka, logLevel, type Consumer, type Producer } from 'kafkajs';
import { waitFor } from '../wait-for';
import {
  createEnvelope,
  replyReceivedSchema,
  Topics,
  type EnrollmentTransitioned,
  type RecipientStatus,
  type StepDue,
  type StepOutcome,
} from '@stepwise/contracts';

const PROGRESS_EVERY_MS = 5_000;
/** The statuses that end a run; the step the recipient was at when it ended no longer queues it. */
const HALTING = new Set<RecipientStatus>(['stopped', 'replied', 'bounced', 'unsubscribed', 'completed', 'not_sent']);

type AttemptKey = string;
/** The messages the observer reads; other enrollment events pass by unread. */
type Observed = StepDue | StepOutcome | EnrollmentTransitioned | { type: 'other' };
const attemptKey = (step: StepDue['payload']['step']): AttemptKey =>
  `${step.enrollmentId}/${step.stepId}/${step.attempt}`;

/**
 * Watches a running system from the outside, on its own topics: when each step attempt was due
 * (step.due) and when its channel reported it sent (step.outcome), and answers the first email of
 * chosen recipients with a reply on the public replies topic, as an inbox-sync service would.
 */
export class StepObserver {
  private readonly consumer: Consumer;
  private readonly producer: Producer;
  private readonly dueAt = new Map<AttemptKey, number>();
  private readonly sentAt = new Map<AttemptKey, { stepId: string; at: number }>();
  /** `stepId/enrollmentId` of every recipient queued for a step (an enrollment.transitioned's reachedStep). */
  private readonly reached = new Set<string>();
  /** `stepId/enrollmentId` of every recipient whose run ended while it was at that step. */
  private readonly halted = new Set<string>();
  private replyWhen: { stepId: string; predicate: (enrollmentId: string) => boolean } | null = null;
  private running = false;
  repliesPublished = 0;
  duplicateSentOutcomes = 0;
  lastSentAt = 0;

  constructor(
    private readonly prefix: string,
    private readonly tenantId: string,
    brokers: string[] = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(','),
  ) {
    const kafka = new Kafka({ clientId: 'step-observer', brokers, logLevel: logLevel.NOTHING });
    // Rides out a broker restart (the chaos test's) instead of giving up after kafkajs's default retries.
    const retry = { retries: 50, maxRetryTime: 5_000 };
    this.consumer = kafka.consumer({ groupId: `${prefix}observer`, maxWaitTimeInMs: 100, retry });
    this.producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, retry });
  }

  get sentCount(): number {
    return this.sentAt.size;
  }

  async start(): Promise<void> {
    await Promise.all([this.consumer.connect(), this.producer.connect()]);
    this.running = true;
    const topics = [
      Topics.emailStepDue,
      Topics.smsStepDue,
      Topics.emailOutcomes,
      Topics.smsOutcomes,
      Topics.enrollmentEvents,
    ];
    // A broker that just created the topics may not host their partitions yet.
    await waitFor(
      'the observed topics to be hosted',
      async () => {
        await this.consumer.subscribe({ topics: topics.map((t) => this.prefix + t), fromBeginning: true });
        return true;
      },
      { timeoutMs: 30_000, intervalMs: 500 },
    );
    await this.consumer.run({
      eachBatch: async ({ batch }) => {
        const replies: { key: string; value: string }[] = [];
        for (const message of batch.messages) {
          if (message.value) this.observe(JSON.parse(message.value.toString()) as Observed, replies);
        }
        if (replies.length > 0) {
          await this.producer.send({ topic: this.prefix + Topics.publicReplies, acks: -1, messages: replies });
          this.repliesPublished += replies.length;
        }
      },
    });
  }

  /** From now on, a recipient for whom `predicate` holds replies as soon as step `stepId` is sent to them. */
  replyWhenSent(stepId: string, predicate: (enrollmentId: string) => boolean): void {
    this.replyWhen = { stepId, predicate };
  }

  /** How late each sent attempt of a step was, against its due time, in ms. */
  latenessOf(stepId: string): number[] {
    return this.lateness((sent) => sent.stepId === stepId);
  }

  /** Lateness of the attempts that came due between `from` and `to` (epoch ms): what a fault did to them. */
  latenessOfDueBetween(from: number, to: number): number[] {
    return this.lateness((_sent, due) => due >= from && due <= to);
  }

  private lateness(include: (sent: { stepId: string; at: number }, due: number) => boolean): number[] {
    const lateness: number[] = [];
    for (const [key, sent] of this.sentAt) {
      const due = this.dueAt.get(key);
      if (due !== undefined && include(sent, due)) lateness.push(sent.at - due);
    }
    return lateness;
  }

  /** Resolves once `expected` attempts were sent, or when nothing moved for `stallMs` (the report then shows what was lost). */
  async waitForSteps(expected: number, stallMs: number, log: (line: string) => void): Promise<void> {
    let lastCount = -1;
    let lastMove = Date.now();
    while (this.sentCount < expected) {
      await new Promise((resolve) => setTimeout(resolve, PROGRESS_EVERY_MS));
      if (this.sentCount !== lastCount) [lastCount, lastMove] = [this.sentCount, Date.now()];
      log(
        `sent ${this.sentCount.toLocaleString()} / ${expected.toLocaleString()} steps ` +
          `(${this.perStep()}); ${this.repliesPublished.toLocaleString()} replies published`,
      );
      if (Date.now() - lastMove > stallMs) {
        log(`no step sent for ${stallMs / 1000} s: stopping the wait`);
        return;
      }
    }
  }

  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    await Promise.all([this.consumer.disconnect(), this.producer.disconnect()]);
  }

  private perStep(): string {
    const counts = new Map<string, number>();
    for (const { stepId } of this.sentAt.values()) counts.set(stepId, (counts.get(stepId) ?? 0) + 1);
    return [...counts].map(([stepId, n]) => `${stepId} ${n.toLocaleString()}`).join(', ');
  }

  /**
   * Recipients still queued for a step or sent it: who the snapshot's Recipients Attempted counts
   * (seed 000: executed or attempted, or currently in the queue). A recipient who replies while
   * queued for the next step leaves that queue and is not counted there; whether a reply comes
   * before or after the next step is reached depends on timing (a killed channel delays replies),
   * so this is read from the topics rather than from the workload.
   */
  queuedOrSent(stepId: string): number {
    const recipients = new Set<string>();
    for (const key of this.reached) {
      if (key.startsWith(`${stepId}/`) && !this.halted.has(key)) recipients.add(key);
    }
    for (const [key, sent] of this.sentAt) {
      if (sent.stepId === stepId) recipients.add(`${stepId}/${key.split('/')[0]}`);
    }
    return recipients.size;
  }

  private observe(envelope: Observed, replies: { key: string; value: string }[]): void {
    if (envelope.type === 'enrollment.transitioned') {
      const { enrollmentId, reachedStep, status } = envelope.payload;
      if (reachedStep) this.reached.add(`${reachedStep.stepId}/${enrollmentId}`);
      if (status?.stepId && HALTING.has(status.to)) this.halted.add(`${status.stepId}/${enrollmentId}`);
      return;
    }
    if (envelope.type === 'step.due') {
      this.dueAt.set(attemptKey(envelope.payload.step), Date.parse(envelope.payload.dueAt));
      return;
    }
    if (envelope.type !== 'step.outcome' || envelope.payload.outcome !== 'sent') return;
    const { step } = envelope.payload;
    const key = attemptKey(step);
    if (this.sentAt.has(key)) {
      this.duplicateSentOutcomes += 1;
      return;
    }
    const at = Date.parse(envelope.occurredAt);
    this.sentAt.set(key, { stepId: step.stepId, at });
    this.lastSentAt = Math.max(this.lastSentAt, at);
    if (this.replyWhen?.stepId === step.stepId && this.replyWhen.predicate(step.enrollmentId)) {
      replies.push({ key: step.enrollmentId, value: JSON.stringify(this.replyTo(step.enrollmentId)) });
    }
  }

  private replyTo(enrollmentId: string) {
    return createEnvelope(replyReceivedSchema, {
      tenantId: this.tenantId,
      key: enrollmentId,
      payload: { recipient: { enrollmentId }, channel: 'email', receivedAt: new Date().toISOString() },
    });
  }
}
