import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { capture, EmailServiceHarness, stepDue, uniqueEnrollment } from './support';

const service = new EmailServiceHarness();
beforeAll(() => service.start());
afterAll(() => service.stop());

const NEXT_YEAR = new Date().getUTCFullYear() + 1;

/** Sends an email, then delivers the fixture answering it to the inbound endpoint; returns its enrollment. */
async function answer(
  fixture: string,
  { to = 'rita@acme.example', from = 'candidate@example.com' } = {},
): Promise<string> {
  const enrollmentId = uniqueEnrollment(fixture.replace(/\W/g, '_').slice(0, 20));
  await service.publishStepDue([stepDue({ enrollmentId })]);
  await service.waitForOutcome(enrollmentId, 'sent');
  const messageId = `<${enrollmentId}.step_1.1@acme.example>`;
  const returnToken = capture(/^bounces\+([a-z2-7]+)@/, service.sentEmail(messageId).from, 'return token');
  const raw = readFileSync(join(__dirname, 'fixtures', 'inbound', fixture), 'utf8')
    .replaceAll('{{MESSAGE_ID}}', messageId)
    .replaceAll('{{RETURN_TOKEN}}', returnToken)
    .replaceAll('{{NEXT_YEAR}}', String(NEXT_YEAR));
  await service.deliverInbound(raw, to.replace('{{RETURN_TOKEN}}', returnToken), from);
  return enrollmentId;
}

test.each([
  ['dsn-postfix-hard.eml', 'rita@acme.example', 'hard', 'userunknown'],
  ['bounce-qmail-plain.eml', 'rita@acme.example', 'hard', 'userunknown'],
])('the delivery report %s sent to %s publishes bounced %s (%s)', async (fixture, to, bounce, reason) => {
  const enrollmentId = await answer(fixture, { to, from: '' });
  const [bounced] = await service.waitForOutcome(enrollmentId, 'bounced');
  expect(bounced.payload).toMatchObject({
    bounce,
    inbound: { class: 'bounce', reason },
    step: { enrollmentId, stepId: 'step_1', attempt: 1 },
  });
});

test('a delayed DSN is a notice on the timeline (auto_reply), never a bounce', async () => {
  const enrollmentId = await answer('dsn-gmail-delayed-soft.eml', {
    to: 'bounces+{{RETURN_TOKEN}}@acme.example',
    from: '',
  });
  const [notice] = await service.waitForOutcome(enrollmentId, 'auto_reply');
  expect(notice.payload).toMatchObject({ inbound: { class: 'delivery_notice', reason: 'delayed' } });
  expect(service.outcomesFor(enrollmentId).map((m) => m.payload.outcome)).toEqual(['sent', 'auto_reply']);
});

test('a bounce naming another address than the one the email went to publishes nothing', async () => {
  const enrollmentId = await answer('dsn-other-address.eml', { from: '' });
  // A later answer on the same partition proves the report was handled (recorded before the 250).
  await service.deliverInbound(
    readFileSync(join(__dirname, 'fixtures', 'inbound', 'reply-top-posted.eml'), 'utf8').replaceAll(
      '{{MESSAGE_ID}}',
      `<${enrollmentId}.step_1.1@acme.example>`,
    ),
    'rita@acme.example',
  );
  await service.waitForOutcome(enrollmentId, 'replied');
  expect(service.outcomesFor(enrollmentId).map((m) => m.payload.outcome)).toEqual(['sent', 'replied']);
});

test('an ARF feedback report publishes a complaint naming the complaining address', async () => {
  const enrollmentId = await answer('arf-complaint.eml', { from: 'feedbackloop@isp.example' });
  const [complaint] = await service.waitForOutcome(enrollmentId, 'complaint');
  expect(complaint.payload).toMatchObject({
    inbound: { class: 'complaint', reason: 'abuse', address: 'candidate@example.com' },
  });
});

test('an answer sent with the null return path (MAIL FROM:<>) is an auto-reply, not a reply', async () => {
  const enrollmentId = await answer('reply-top-posted.eml', { from: '' });
  const [auto] = await service.waitForOutcome(enrollmentId, 'auto_reply');
  expect(auto.payload).toMatchObject({ inbound: { class: 'auto_reply', reason: 'null_return_path' } });
  expect(service.outcomesFor(enrollmentId).map((m) => m.payload.outcome)).not.toContain('replied');
});

test.each([
  ['ooo-en-with-date.eml', `${NEXT_YEAR}-12-03`],
  ['ooo-de-without-date.eml', undefined],
  ['ooo-fr-with-date.eml', `${NEXT_YEAR}-12-08`],
  ['ooo-es-without-date.eml', undefined],
])('the auto-reply %s publishes out_of_office until %s', async (fixture, until) => {
  const to = fixture.startsWith('ooo-es') ? 'reply+{{RETURN_TOKEN}}@acme.example' : undefined;
  const enrollmentId = await answer(fixture, { to });
  const [outOfOffice] = await service.waitForOutcome(enrollmentId, 'out_of_office');
  expect((outOfOffice.payload as { outOfOfficeUntil?: string }).outOfOfficeUntil).toBe(until);
});

test.each(['reply-top-posted.eml', 'reply-bottom-posted.eml'])(
  'the answer %s publishes replied, not out of office though the quote says "vacation"',
  async (fixture) => {
    const enrollmentId = await answer(fixture);
    await service.waitForOutcome(enrollmentId, 'replied');
    expect(service.outcomesFor(enrollmentId).map((m) => m.payload.outcome)).toEqual(['sent', 'replied']);
  },
);

test('mail answering nothing we sent is accepted and publishes nothing', async () => {
  const raw = readFileSync(join(__dirname, 'fixtures', 'inbound', 'reply-top-posted.eml'), 'utf8').replaceAll(
    '{{MESSAGE_ID}}',
    '<unknown@elsewhere.example>',
  );
  const before = service.outcomes.messages.length;
  await expect(service.deliverInbound(raw, 'rita@acme.example')).resolves.toBeUndefined();
  // Recorded before the 250: anything published would already be in the outbox, and a later outcome behind it.
  const enrollmentId = await answer('reply-bottom-posted.eml');
  await service.waitForOutcome(enrollmentId, 'replied');
  expect(service.outcomes.messages.slice(before).every((m) => m.key === enrollmentId)).toBe(true);
});
