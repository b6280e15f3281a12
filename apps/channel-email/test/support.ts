import { createTransport } from 'nodemailer';
import { Topics, type StepDue, type StepOutcome } from '@stepwise/contracts';
import { startSmtpSink, type ReceivedMessage, type SmtpSink } from '@stepwise/smtp-sink';
import {
  BROKERS,
  ChannelServiceHarness,
  closedPortUrl,
  stepDue as channelStepDue,
  TopicTap,
  waitFor,
} from '@stepwise/testing';
import { AppModule } from '../src/app.module';
import { InboundSmtpServer } from '../src/inbound/inbound-smtp.server';

export { TENANT, uniqueEnrollment } from '@stepwise/testing';
export const SENDER = { identityId: 'identity_1', address: 'rita@acme.example', displayName: 'Rita Recruiter' };
export const TRACKING_SECRET = 'test-tracking-secret-of-at-least-32-chars';

/**
 * channel-email on the channels' shared harness (real broker and Postgres, a schema, topics and
 * groups of its own), sending into an SMTP sink on a real socket, serving its tracking routes over
 * HTTP and its inbound SMTP endpoint on free ports.
 */
export class EmailServiceHarness extends ChannelServiceHarness {
  sink!: SmtpSink;
  identityHealth!: TopicTap;
  /** Where the tracking routes answer, e.g. http://127.0.0.1:41234 */
  httpBase!: string;
  inboundPort!: number;

  /** `env`: variables of the test's own on top of the defaults below (read when the service starts). */
  constructor(private readonly extraEnv: Record<string, string> = {}) {
    super({
      name: 'channel_email',
      serviceName: 'channel-email',
      appModule: AppModule,
      stepDueTopic: Topics.emailStepDue,
      outcomesTopic: Topics.emailOutcomes,
      deadLetterTopic: Topics.deadLetter,
      env: {},
    });
  }

  override async start(): Promise<this> {
    this.sink = await startSmtpSink({ smtpPort: 0, httpPort: 0, keepRaw: true });
    // Tracking URLs are minted from config at start, so the HTTP port is chosen before the app exists.
    const httpPort = await freePort();
    this.httpBase = `http://127.0.0.1:${httpPort}`;
    this.options.httpPort = httpPort;
    this.options.env = {
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: String(this.sink.smtpPort),
      TRACKING_SECRET,
      TRACKING_BASE_URL: this.httpBase,
      INBOUND_SMTP_PORT: '0',
      EMAIL_STALE_SWEEP_INTERVAL_MS: '200',
      // Long enough that a row claimed by a test as "another live instance" outlives the test.
      EMAIL_STALE_SEND_AFTER_MS: '15000',
      ...this.extraEnv,
    };
    try {
      await super.start();
      this.inboundPort = this.get(InboundSmtpServer).port;
      this.identityHealth = await new TopicTap([this.topic(Topics.identityHealth)], BROKERS).start();
      return this;
    } catch (error) {
      await this.sink.close();
      throw error;
    }
  }

  override async stop(): Promise<void> {
    await this.identityHealth?.stop();
    await super.stop();
    await this.sink?.close();
  }

  /** The email the sink received for this Message-ID, raw message included. */
  sentEmail(messageId: string): ReceivedMessage & { raw: string } {
    const email = this.sink.messages().messages.find((m) => m.messageId === messageId);
    if (email?.raw === undefined) throw new Error(`the sink received no email ${messageId}`);
    return { ...email, raw: email.raw };
  }

  /** Waits for the `count`-th outcome of this kind for the attempt and returns them all. */
  waitForOutcome(enrollmentId: string, kind: string, { stepId = 'step_1', count = 1 } = {}): Promise<StepOutcome[]> {
    return waitFor(`${count} ${kind} outcome(s) of ${enrollmentId}/${stepId}`, () => {
      const found = this.outcomesFor(enrollmentId, stepId).filter((m) => m.payload.outcome === kind);
      return found.length >= count ? found : undefined;
    });
  }

  /** Delivers a raw message to the inbound SMTP endpoint, as a recipient's mail server would. */
  async deliverInbound(raw: string, to: string, from = 'candidate@example.com'): Promise<void> {
    const transport = createTransport({ host: '127.0.0.1', port: this.inboundPort, secure: false, ignoreTLS: true });
    try {
      await transport.sendMail({ envelope: { from, to: [to] }, raw });
    } finally {
      transport.close();
    }
  }
}

export interface StepDueInput {
  enrollmentId: string;
  stepId?: string;
  stepType?: 'automated_email' | 'manual_email' | 'marketing_email';
  sender?: typeof SENDER;
  to?: string;
  subject?: string;
  body?: string;
  variables?: Record<string, string>;
  sameThreadAsPrevious?: boolean;
  openTracking?: boolean;
  firedAt?: Date;
}

export function stepDue(input: StepDueInput): StepDue {
  return channelStepDue({
    enrollmentId: input.enrollmentId,
    stepId: input.stepId,
    firedAt: input.firedAt,
    delivery: {
      channel: 'email',
      stepType: input.stepType ?? 'automated_email',
      sender: input.sender ?? SENDER,
      to: input.to ?? 'candidate@example.com',
      variables: input.variables ?? { firstName: 'Zoë' },
      subject: input.subject ?? 'A role for you, {{ firstName }}',
      body: input.body ?? 'Hi {{ firstName | "there" }},\nwe are hiring.',
      sameThreadAsPrevious: input.sameThreadAsPrevious ?? false,
      ...(input.openTracking === undefined ? {} : { openTracking: input.openTracking }),
    },
  });
}

/** A port with nothing listening: bound, then released. */
export async function freePort(): Promise<number> {
  return Number(new URL(await closedPortUrl()).port);
}

/** The first capture group of `pattern` in `text`; fails the test naming what was missing. */
export function capture(pattern: RegExp, text: string, what: string): string {
  const match = pattern.exec(text);
  if (!match) throw new Error(`no ${what} in: ${text.slice(0, 500)}`);
  return match[1];
}
