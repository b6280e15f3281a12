import type { SmtpSink } from '@stepwise/smtp-sink';
import type { TwilioFake } from '@stepwise/twilio-fake';

/** The three steps every recipient of the workload goes through, in order. */
export const OUTREACH_STEPS = ['intro-email', 'sms-nudge', 'follow-up'] as const;

/** Rows per enrollment request: the API's limit. */
const ENROLL_REQUEST_ROWS = 100_000;

export interface OutreachRecipient {
  email: string;
  phone: string;
  /** Replies (through the public replies topic) as soon as the first email reaches them. */
  replies: boolean;
}

export interface OutreachWorkloadOptions {
  enrollmentUrl: string;
  apiKey: string;
  /** Minutes between the steps. */
  delayMinutes: number;
  label: string;
  log?: (line: string) => void;
}

export interface ProviderChecks {
  messagesAfterReply: number;
  duplicateSends: number;
  lostSteps: number;
}

/**
 * The outreach the end-to-end benchmark and the chaos test run: an email, an SMS a delay later, and
 * a same-thread email follow-up, for recipients of whom `replyPercent` reply after the first email.
 */
export class OutreachWorkload {
  readonly recipients: OutreachRecipient[];

  constructor(
    count: number,
    replyPercent: number,
    private readonly options: OutreachWorkloadOptions,
  ) {
    const replyEvery = replyPercent > 0 ? Math.round(100 / replyPercent) : Infinity;
    this.recipients = Array.from({ length: count }, (_, i) => ({
      email: `candidate-${i}@${options.label}.test`,
      // Ends in 1: the Twilio stand-in treats numbers ending in 0000 as unreachable. Ten digits
      // after +1, a possible North American number (enrolment checks it), unique up to 1,000,000.
      phone: `+1415${String(i).padStart(6, '0')}1`,
      replies: i % replyEvery === 0,
    }));
  }

  get repliers(): number {
    return this.recipients.filter((r) => r.replies).length;
  }

  /** Steps that must be sent: all three to those who do not reply, the first to those who do. */
  get expectedSteps(): number {
    return this.recipients.reduce((sum, r) => sum + (r.replies ? 1 : OUTREACH_STEPS.length), 0);
  }

  async createSequence(): Promise<string> {
    const delay = { amount: this.options.delayMinutes, unit: 'minutes' };
    const email = await this.api<{ id: string }>('POST', '/v1/identities', {
      channel: 'email',
      address: `recruiter@${this.options.label}.test`,
    });
    const sms = await this.api<{ id: string }>('POST', '/v1/identities', { channel: 'sms', address: '+14155550100' });
    const sequence = await this.api<{ id: string }>('POST', '/v1/sequences', {
      name: `Outreach ${this.options.label}`,
      steps: [
        {
          kind: 'step',
          id: OUTREACH_STEPS[0],
          type: 'automated_email',
          name: 'Intro email',
          identityId: email.id,
          subject: 'A role for you, {{firstName | "there"}}',
          body: 'Hi {{firstName | "there"}}, we are hiring backend engineers. Interested?',
        },
        {
          kind: 'step',
          id: OUTREACH_STEPS[1],
          type: 'sms',
          name: 'SMS nudge',
          identityId: sms.id,
          delay,
          body: 'Hi {{firstName | "there"}}, did you see my email about the backend role?',
        },
        {
          kind: 'step',
          id: OUTREACH_STEPS[2],
          type: 'automated_email',
          name: 'Follow-up',
          identityId: email.id,
          delay,
          sameThreadAsPrevious: true,
          body: 'Following up on my note below, {{firstName | "there"}}.',
        },
      ],
    });
    await this.api('POST', `/v1/sequences/${sequence.id}/launch`);
    return sequence.id;
  }

  /** Enrolls everyone in as few requests as the API allows; returns enrollment id → recipient. */
  async enrollAll(sequenceId: string): Promise<Map<string, OutreachRecipient>> {
    const byEnrollment = new Map<string, OutreachRecipient>();
    for (let start = 0; start < this.recipients.length; start += ENROLL_REQUEST_ROWS) {
      const chunk = this.recipients.slice(start, start + ENROLL_REQUEST_ROWS);
      const rows = chunk.map((r, i) => ({ email: r.email, phone: r.phone, firstName: `Candidate ${start + i}` }));
      const result = await this.api<{ enrolled: { index: number; enrollmentId: string }[]; rejected: unknown[] }>(
        'POST',
        `/v1/sequences/${sequenceId}/enrollments`,
        { recipients: rows },
      );
      if (result.rejected.length > 0) throw new Error(`rows refused: ${JSON.stringify(result.rejected.slice(0, 5))}`);
      for (const row of result.enrolled) byEnrollment.set(row.enrollmentId, chunk[row.index]);
      this.options.log?.(`enrolled ${byEnrollment.size.toLocaleString()} / ${this.recipients.length.toLocaleString()}`);
    }
    return byEnrollment;
  }

  /** What the providers saw, against what each recipient should have got. */
  checkProviders(sink: SmtpSink, twilio: TwilioFake): ProviderChecks {
    const textsTo = new Map<string, number>();
    for (const message of twilio.messages()) textsTo.set(message.to, (textsTo.get(message.to) ?? 0) + 1);
    const checks: ProviderChecks = {
      messagesAfterReply: 0,
      duplicateSends: sink.messages().duplicateMessageIds,
      lostSteps: 0,
    };
    for (const recipient of this.recipients) {
      const emails = sink.countForRecipient(recipient.email);
      const texts = textsTo.get(recipient.phone) ?? 0;
      const expected = recipient.replies ? { emails: 1, texts: 0 } : { emails: 2, texts: 1 };
      const extra = Math.max(0, emails - expected.emails) + Math.max(0, texts - expected.texts);
      if (recipient.replies) checks.messagesAfterReply += extra;
      else checks.duplicateSends += extra;
      checks.lostSteps += Math.max(0, expected.emails - emails) + Math.max(0, expected.texts - texts);
    }
    return checks;
  }

  private async api<T = unknown>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${this.options.enrollmentUrl}${path}`, {
      method,
      headers: { 'x-api-key': this.options.apiKey, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text.slice(0, 500)}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }
}
