import type { Pool, PoolClient } from 'pg';
import pino from 'pino';
import { Registry } from 'prom-client';
import { createEnvelope, stepDueSchema, stepOutcomeSchema, type StepDue, type StepOutcome } from '@stepwise/contracts';
import type { EnrollmentStatusFact } from './enrollment-halt';
import type { EnrollmentStatusRepository } from './enrollment-status.repository';
import type { HaltFeedBarrier } from './halt-feed-barrier';
import { HaltedEnrollmentScreen } from './halted-enrollment-screen';
import { ProviderGuard } from './provider-guard';
import { SendDueSteps, type ChannelSender, type ProviderAcceptance, type SettledAttempt } from './send-due-steps';
import { stepKey, type Claim, type ReleasedSend, type SendLogRepository, type Settlement } from './send-log.repository';
import { SendMetrics } from './send-metrics';

const cause = { type: 'invalid_address' as const, message: 'not connected', suggestedFix: 'wait' };
const step = { enrollmentId: 'enr_1', sequenceId: 'seq_1', stepId: 'step_2', attempt: 1 };

/** The send path with the database and the provider replaced: what it settles and publishes. */
function subject(answer: ProviderAcceptance, released: ReleasedSend, halt?: EnrollmentStatusFact) {
  const settled: Settlement[] = [];
  const published: StepOutcome[] = [];
  const client = {
    query: jest.fn(async (sql: string, params?: unknown[]) => {
      if (sql.includes('INSERT INTO outbox')) {
        const rows = JSON.parse(params?.[0] as string) as { envelope: StepOutcome }[];
        published.push(...rows.map((row) => row.envelope));
      }
      return { rows: [] };
    }),
    release: jest.fn(),
  } as unknown as PoolClient;
  const repository = {
    claim: jest.fn(async (claims: { step: typeof step }[]) => new Set(claims.map((c) => stepKey(c.step)))),
    releaseWaiting: jest.fn(async () => [released]),
    settle: jest.fn(async (_client: PoolClient, settlements: Settlement[]) => {
      settled.push(...settlements);
      return new Map(settlements.map((s) => [stepKey(s.step), null]));
    }),
  } as unknown as SendLogRepository;
  const sender: ChannelSender<StepDue, { text: string }> = {
    channel: 'social',
    outcomesTopic: 'outcomes',
    prepare: () => ({ ok: true, request: { text: 'Hi' } }),
    send: jest.fn(async () => answer),
  };
  const guard = new ProviderGuard({
    provider: { name: 'the provider', whereToCheck: 'its log' },
    concurrency: 2,
    retry: { attempts: 1, initialMs: 1, maxMs: 1 },
    logger: pino({ level: 'silent' }),
  });
  // The channel's halt table; a barrier that lets a test land a halt between two looks.
  const halts = new Map(halt ? [[halt.enrollmentId, halt]] : []);
  const barrier = {
    reached: jest.fn(async () => new Map<number, string>()),
    unchangedSince: jest.fn(async () => true),
  };
  const screen = new HaltedEnrollmentScreen(
    {
      find: async (ids: string[]) => new Map([...halts].filter(([id]) => ids.includes(id))),
    } as unknown as EnrollmentStatusRepository,
    barrier as unknown as HaltFeedBarrier,
  );
  const sendDueSteps = new SendDueSteps({
    sender,
    pool: { connect: async () => client } as unknown as Pool,
    repository,
    guard,
    screen,
    metrics: new SendMetrics(new Registry()),
    logger: pino({ level: 'silent' }),
    chunkSize: 10,
    maxWaits: 3,
  });
  return { sendDueSteps, sender, settled, published, guard, halts, barrier };
}

