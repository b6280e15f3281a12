import { Topics, createEnvelope, replyReceivedSchema, type EnrollmentTransitioned } from '@stepwise/contracts';
import { waitFor } from '@stepwise/testing';
import { EnrollmentHarness } from './support/enrollment-harness';
import { outcome } from './support/fixtures';
import { awaitStatus, createIdentity, enroll, launchSequence, view } from './support/launch-sequence';

/** The chaos run's shape: an email, then an SMS after a delay. */
const emailThenText = (emailIdentity: string, smsIdentity: string) => [
  {
    kind: 'step',
    id: 'intro-email',
    type: 'automated_email',
    name: 'Intro',
    identityId: emailIdentity,
    subject: 'Hi',
    body: 'Hello',
  },
  {
    kind: 'step',
    id: 'text',
    type: 'sms',
    name: 'Text',
    identityId: smsIdentity,
    body: 'Saw my email?',
    delay: { amount: 2, unit: 'days' },
  },
];

describe('a change to Replied names the step the reply answered', () => {
  const harness = new EnrollmentHarness();
  let sequenceId: string;
  beforeAll(async () => {
    await harness.start(3975);
    const sms = await harness.api<{ id: string }>('POST', '/v1/identities', {
      channel: 'sms',
      address: '+14155550100',
    });
    sequenceId = await launchSequence(harness, emailThenText(await createIdentity(harness), sms.body.id));
  });
  afterAll(() => harness.stop());

  /** Enrolls a recipient and reports its email sent: it is then queued for the text. */
  async function queuedForText(email: string): Promise<string> {
    const response = await harness.api<{ enrolled: { enrollmentId: string }[] }>(
      'POST',
      `/v1/sequences/${sequenceId}/enrollments`,
      { recipients: [{ email, phone: '+14155550199' }] },
    );
    const enrollmentId = response.body.enrolled[0].enrollmentId;
    await harness.publish(Topics.emailOutcomes, [outcome(enrollmentId, sequenceId, 'intro-email', 'sent')]);
    await awaitStatus(harness, enrollmentId, 'in_progress', 'waiting_for_delay');
    expect((await view(harness, enrollmentId)).currentNodeId).toBe('text');
    return enrollmentId;
  }

  const repliedChange = (enrollmentId: string) =>
    waitFor(`${enrollmentId}'s change to replied`, () => {
      const found = harness.tap
        .of('enrollment.transitioned')
        .map((m) => ({ key: m.key, payload: m.envelope.payload as EnrollmentTransitioned['payload'] }))
        .find((m) => m.key === enrollmentId && m.payload.status?.to === 'replied');
      return found?.payload.status;
    });

  it('a reply on the public topic answers the email that was sent, not the text it is queued for', async () => {
    const enrollmentId = await queuedForText('chaos@example.com');
    await harness.publish(Topics.publicReplies, [
      createEnvelope(replyReceivedSchema, {
        tenantId: 'acme',
        key: 'inbox-sync',
        payload: { recipient: { enrollmentId }, channel: 'email', receivedAt: new Date().toISOString() },
      }),
    ]);
    const change = await repliedChange(enrollmentId);
    expect(change).toMatchObject({ stepId: 'text', answeredStepId: 'intro-email' });
    expect((await view(harness, enrollmentId)).timeline.at(-1)?.cause).toBe('replied on email to step intro-email');
  });

  it("a channel's reply outcome answers its own step", async () => {
    const enrollmentId = await queuedForText('answers@example.com');
    await harness.publish(Topics.emailOutcomes, [outcome(enrollmentId, sequenceId, 'intro-email', 'replied')]);
    expect(await repliedChange(enrollmentId)).toMatchObject({ stepId: 'text', answeredStepId: 'intro-email' });
  });

  it('a reply before enrollment read any send names the current step only when it sends on that channel', async () => {
    const { enrolled } = await enroll(harness, sequenceId, ['early-email@example.com', 'early-sms@example.com']);
    const [byEmail, bySms] = enrolled.map((row) => row.enrollmentId);
    const reply = (enrollmentId: string, channel: 'email' | 'sms') =>
      createEnvelope(replyReceivedSchema, {
        tenantId: 'acme',
        key: 'inbox-sync',
        payload: { recipient: { enrollmentId }, channel, receivedAt: new Date().toISOString() },
      });
    await harness.publish(Topics.publicReplies, [reply(byEmail, 'email'), reply(bySms, 'sms')]);
    // The intro email is in flight: its 'sent' outcome is on a topic enrollment has not read yet.
    expect((await repliedChange(byEmail)).answeredStepId).toBe('intro-email');
    expect((await repliedChange(bySms)).answeredStepId).toBeUndefined();
  });
});
