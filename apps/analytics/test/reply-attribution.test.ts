import { Topics, createEnvelope, statusChangedSchema } from '@stepwise/contracts';
import { uniqueName } from '@stepwise/testing';
import type { SequenceSnapshot } from '../src/snapshot/sequence-snapshot';
import { AnalyticsHarness, TENANT_A } from './support/analytics-harness';
import { outcome, sequencePublished, stepReached, type StepSpec } from './support/events';

const harness = new AnalyticsHarness();
beforeAll(() => harness.start(), 90_000);
afterAll(() => harness.stop());

const introEmail: StepSpec = { stepId: 'intro-email', type: 'automated_email' };
const text: StepSpec = { stepId: 'text', type: 'sms' };

/** Enrollment's change to Replied for a recipient queued for the text, answering the intro email. */
function repliedToIntro(sequenceId: string, enrollmentId: string) {
  return createEnvelope(statusChangedSchema, {
    tenantId: TENANT_A,
    key: enrollmentId,
    payload: {
      enrollmentId,
      sequenceId,
      recipientId: `recipient-${enrollmentId}`,
      from: 'in_progress',
      to: 'replied',
      stepId: text.stepId,
      answeredStepId: introEmail.stepId,
      reason: 'replied on email to step intro-email',
    },
  });
}

async function stepsOf(sequenceId: string) {
  await harness.consumed();
  const { body } = await harness.get<SequenceSnapshot>(`/v1/sequences/${sequenceId}/snapshot`);
  return Object.fromEntries(body.steps.map((step) => [step.stepId, step]));
}

test('a reply enrollment attributes to a step counts in its Replied %, once, with or without the channel outcome', async () => {
  const sequenceId = uniqueName('seq');
  const [publicOnly, both, replayed] = ['e1', 'e2', 'e3'].map((e) => `${sequenceId}-${e}`) as [string, string, string];
  const recipients = [publicOnly, both, replayed, `${sequenceId}-e4`];
  await harness.publish(Topics.enrollmentEvents, [
    sequencePublished(sequenceId, [introEmail, text]),
    ...recipients.map((id) => stepReached(sequenceId, introEmail, id)),
  ]);
  await harness.publish(
    Topics.emailOutcomes,
    recipients.map((id) => outcome(sequenceId, introEmail.stepId, id, 'sent')),
  );
  // Each replier was queued for the text before the reply came.
  await harness.publish(Topics.enrollmentEvents, [
    ...[publicOnly, both, replayed].map((id) => stepReached(sequenceId, text, id)),
    repliedToIntro(sequenceId, publicOnly),
    repliedToIntro(sequenceId, both),
  ]);
  // The email channel saw one of the replies itself; another change is delivered twice.
  await harness.publish(Topics.emailOutcomes, [outcome(sequenceId, introEmail.stepId, both, 'replied')]);
  const twice = repliedToIntro(sequenceId, replayed);
  await harness.publish(Topics.enrollmentEvents, [twice, twice]);

  const steps = await stepsOf(sequenceId);
  expect(steps['intro-email']).toMatchObject({ recipientsAttempted: 4 });
  expect(steps['intro-email']?.metrics.repliedRate).toEqual({ count: 3, percent: 75 });
  // The repliers halted while queued for the text, which was never attempted for them (issue 15, defect 5).
  expect(steps.text).toMatchObject({ recipientsAttempted: 0 });
  expect(steps.text?.metrics.repliedRate).toEqual({ count: 0, percent: null });
});