describe('SendDueSteps.sendWaiting', () => {
  it('sends a released request again and publishes the result', async () => {
    const run = subject(
      { outcome: 'sent', providerMessageId: 'msg_1' },
      { step, tenantId: 't', request: { text: 'Hi' }, waits: 1 },
    );
    await run.sendDueSteps.sendWaiting('acct', 'profile');
    run.guard.shutdown();

    expect(run.sender.send).toHaveBeenCalledWith({ text: 'Hi' });
    expect(run.published.map((o) => o.payload.outcome)).toEqual(['sent']);
  });

  it('holds the request again, publishing nothing, while releases are under the limit', async () => {
    const run = subject(
      { outcome: 'waiting', cause, waitMs: 60_000 },
      { step, tenantId: 't', request: { text: 'Hi' }, waits: 2 },
    );
    await run.sendDueSteps.sendWaiting('acct', 'profile');
    run.guard.shutdown();

    expect(run.settled).toEqual([
      { step, status: 'waiting', heldRequest: { text: 'Hi' }, failure: cause, waitUntil: expect.any(Date) },
    ]);
    expect(run.published).toEqual([]);
  });

  it('fails with the cause once the limit of releases is reached', async () => {
    const run = subject(
      { outcome: 'waiting', cause, waitMs: 60_000 },
      { step, tenantId: 't', request: { text: 'Hi' }, waits: 3 },
    );
    await run.sendDueSteps.sendWaiting('acct', 'profile');
    run.guard.shutdown();

    expect(run.settled).toEqual([{ step, status: 'failed', failure: cause }]);
    expect(run.published.map((o) => [o.payload.outcome, o.payload.error?.message])).toEqual([
      ['failed', 'not connected'],
    ]);
  });

  it.each([
    ['skipped for good, and announced, once its enrollment replied', 'replied', true, [{ step, status: 'skipped' }]],
    [
      'held again while its enrollment is paused',
      'paused',
      false,
      [{ step, status: 'waiting', heldRequest: { text: 'Hi' } }],
    ],
  ] as const)('a released message is never sent but %s', async (_title, status, final, settled) => {
    const halt = { enrollmentId: step.enrollmentId, status, final, changedAt: new Date(), attempt: 1 };
    const run = subject(
      { outcome: 'sent', providerMessageId: 'msg_1' },
      { step, tenantId: 't', request: { text: 'Hi' }, waits: 1 },
      halt,
    );
    await run.sendDueSteps.sendWaiting('acct', 'profile');
    run.guard.shutdown();

    expect(run.sender.send).not.toHaveBeenCalled();
    expect(run.settled).toEqual(settled);
    const notices = run.published.map((m) => [m.type, (m.payload as { enrollmentStatus?: string }).enrollmentStatus]);
    expect(notices).toEqual(final ? [['step.skipped', status]] : []);
  });
});

describe('SendDueSteps.execute with a channel that looks up, adds claim columns and settles more', () => {
  type Request = { text: string; previous?: string };
  const due = (enrollmentId: string): StepDue =>
    createEnvelope(stepDueSchema, {
      tenantId: 't',
      key: enrollmentId,
      payload: {
        step: { ...step, enrollmentId },
        delivery: {
          channel: 'sms',
          stepType: 'sms',
          sender: { identityId: 'idn_1', address: '+14155550100' },
          to: '+14155550199',
          variables: {},
          body: 'Hi',
        },
        timerId: enrollmentId,
        timerVersion: 1,
        dueAt: new Date().toISOString(),
        firedAt: new Date().toISOString(),
      },
    });

  function run(answer: ProviderAcceptance) {
    const claims: Claim[] = [];
    const published: { type: string; payload: Record<string, unknown> }[] = [];
    const hookCalls: SettledAttempt<Request>[][] = [];
    const client = {
      query: jest.fn(async (sql: string, params?: unknown[]) => {
        if (sql.includes('INSERT INTO outbox')) {
          const rows = JSON.parse(params?.[0] as string) as { envelope: (typeof published)[number] }[];
          published.push(...rows.map((row) => row.envelope));
        }
        return { rows: [] };
      }),
      release: jest.fn(),
    } as unknown as PoolClient;
    const repository = {
      claim: jest.fn(async (batch: Claim[]) => {
        claims.push(...batch);
        return new Set(batch.map((c) => stepKey(c.step)));
      }),
      // The provider id the claim named, as the send log holds it.
      settle: jest.fn(async (_client: PoolClient, settlements: Settlement[]) => {
        return new Map(settlements.map((s) => [stepKey(s.step), `named-${s.step.enrollmentId}`]));
      }),
    } as unknown as SendLogRepository;
    const lookup = jest.fn(async (dues: readonly StepDue[]) => new Map(dues.map((d) => [d.key, `before-${d.key}`])));
    const sender: ChannelSender<StepDue, Request, Map<string, string>> = {
      channel: 'email',
      outcomesTopic: 'outcomes',
      lookup,
      prepare: (d, previous) =>
        d.key === 'enr_bad'
          ? { ok: false, failure: cause }
          : { ok: true, request: { text: 'Hi', previous: previous.get(d.key) } },
      claimColumns: {
        names: ['provider_message_id'],
        values: (d) => [`named-${d.key}`],
      },
      send: jest.fn(async () => answer),
      afterSettle: jest.fn(async (_client: PoolClient, settled: readonly SettledAttempt<Request>[]) => {
        hookCalls.push([...settled]);
        return [
          {
            topic: 'health',
            envelope: createEnvelope(stepOutcomeSchema, {
              tenantId: 't',
              key: 'marker',
              payload: { step, channel: 'email', outcome: 'opened' },
            }),
          },
        ];
      }),
    };
    const guard = new ProviderGuard({
      provider: { name: 'the provider', whereToCheck: 'its log' },
      concurrency: Number.POSITIVE_INFINITY,
      retry: { attempts: 1, initialMs: 1, maxMs: 1 },
      breaker: false,
      logger: pino({ level: 'silent' }),
    });
    // Nothing halted: every look lets the step through.
    const screen = {
      screen: async (dues: StepDue[]) => ({ sendable: dues, skipped: [] }),
      lookBeforeCall: async () => null,
    } as unknown as HaltedEnrollmentScreen;
    const sendDueSteps = new SendDueSteps({
      sender,
      pool: { connect: async () => client } as unknown as Pool,
      repository,
      guard,
      screen,
      metrics: new SendMetrics(new Registry()),
      logger: pino({ level: 'silent' }),
      chunkSize: 10,
    });
    return { sendDueSteps, sender, lookup, claims, published, hookCalls, guard };
  }

  it('looks up once per chunk, prepares with it, and puts the channel columns on the claim row', async () => {
    const r = run({ outcome: 'sent', providerMessageId: 'named-enr_a' });
    await r.sendDueSteps.execute([due('enr_a'), due('enr_b')]);
    r.guard.shutdown();

    expect(r.lookup).toHaveBeenCalledTimes(1);
    expect(r.sender.send).toHaveBeenCalledWith({ text: 'Hi', previous: 'before-enr_a' });
    expect(r.claims.map((c) => c.extra)).toEqual([['named-enr_a'], ['named-enr_b']]);
  });

  it('publishes one sent marked delivered for an acceptance that is also the delivery', async () => {
    const r = run({ outcome: 'sent', providerMessageId: 'named-enr_a', delivered: true });
    await r.sendDueSteps.execute([due('enr_a')]);
    r.guard.shutdown();

    const outcomes = r.published.filter((m) => m.type === 'step.outcome' && m.payload.channel === 'email');
    expect(outcomes.map((m) => [m.payload.outcome, m.payload.delivered])).toEqual([
      ['sent', true],
      ['opened', undefined],
    ]);
  });

  it('runs the after-settle hook in the settle transaction and appends what it returns', async () => {
    const r = run({ outcome: 'sent', providerMessageId: 'named-enr_a' });
    await r.sendDueSteps.execute([due('enr_a'), due('enr_bad')]);
    r.guard.shutdown();

    expect(r.hookCalls).toHaveLength(1);
    expect(r.hookCalls[0].map((a) => [a.settlement.status, a.tenantId, a.request])).toEqual([
      ['sent', 't', { text: 'Hi', previous: 'before-enr_a' }],
      ['failed', 't', undefined],
    ]);
    // A failure still names the message where the channel named it at claim time.
    const failed = r.published.find((m) => m.payload.outcome === 'failed');
    expect(failed?.payload.providerMessageId).toBe('named-enr_bad');
    expect(r.published.map((m) => m.payload.outcome)).toEqual(['sent', 'failed', 'opened']);
  });
});

