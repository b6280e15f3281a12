import { waitFor } from '@stepwise/testing';
import { EmailServiceHarness, SENDER, TENANT, stepDue, uniqueEnrollment } from './support';

const service = new EmailServiceHarness();

beforeAll(() => service.start());
afterAll(() => service.stop());

const messageIdOf = (enrollmentId: string, stepId = 'step_1') => `<${enrollmentId}.${stepId}.1@acme.example>`;
const kinds = (enrollmentId: string, stepId = 'step_1') =>
  service.outcomesFor(enrollmentId, stepId).map((m) => m.payload.outcome);

/** Waits for an attempt's outcome: one `sent` (delivered with it), or one `failed`. */
function settled(enrollmentId: string, stepId = 'step_1') {
  return waitFor(`outcomes of ${enrollmentId}/${stepId}`, () => {
    const seen = kinds(enrollmentId, stepId);
    return seen.includes('failed') || seen.includes('sent') ? service.outcomesFor(enrollmentId, stepId) : undefined;
  });
}

const drainPartitionOf = (enrollmentId: string) =>
  service.drainPartitionOf(enrollmentId, stepDue({ enrollmentId, stepId: 'marker' }));

test('a step-due sends exactly one email, with our Message-ID and headers, and publishes one sent that is also the delivery', async () => {
  const enrollmentId = uniqueEnrollment('one');
  await service.publishStepDue([stepDue({ enrollmentId })]);

  await settled(enrollmentId);
  await drainPartitionOf(enrollmentId);

  const messageId = messageIdOf(enrollmentId);
  expect(service.sink.countForMessageId(messageId)).toBe(1);
  const email = service.sink.messages().messages.find((m) => m.messageId === messageId);
  expect(email).toMatchObject({
    // The VERP return path: bounces come back to the inbound endpoint naming this attempt.
    from: expect.stringMatching(/^bounces\+[a-z2-7]{26}@acme\.example$/),
    to: ['candidate@example.com'],
    subject: 'A role for you, Zoë',
    headers: {
      from: `${SENDER.displayName} <${SENDER.address}>`,
      to: 'candidate@example.com',
      'message-id': messageId,
    },
  });
  // The next hop's 250 is one provider fact: one message, not a `sent` and a `delivered`.
  const outcomes = service.outcomesFor(enrollmentId);
  expect(outcomes).toHaveLength(1);
  expect(outcomes[0]).toMatchObject({
    type: 'step.outcome',
    tenantId: TENANT,
    key: enrollmentId,
    payload: {
      channel: 'email',
      outcome: 'sent',
      delivered: true,
      providerMessageId: messageId,
      step: { enrollmentId, stepId: 'step_1', attempt: 1 },
    },
  });
});

test('the same step-due twice in one batch sends one email', async () => {
  const enrollmentId = uniqueEnrollment('twice_batch');
  const command = stepDue({ enrollmentId });
  await service.publishStepDue([command, command]);

  await settled(enrollmentId);
  await drainPartitionOf(enrollmentId);

  expect(service.sink.countForMessageId(messageIdOf(enrollmentId))).toBe(1);
  expect(kinds(enrollmentId)).toEqual(['sent']);
});

test('a step-due redelivered after its email was sent sends nothing and republishes nothing', async () => {
  const enrollmentId = uniqueEnrollment('redelivered');
  const command = stepDue({ enrollmentId });
  await service.publishStepDue([command]);
  await settled(enrollmentId);

  await service.publishStepDue([command]);
  await drainPartitionOf(enrollmentId);

  expect(service.sink.countForMessageId(messageIdOf(enrollmentId))).toBe(1);
  expect(kinds(enrollmentId)).toEqual(['sent']);
});

test('a variable missing without a fallback sends nothing and publishes failed naming the variable', async () => {
  const enrollmentId = uniqueEnrollment('missing_var');
  await service.publishStepDue([
    stepDue({ enrollmentId, subject: 'About {{ company }}', variables: { firstName: 'Ada' } }),
  ]);

  const [outcome] = await settled(enrollmentId);
  await drainPartitionOf(enrollmentId);

  expect(service.sink.countForMessageId(messageIdOf(enrollmentId))).toBe(0);
  expect(kinds(enrollmentId)).toEqual(['failed']);
  const { error } = outcome.payload as { error: { type: string; message: string; suggestedFix: string } };
  expect(error.type).toBe('content');
  expect(error.message).toContain('"company"');
  expect(error.suggestedFix).toMatch(/add the variable to the recipient or a fallback to the template/i);
});

