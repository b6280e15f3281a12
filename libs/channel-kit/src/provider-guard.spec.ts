import pino from 'pino';
import { NO_PROVIDER_RETRY, ProviderGuard } from './provider-guard';
import { ProviderError } from './step-failure';

const provider = { name: 'Twilio', whereToCheck: "Twilio's Messaging Logs" };

function guard(
  overrides: { attempts?: number; volumeThreshold?: number; onCircuitState?: (openness: number) => void } = {},
): ProviderGuard {
  return new ProviderGuard({
    provider,
    concurrency: 4,
    retry: { attempts: overrides.attempts ?? 3, initialMs: 1, maxMs: 2 },
    breaker: { volumeThreshold: overrides.volumeThreshold ?? 1_000, resetTimeout: 60_000 },
    logger: pino({ level: 'silent' }),
    onCircuitState: overrides.onCircuitState,
  });
}

/** A task that fails with the given errors in turn, then succeeds; counts its calls. */
function flaky(...errors: Error[]) {
  const task = jest.fn(async () => {
    const error = errors[task.mock.calls.length - 1];
    if (error) throw error;
    return 'SM123';
  });
  return task;
}

describe('ProviderGuard', () => {
  let subject: ProviderGuard;
  afterEach(() => subject.shutdown());

  it('retries a failure that sent nothing, and returns the later success', async () => {
    subject = guard();
    const task = flaky(ProviderError.notSent('unreachable (ECONNREFUSED)'));
    await expect(subject.call(task)).resolves.toEqual({ ok: true, value: 'SM123' });
    expect(task).toHaveBeenCalledTimes(2);
  });

  it('reports provider_down once every attempt failed without sending', async () => {
    subject = guard({ attempts: 3 });
    const down = ProviderError.notSent('unreachable (ECONNREFUSED)');
    const task = flaky(down, down, down);
    const result = await subject.call(task);
    expect(task).toHaveBeenCalledTimes(3);
    expect(result).toEqual({
      ok: false,
      failure: expect.objectContaining({ type: 'provider_down', message: expect.stringContaining('3 attempts') }),
    });
  });

  it('never retries a call that may have been sent, and reports the state as unknown', async () => {
    subject = guard();
    const task = flaky(ProviderError.ambiguous('no answer in time (ECONNABORTED)'));
    const result = await subject.call(task);
    expect(task).toHaveBeenCalledTimes(1);
    expect(result).toEqual({
      ok: false,
      failure: expect.objectContaining({
        type: 'unknown_delivery_state',
        suggestedFix: expect.stringContaining("Twilio's Messaging Logs"),
      }),
    });
  });

  it('treats an error the adapter did not classify as possibly sent', async () => {
    subject = guard();
    const task = flaky(new Error('socket hang up'));
    await expect(subject.call(task)).resolves.toMatchObject({ ok: false, failure: { type: 'unknown_delivery_state' } });
    expect(task).toHaveBeenCalledTimes(1);
  });

  it("passes a rejection's own failure through, without retrying", async () => {
    subject = guard();
    const failure = { type: 'invalid_address' as const, message: 'bad number', suggestedFix: 'fix it' };
    const task = flaky(ProviderError.rejected(failure));
    await expect(subject.call(task)).resolves.toEqual({ ok: false, failure });
    expect(task).toHaveBeenCalledTimes(1);
  });

  it('opens the circuit after repeated failures, then fails fast without calling the provider', async () => {
    const circuitStates: number[] = [];
    subject = guard({ attempts: 1, volumeThreshold: 2, onCircuitState: (openness) => circuitStates.push(openness) });
    const down = jest.fn(async () => {
      throw ProviderError.notSent('answered 503 (Twilio error 503)');
    });
    await subject.call(down);
    await subject.call(down);
    const callsBeforeOpen = down.mock.calls.length;
    const result = await subject.call(down);
    expect(down).toHaveBeenCalledTimes(callsBeforeOpen);
    expect(result).toMatchObject({
      ok: false,
      failure: { type: 'provider_down', message: expect.stringContaining('circuit open') },
    });
    expect(circuitStates).toEqual([0, 1]);
  });

  it('does not let rejections of single messages open the circuit', async () => {
    subject = guard({ attempts: 1, volumeThreshold: 2 });
    const failure = { type: 'content' as const, message: 'too long', suggestedFix: 'shorten' };
    const rejected = jest.fn(async () => {
      throw ProviderError.rejected(failure);
    });
    for (let i = 0; i < 5; i++) await subject.call(rejected);
    expect(rejected).toHaveBeenCalledTimes(5);
  });

  it('keeps results in input order across concurrent calls', async () => {
    subject = guard();
    const results = await subject.callAll([30, 1, 10], async (delay) => {
      await new Promise((resolve) => setTimeout(resolve, delay));
      return `SM${delay}`;
    });
    expect(results).toEqual([
      { ok: true, value: 'SM30' },
      { ok: true, value: 'SM1' },
      { ok: true, value: 'SM10' },
    ]);
  });
});

describe('ProviderGuard for a client that guards itself (channel-email)', () => {
  const ownGuard = () =>
    new ProviderGuard({
      provider,
      concurrency: Number.POSITIVE_INFINITY,
      retry: NO_PROVIDER_RETRY,
      breaker: false,
      logger: pino({ level: 'silent' }),
    });

  it('calls once: the client retried already', async () => {
    const subject = ownGuard();
    const task = flaky(ProviderError.notSent('unreachable (ECONNREFUSED)'));
    const result = await subject.call(task);
    expect(result).toMatchObject({ ok: false, failure: { type: 'provider_down' } });
    expect(task).toHaveBeenCalledTimes(1);
    subject.shutdown();
  });

  it('never fails fast: one identity failing keeps no other identity from its own server', async () => {
    const subject = ownGuard();
    const down = Array.from({ length: 50 }, () => flaky(ProviderError.notSent('unreachable (ECONNREFUSED)')));
    await subject.callAll(down, (task) => task());
    const healthy = flaky();
    await expect(subject.call(healthy)).resolves.toEqual({ ok: true, value: 'SM123' });
    expect(healthy).toHaveBeenCalledTimes(1);
    subject.shutdown();
  });

  it('starts every call at once: the client bounds them per identity', async () => {
    const subject = ownGuard();
    let inFlight = 0;
    let most = 0;
    const slow = async () => {
      most = Math.max(most, ++inFlight);
      await new Promise((resolve) => setTimeout(resolve, 5));
      inFlight--;
      return 'ok';
    };
    await subject.callAll(
      Array.from({ length: 40 }, () => slow),
      (task) => task(),
    );
    expect(most).toBe(40);
    subject.shutdown();
  });
});
