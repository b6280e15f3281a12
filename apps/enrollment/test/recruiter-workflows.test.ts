import { Topics, createEnvelope, recipientSignalSchema, replyReceivedSchema } from '@stepwise/contracts';
import { TopicTap, waitFor } from '@stepwise/testing';
import { EnrollmentHarness } from './support/enrollment-harness';
import { launchAndEnroll, outcome, twoEmailSteps } from './support/fixtures';
import { awaitStatus, createIdentity, launchSequence, view } from './support/launch-sequence';

interface EnrollResponse {
  enrolled: { index: number; enrollmentId: string; recipientId: string }[];
  rejected: { index: number; field?: string; reason: string }[];
}

/** Issue 15: what a recruiter's tools and an integrating team ran into, driven through the API and topics. */
describe('recruiter workflows through the public API', () => {
  const harness = new EnrollmentHarness();
  let deadLetters: TopicTap;
  beforeAll(async () => {
    await harness.start(4615);
    deadLetters = await new TopicTap([harness.prefix + Topics.deadLetter]).start();
  });
  afterAll(async () => {
    await deadLetters?.stop();
    await harness.stop();
  });

  let senders = 0;
  const smsSequence = async (steps?: unknown[]) => {
    const sms = await harness.api<{ id: string }>('POST', '/v1/identities', {
      channel: 'sms',
      address: `+1415555${2600 + senders++}`,
    });
    return launchSequence(
      harness,
      steps ?? [{ kind: 'step', id: 'text', type: 'sms', name: 'Text', identityId: sms.body.id, body: 'Hi' }],
    );
  };

  it('enrolls rows that are one stored recipient by email and by phone: the first row wins, the other is refused (defect 1)', async () => {
    const first = { sequenceId: await launchSequence(harness, twoEmailSteps(await createIdentity(harness))) };
    await harness.api('POST', `/v1/sequences/${first.sequenceId}/enrollments`, {
      recipients: [{ email: 'quinn@example.com', phone: '+14155550123' }],
    });
    const second = { sequenceId: await launchSequence(harness, twoEmailSteps(await createIdentity(harness))) };
    const response = await harness.api<EnrollResponse>('POST', `/v1/sequences/${second.sequenceId}/enrollments`, {
      recipients: [{ email: 'quinn@example.com' }, { phone: '+14155550123' }],
    });
    expect(response.status).toBe(201);
    expect(response.body.enrolled.map((e) => e.index)).toEqual([0]);
    expect(response.body.rejected).toEqual([{ index: 1, reason: 'same recipient as row 0' }]);
  });

  it('refuses to launch a channel step without a sender identity, or with an unknown one, naming the step (defect 6)', async () => {
    for (const identityId of [undefined, 'idn_unknown']) {
      const sequence = await harness.api<{ id: string }>('POST', '/v1/sequences', {
        name: 'No sender',
        steps: [{ kind: 'step', id: 'intro', type: 'automated_email', name: 'Intro', subject: 'Hi', identityId }],
      });
      const launch = await harness.api<{ message: string; errors: { field: string }[] }>(
        'POST',
        `/v1/sequences/${sequence.body.id}/launch`,
      );
      expect(launch.status).toBe(409);
      expect(launch.body.message).toContain('step intro');
      expect(launch.body.errors.map((e) => e.field)).toEqual(['steps.intro.identityId']);
    }
  });

  it('refuses a phone that is not a phone number at enrolment, and an SMS to a landline errors with cause and fix (defect 7)', async () => {
    const sequenceId = await smsSequence();
    const response = await harness.api<EnrollResponse>('POST', `/v1/sequences/${sequenceId}/enrollments`, {
      recipients: [{ phone: 'not-a-phone' }, { phone: '+493012345678' }, { phone: '+4915123456789' }],
    });
    expect(response.body.rejected).toEqual([
      { index: 0, field: 'phone', reason: expect.stringContaining('phone number') },
    ]);
    const landline = await awaitStatus(harness, response.body.enrolled[0].enrollmentId, 'error');
    expect(landline).toMatchObject({
      error: { type: 'invalid_address', message: expect.stringContaining('landline') },
    });
    expect((await view(harness, response.body.enrolled[1].enrollmentId)).status).toBe('in_progress');
  });

  it('refuses to launch an SMS step whose sender identity address is not a mobile-capable number (defect 7)', async () => {
    const sms = await harness.api<{ id: string }>('POST', '/v1/identities', { channel: 'sms', address: 'not-a-phone' });
    const sequence = await harness.api<{ id: string }>('POST', '/v1/sequences', {
      name: 'Bad sender',
      steps: [{ kind: 'step', id: 'text', type: 'sms', name: 'Text', identityId: sms.body.id, body: 'Hi' }],
    });
    const launch = await harness.api<{ message: string }>('POST', `/v1/sequences/${sequence.body.id}/launch`);
    expect(launch.status).toBe(409);
    expect(launch.body.message).toMatch(/step text.*not-a-phone/);
  });

  it('the suggested fix can be done: edit the recipient, then retry (defect 10)', async () => {
    const sequenceId = await smsSequence();
    const enrolled = await harness.api<EnrollResponse>('POST', `/v1/sequences/${sequenceId}/enrollments`, {
      recipients: [{ email: 'no-phone@example.com' }],
    });
    const { enrollmentId, recipientId } = enrolled.body.enrolled[0];
    const errored = (await awaitStatus(harness, enrollmentId, 'error')) as unknown as {
      error: { suggestedFix: string };
    };
    expect(errored.error.suggestedFix).toContain(`PATCH /v1/recipients/${recipientId}`);

    const bad = await harness.api<{ errors: { field: string }[] }>('PATCH', `/v1/recipients/${recipientId}`, {
      phone: 'nope',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e) => e.field)).toEqual(['phone']);
    const edited = await harness.api<{ phone: string; timezone: string; variables: Record<string, string> }>(
      'PATCH',
      `/v1/recipients/${recipientId}`,
      { phone: '+4915123456789', timezone: 'Europe/Berlin', variables: { firstName: 'Nia' } },
    );
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({
      phone: '+4915123456789',
      timezone: 'Europe/Berlin',
      variables: { firstName: 'Nia' },
    });
    const retry = await harness.api('POST', `/v1/enrollments/${enrollmentId}/actions/retry`);
    expect(retry.status).toBe(200);
    await awaitStatus(harness, enrollmentId, 'in_progress');

    const other = await harness.api<EnrollResponse>('POST', `/v1/sequences/${sequenceId}/enrollments`, {
      recipients: [{ email: 'taken@example.com' }],
    });
    const clash = await harness.api<{ message: string }>(
      'PATCH',
      `/v1/recipients/${other.body.enrolled[0].recipientId}`,
      {
        email: 'no-phone@example.com',
      },
    );
    expect(clash.status).toBe(409);
    expect(clash.body.message).toContain(recipientId);
    expect((await harness.api('PATCH', '/v1/recipients/rcp_unknown', { timezone: 'UTC' })).status).toBe(404);
  });

  it('answers 413 to a body over the cap, names the reason of a do-not-contact refusal, and words a bad date for a person (defect 12)', async () => {
    const huge = await fetch(`${harnessUrl(harness)}/v1/sequences`, {
      method: 'POST',
      headers: { 'x-api-key': 'acme-key-0123456789abcdef', 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'x', steps: [], padding: 'x'.repeat(20 * 1024 * 1024) }),
    });
    expect(huge.status).toBe(413);
    expect(((await huge.json()) as { message: string }).message).toMatch(/larger than/);

    const before = await launchAndEnroll(harness, ['dnc@example.com']);
    const { sequenceId } = { sequenceId: await launchSequence(harness, twoEmailSteps(await createIdentity(harness))) };
    await harness.publish(Topics.publicRecipientSignals, [
      createEnvelope(recipientSignalSchema, {
        tenantId: 'acme',
        key: 'ats',
        payload: {
          recipient: { email: 'dnc@example.com' },
          signal: 'do_not_contact',
          reason: 'asked the recruiter by phone',
        },
      }),
    ]);
    await awaitStatus(harness, before.enrollmentIds[0], 'stopped');
    const refused = await waitFor('the do-not-contact refusal', async () => {
      const r = await harness.api<EnrollResponse>('POST', `/v1/sequences/${sequenceId}/enrollments`, {
        recipients: [{ email: 'dnc@example.com' }],
      });
      return r.body.rejected.length > 0 && r.body.rejected[0];
    });
    expect(refused.reason).toContain('asked the recruiter by phone');

    const list = await harness.api<{ errors: { field: string; message: string }[] }>(
      'GET',
      `/v1/sequences/${sequenceId}/enrollments?updatedSince=yesterday`,
    );
    expect(list.status).toBe(400);
    expect(list.body.errors[0]).toEqual({
      field: 'updatedSince',
      message: expect.stringContaining('ISO 8601'),
    });
  });

  it('dead-letters a public reply with an unknown channel on the documented public topic, naming the field and the allowed values (defect 13)', async () => {
    const bad = {
      eventId: '5d1c7f8e-6a37-4b4b-9d36-0f2b9e8a1c11',
      type: 'reply.received',
      version: 1,
      tenantId: 'acme',
      key: 'inbox-sync',
      occurredAt: new Date().toISOString(),
      payload: { recipient: { email: 'x@example.com' }, channel: 'fax', receivedAt: new Date().toISOString() },
    };
    await harness.publishRaw(Topics.publicReplies, JSON.stringify(bad), 'inbox-sync');
    const letter = await waitFor(
      'the dead letter',
      () => deadLetters.messages[0]?.envelope as unknown as { reason: string },
    );
    expect(letter.reason).toContain('payload.channel');
    expect(letter.reason).toMatch(/email.*sms.*social/);
  });

  it('a public reply after the last step makes a completed recipient Replied, with its sentiment (defect 4)', async () => {
    const { sequenceId, enrollmentIds } = await launchAndEnroll(harness, ['late@example.com']);
    const [id] = enrollmentIds;
    await harness.publish(Topics.emailOutcomes, [outcome(id, sequenceId, 'intro', 'sent')]);
    await awaitStatus(harness, id, 'in_progress');
    await waitFor('the follow-up', async () => (await view(harness, id)).currentNodeId === 'follow-up');
    await harness.publish(Topics.emailOutcomes, [outcome(id, sequenceId, 'follow-up', 'sent')]);
    await awaitStatus(harness, id, 'completed');
    await harness.publish(Topics.publicReplies, [
      createEnvelope(replyReceivedSchema, {
        tenantId: 'acme',
        key: 'inbox-sync',
        payload: {
          recipient: { email: 'late@example.com' },
          channel: 'email',
          receivedAt: new Date().toISOString(),
          sentiment: 'interested',
        },
      }),
    ]);
    await awaitStatus(harness, id, 'replied', 'interested');
  });

  it('a recruiter marks a response Interested later, and finishes a paused recipient (seeds 003, 004)', async () => {
    const { enrollmentIds } = await launchAndEnroll(harness, ['maybe@example.com', 'pause-me@example.com']);
    const [replier, paused] = enrollmentIds;
    await harness.publish(Topics.publicReplies, [
      createEnvelope(replyReceivedSchema, {
        tenantId: 'acme',
        key: 'inbox-sync',
        payload: {
          recipient: { enrollmentId: replier },
          channel: 'email',
          receivedAt: new Date().toISOString(),
          sentiment: 'not_interested',
        },
      }),
    ]);
    await awaitStatus(harness, replier, 'replied', 'not_interested');
    expect((await harness.api('POST', `/v1/enrollments/${replier}/actions/mark_interested`)).status).toBe(200);
    await awaitStatus(harness, replier, 'replied', 'interested');
    expect((await harness.api('POST', `/v1/enrollments/${paused}/actions/mark_interested`)).status).toBe(409);

    expect((await harness.api('POST', `/v1/enrollments/${paused}/actions/pause`)).status).toBe(200);
    expect((await harness.api('POST', `/v1/enrollments/${paused}/actions/mark_completed`)).status).toBe(200);
    await awaitStatus(harness, paused, 'completed');
  });

  it('tells Canceled (stopped after a send) from Undone (stopped before any) on the recipient (seed 003)', async () => {
    const { sequenceId, enrollmentIds } = await launchAndEnroll(harness, [
      'sent-then-stop@example.com',
      'never@example.com',
    ]);
    const [sent, never] = enrollmentIds;
    await harness.publish(Topics.emailOutcomes, [outcome(sent, sequenceId, 'intro', 'sent')]);
    await waitFor('the follow-up', async () => (await view(harness, sent)).currentNodeId === 'follow-up');
    for (const id of enrollmentIds)
      expect((await harness.api('POST', `/v1/enrollments/${id}/actions/stop`)).status).toBe(200);
    const state = async (id: string) =>
      (await harness.api<{ reachOutState: string }>('GET', `/v1/enrollments/${id}`)).body.reachOutState;
    expect(await state(sent)).toBe('canceled');
    expect(await state(never)).toBe('undone');
  });

  it('sets a resume date for an out-of-office pause that came without one (seed 004)', async () => {
    const { sequenceId, enrollmentIds } = await launchAndEnroll(harness, ['away-no-date@example.com']);
    const [id] = enrollmentIds;
    const early = await harness.api('POST', `/v1/enrollments/${id}/out-of-office/resume-date`, {
      resumeOn: '2031-02-03',
    });
    expect(early.status).toBe(409);
    await harness.publish(Topics.emailOutcomes, [outcome(id, sequenceId, 'intro', 'out_of_office')]);
    await awaitStatus(harness, id, 'paused', 'out_of_office');
    const bad = await harness.api<{ errors: { field: string }[] }>(
      'POST',
      `/v1/enrollments/${id}/out-of-office/resume-date`,
      {
        resumeOn: 'soon',
      },
    );
    expect(bad.body.errors.map((e) => e.field)).toEqual(['resumeOn']);
    const set = await harness.api('POST', `/v1/enrollments/${id}/out-of-office/resume-date`, {
      resumeOn: '2031-02-03',
    });
    expect(set.status).toBe(204);
    const timer = await waitFor('the auto-resume timer', () =>
      harness.tap.of('timer.scheduled').find((m) => {
        const p = m.envelope.payload as { action: { reason?: string; enrollmentId?: string } };
        return p.action.reason === 'out_of_office_resume' && p.action.enrollmentId === id && m;
      }),
    );
    expect((timer.envelope.payload as { dueAt: string }).dueAt).toBe('2031-02-03T00:00:00.000Z');
    expect((await view(harness, id)).timeline.at(-1)?.cause).toContain('until 2031-02-03');
  });

  it('pages through the sequences, newest first, each once', async () => {
    for (let i = 0; i < 3; i++)
      await harness.api('POST', '/v1/sequences', {
        name: `Page ${i}`,
        steps: [{ kind: 'step', id: 't', type: 'task', name: 'Call' }],
      });
    type Page = { items: { id: string }[]; nextCursor: string | null };
    const all = (await harness.api<Page>('GET', '/v1/sequences?status=draft&limit=500')).body.items.map((s) => s.id);
    const paged: string[] = [];
    let cursor: string | null = null;
    do {
      const query = `/v1/sequences?status=draft&limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const page: Page = (await harness.api<Page>('GET', query)).body;
      paged.push(...page.items.map((s) => s.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(all.length).toBeGreaterThanOrEqual(3);
    expect(paged).toEqual(all);
    expect((await harness.api('GET', '/v1/sequences?cursor=nonsense')).status).toBe(400);
  });

  it('keeps a suppression list through the API: import, list by page, enrolment refused with the reason, removal with who and why', async () => {
    const imported = await harness.api<{ added: number; alreadyListed: number }>('POST', '/v1/suppressions', {
      by: 'ops@acme.test',
      entries: [
        { kind: 'email', value: 'Blocked@Example.com', reason: 'asked to be left alone' },
        { kind: 'phone', value: '+4915123456780', reason: 'wrong person' },
        { kind: 'email', value: 'other@example.com', reason: 'legal hold' },
      ],
    });
    expect(imported.body).toEqual({ added: 3, alreadyListed: 0 });
    const again = await harness.api<{ added: number }>('POST', '/v1/suppressions', {
      by: 'ops@acme.test',
      entries: [{ kind: 'email', value: 'blocked@example.com', reason: 'twice' }],
    });
    expect(again.body).toEqual({ added: 0, alreadyListed: 1 });
    const bad = await harness.api<{ errors: { field: string }[] }>('POST', '/v1/suppressions', {
      by: 'ops',
      entries: [{ kind: 'phone', value: 'not-a-phone', reason: 'x' }],
    });
    expect(bad.body.errors.map((e) => e.field)).toEqual(['entries.0.value']);

    type Page = { items: { kind: string; value: string; addedBy: string }[]; nextCursor: string | null };
    const first = (await harness.api<Page>('GET', '/v1/suppressions?kind=email&limit=1')).body;
    const second = (
      await harness.api<Page>(
        'GET',
        `/v1/suppressions?kind=email&limit=1&cursor=${encodeURIComponent(first.nextCursor ?? '')}`,
      )
    ).body;
    const all = (await harness.api<Page>('GET', '/v1/suppressions?kind=email&limit=1000')).body.items.map(
      (e) => e.value,
    );
    expect([...first.items, ...second.items].map((e) => e.value)).toEqual(all.slice(0, 2));
    expect(all).toEqual(expect.arrayContaining(['blocked@example.com', 'other@example.com']));
    expect(first.items.concat(second.items).find((e) => e.value === 'blocked@example.com')?.addedBy).toBe(
      'ops@acme.test',
    );

    const { sequenceId } = { sequenceId: await launchSequence(harness, twoEmailSteps(await createIdentity(harness))) };
    const refused = await harness.api<EnrollResponse>('POST', `/v1/sequences/${sequenceId}/enrollments`, {
      recipients: [{ email: 'blocked@example.com' }],
    });
    expect(refused.body.rejected[0].reason).toContain('asked to be left alone');

    const removal = {
      kind: 'email',
      value: 'blocked@example.com',
      by: 'lead@acme.test',
      reason: 'consent given again',
    };
    expect((await harness.api('POST', '/v1/suppressions/remove', removal)).status).toBe(204);
    expect((await harness.api('POST', '/v1/suppressions/remove', removal)).status).toBe(404);
    const enrolled = await harness.api<EnrollResponse>('POST', `/v1/sequences/${sequenceId}/enrollments`, {
      recipients: [{ email: 'blocked@example.com' }],
    });
    expect(enrolled.body.enrolled).toHaveLength(1);
  });
});

function harnessUrl(harness: EnrollmentHarness): string {
  return (harness as unknown as { service: { url: string } }).service.url;
}