test('a recipient the server refuses publishes failed invalid_address', async () => {
  const enrollmentId = uniqueEnrollment('refused');
  await service.publishStepDue([stepDue({ enrollmentId, to: 'reject.me@example.com' })]);

  const [outcome] = await settled(enrollmentId);

  expect(kinds(enrollmentId)).toEqual(['failed']);
  expect(outcome.payload).toMatchObject({ error: { type: 'invalid_address' } });
  expect(service.sink.countForRecipient('reject.me@example.com')).toBe(0);
});

test('an attempt left "sending" by a crash is not sent again but reported as of unknown delivery state', async () => {
  const enrollmentId = uniqueEnrollment('crashed');
  const messageId = messageIdOf(enrollmentId);
  await insertSendingRow(enrollmentId, messageId, '1 hour');

  await service.publishStepDue([stepDue({ enrollmentId })]);
  const [outcome] = await settled(enrollmentId);
  await drainPartitionOf(enrollmentId);

  expect(service.sink.countForMessageId(messageId)).toBe(0);
  expect(kinds(enrollmentId)).toEqual(['failed']);
  expect(outcome.payload).toMatchObject({ providerMessageId: messageId, error: { type: 'unknown_delivery_state' } });
  expect(outcome.payload.error?.suggestedFix).toContain("the sender's Sent folder");
});

test('a redelivered step-due whose attempt another instance is still sending neither sends nor reports it', async () => {
  const enrollmentId = uniqueEnrollment('in_flight_elsewhere');
  const messageId = messageIdOf(enrollmentId);
  // Claimed a moment ago by a live instance (a rebalance handed this batch to this one too).
  await insertSendingRow(enrollmentId, messageId, '0 seconds');

  await service.publishStepDue([stepDue({ enrollmentId })]);
  await drainPartitionOf(enrollmentId);

  expect(service.sink.countForMessageId(messageId)).toBe(0);
  expect(kinds(enrollmentId)).toEqual([]);
});

test('a step fired before the enrollment replied is never sent, and is announced as skipped', async () => {
  const enrollmentId = uniqueEnrollment('replied');
  await service.changeStatus(enrollmentId, 'replied', new Date(Date.now() - 60_000));
  await service.publishStepDue([
    stepDue({ enrollmentId, to: 'replied.candidate@example.com', firedAt: new Date(Date.now() - 120_000) }),
  ]);

  const notice = await service.noticeOf(enrollmentId);
  await drainPartitionOf(enrollmentId);

  expect(service.sink.countForRecipient('replied.candidate@example.com')).toBe(0);
  expect(service.sink.countForMessageId(messageIdOf(enrollmentId))).toBe(0);
  expect(kinds(enrollmentId)).toEqual([]);
  expect(notice.payload).toMatchObject({ channel: 'email', reason: 'enrollment_halted', enrollmentStatus: 'replied' });
});

test('a step-due for another channel is dead-lettered with the reason and nothing is sent', async () => {
  const enrollmentId = uniqueEnrollment('sms');
  const command = stepDue({ enrollmentId });
  const smsCommand = {
    ...command,
    payload: {
      ...command.payload,
      delivery: { channel: 'sms', stepType: 'sms', sender: SENDER, to: '+15550100', variables: {}, body: 'Hi' },
    },
  };
  await service.publishStepDue([smsCommand as unknown as typeof command]);

  const letter = await waitFor('the dead letter', () =>
    service.deadLetters.messages.find((m) => m.key === enrollmentId),
  );
  expect((letter.envelope as unknown as { reason: string }).reason).toContain('channel must be "email"');
  expect(service.outcomesFor(enrollmentId)).toEqual([]);
});

/** What a process between its claim and its SMTP call leaves: dead for `age` or still at it. */
async function insertSendingRow(enrollmentId: string, messageId: string, age: string): Promise<void> {
  await service.query(
    `INSERT INTO send_log
       (enrollment_id, step_id, attempt, tenant_id, sequence_id, identity_id, status, provider_message_id, claimed_at)
     VALUES ($1, 'step_1', 1, $2, 'seq_1', $3, 'sending', $4, now() - $5::interval)`,
    [enrollmentId, TENANT, SENDER.identityId, messageId, age],
  );
}
