import { Topics } from '@stepwise/contracts';
import { uniqueName } from '@stepwise/testing';
import type { SequenceSnapshot } from '../src/snapshot/sequence-snapshot';
import { AnalyticsHarness } from './support/analytics-harness';
import { sequencePublished, statusChanged, stepFacts, stepReached, type StepSpec } from './support/events';

const harness = new AnalyticsHarness();
beforeAll(() => harness.start(), 90_000);
afterAll(() => harness.stop());

const introEmail: StepSpec = { stepId: 'intro-email', type: 'automated_email' };
const text: StepSpec = { stepId: 'text', type: 'sms' };

/**
 * Enrollment's change to Replied for a recipient queued for the text, answering the intro email:
 * the email step is replied, the text halted.
 */
function repliedToIntro(sequenceId: string, enrollmentId: string) {
  return statusChanged(
    sequenceId,
    enrollmentId,
    { to: 'replied', stepId: text.stepId, answeredStepId: introEmail.stepId, replyChannel: 'email' },
    { [introEmail.stepId]: { replied: true }, [text.stepId]: { halted: true } },
  );
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
    Topics.enrollmentEvents,
    recipients.map((id) => stepFacts(sequenceId, introEmail.stepId, id, { sent: true, attempted: true })),
  );
  // Each replier was queued for the text before the reply came.
  await harness.publish(Topics.enrollmentEvents, [
    ...[publicOnly, both, replayed].map((id) => stepReached(sequenceId, text, id)),
    repliedToIntro(sequenceId, publicOnly),
    repliedToIntro(sequenceId, both),
  ]);
  // The email channel saw one of the replies itself (enrollment states the step replied again, which
  // changes nothing); another change is delivered twice.
  await harness.publish(Topics.enrollmentEvents, [stepFacts(sequenceId, introEmail.stepId, both, { replied: true })]);
  const twice = repliedToIntro(sequenceId, replayed);
  await harness.publish(Topics.enrollmentEvents, [twice, twice]);

  const steps = await stepsOf(sequenceId);
  expect(steps['intro-email']).toMatchObject({ recipientsAttempted: 4 });
  expect(steps['intro-email']?.metrics.repliedRate).toEqual({ count: 3, percent: 75 });
  // The repliers halted while queued for the text, which was never attempted for them (issue 15, defect 5).
  expect(steps.text).toMatchObject({ recipientsAttempted: 0 });
  expect(steps.text?.metrics.repliedRate).toEqual({ count: 0, percent: null });
});