describe('SendDueSteps.execute: the last look before the provider call', () => {
  const now = new Date().toISOString();
  const due = createEnvelope(stepDueSchema, {
    tenantId: 't',
    key: step.enrollmentId,
    payload: {
      step,
      delivery: {
        channel: 'sms',
        stepType: 'sms',
        sender: { identityId: 'idn_1', address: '+14155550100' },
        to: '+14155550101',
        variables: {},
        body: 'Hi',
      },
      timerId: step.enrollmentId,
      timerVersion: 1,
      dueAt: now,
      firedAt: now,
    },
  });

  it.each(['stopped', 'paused'] as const)(
    'a recipient %s after the claim is not sent: the step is settled skipped and announced',
    async (status) => {
      const run = subject(
        { outcome: 'sent', providerMessageId: 'msg_1' },
        { step, tenantId: 't', request: {}, waits: 0 },
      );
      // The halt lands on the feed after the look before the claim, before the one after it.
      run.barrier.reached
        .mockImplementationOnce(async () => new Map())
        .mockImplementationOnce(async () => {
          run.halts.set(step.enrollmentId, {
            enrollmentId: step.enrollmentId,
            status,
            final: status === 'stopped',
            changedAt: new Date(),
            attempt: 1,
          });
          return new Map();
        });
      await run.sendDueSteps.execute([due]);
      run.guard.shutdown();

      expect(run.barrier.reached).toHaveBeenCalledTimes(2);
      expect(run.sender.send).not.toHaveBeenCalled();
      expect(run.settled).toEqual([{ step, status: 'skipped' }]);
      expect(run.published.map((m) => [m.type, (m.payload as { enrollmentStatus?: string }).enrollmentStatus])).toEqual(
        [['step.skipped', status]],
      );
    },
  );

  it('sends when nothing halted the recipient by the last look', async () => {
    const run = subject(
      { outcome: 'sent', providerMessageId: 'msg_1' },
      { step, tenantId: 't', request: {}, waits: 0 },
    );
    await run.sendDueSteps.execute([due]);
    run.guard.shutdown();

    expect(run.sender.send).toHaveBeenCalledTimes(1);
    expect(run.published.map((o) => o.payload.outcome)).toEqual(['sent']);
  });
});
