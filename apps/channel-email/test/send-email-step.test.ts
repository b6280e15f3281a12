import { Client } from 'pg';
import { waitFor } from '@stepwise/testing';
import { EmailServiceHarness, SENDER, TENANT, stepDue, uniqueEnrollment } from './support';

const service = new EmailServiceHarness();

beforeAll(() => service.start());
afterAll(() => service.stop());

const messageIdOf = (enrollmentId: string, stepId = 'step_1') => `<${enrollmentId}.${stepId}.1@acme.example>`;
const kinds = (enrollmentId: string, stepId = 'step_1') =>
  service.outcomesFor(enrollmentId, stepId).map((m) => (m.envelope.payload as { outcome: string }).outcome);

/** Waits for an attempt's outcomes: `sent` + `delivered`, or a single `failed`. */
function settled(enrollmentId: string, stepId = 'step_1') {
  return waitFor(`outcomes of ${enrollmentId}/${stepId}`, () => {
    const seen = kinds(enrollmentId, stepId);
    return seen.includes('failed') || seen.includes('delivered')
      ? service.outcomesFor(enrollmentId, stepId)
      : undefined;
  });
}

/**
 * A later step of the same enrollment shares the partition, so once its outcomes are out every
 * command published before it has been handled: the way to prove something did NOT happen.
 */
async function drainPartitionOf(enrollmentId: string): Promise<void> {
  await service.publishStepDue([stepDue({ enrollmentId, stepId: 'marker' })]);
  await settled(enrollmentId, 'marker');
}

test('a step-due sends exactly one email, with our Message-ID and headers, and publishes sent then delivered', async () => {
  const enrollmentId = uniqueEnrollment('one');
  await service.publishStepDue([stepDue({ enrollmentId })]);

  const outcomes = await settled(enrollmentId);
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
  expect(kinds(enrollmentId)).toEqual(['sent', 'delivered']);
  for (const outcome of outcomes) {
    expect(outcome.key).toBe(enrollmentId);
    expect(outcome.envelope).toMatchObject({
      type: 'step.outcome',
      tenantId: TENANT,
      key: enrollmentId,
      payload: { channel: 'email', providerMessageId: messageId, step: { enrollmentId, stepId: 'step_1', attempt: 1 } },
    });
  }
});

test('the same step-due twice in one batch sends one email', async () => {
  const enrollmentId = uniqueEnrollment('twice_batch');
  const command = stepDue({ enrollmentId });
  await service.publishStepDue([command, command]);

  await settled(enrollmentId);
  await drainPartitionOf(enrollmentId);

  expect(service.sink.countForMessageId(messageIdOf(enrollmentId))).toBe(1);
  expect(kinds(enrollmentId)).toEqual(['sent', 'delivered']);
});

test('a step-due redelivered after its email was sent sends nothing and republishes nothing', async () => {
  const enrollmentId = uniqueEnrollment('redelivered');
  const command = stepDue({ enrollmentId });
  await service.publishStepDue([command]);
  await settled(enrollmentId);

  await service.publishStepDue([command]);
  await drainPartitionOf(enrollmentId);

  expect(service.sink.countForMessageId(messageIdOf(enrollmentId))).toBe(1);
  expect(kinds(enrollmentId)).toEqual(['sent', 'delivered']);
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
  const { error } = outcome.envelope.payload as { error: { type: string; message: string; suggestedFix: string } };
  expect(error.type).toBe('content');
  expect(error.message).toContain('"company"');
  expect(error.suggestedFix).toMatch(/add the variable to the recipient or a fallback to the template/i);
});

test('a recipient the server refuses publishes failed invalid_address', async () => {
  const enrollmentId = uniqueEnrollment('refused');
  await service.publishStepDue([stepDue({ enrollmentId, to: 'reject.me@example.com' })]);

  const [outcome] = await settled(enrollmentId);

  expect(kinds(enrollmentId)).toEqual(['failed']);
  expect(outcome.envelope.payload).toMatchObject({ error: { type: 'invalid_address' } });
  expect(service.sink.countForRecipient('reject.me@example.com')).toBe(0);
});

test('an attempt left "sending" by a crash is not sent again but reported as of unknown delivery state', async () => {
  const enrollmentId = uniqueEnrollment('crashed');
  const messageId = messageIdOf(enrollmentId);
  await insertSendingRow(enrollmentId, messageId);

  await service.publishStepDue([stepDue({ enrollmentId })]);
  const [outcome] = await settled(enrollmentId);
  await drainPartitionOf(enrollmentId);

  expect(service.sink.countForMessageId(messageId)).toBe(0);
  expect(kinds(enrollmentId)).toEqual(['failed']);
  expect(outcome.envelope.payload).toMatchObject({ error: { type: 'unknown_delivery_state' } });
  expect((outcome.envelope.payload as { error: { suggestedFix: string } }).error.suggestedFix).toContain(messageId);
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

/** What a process killed between its claim and its SMTP call leaves behind. */
async function insertSendingRow(enrollmentId: string, messageId: string): Promise<void> {
  const client = new Client({ connectionString: service.databaseUrl });
  await client.connect();
  try {
    await client.query(
      `INSERT INTO "${service.schema}".email_send
         (enrollment_id, step_id, attempt, tenant_id, sequence_id, identity_id, status, message_id)
       VALUES ($1, 'step_1', 1, $2, 'seq_1', $3, 'sending', $4)`,
      [enrollmentId, TENANT, SENDER.identityId, messageId],
    );
  } finally {
    await client.end();
  }
}
