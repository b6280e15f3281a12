import { HealthRegistry, SHUTDOWN_CHECK } from './health-registry';

const never = () => new Promise<void>(() => undefined);

describe('HealthRegistry', () => {
  it('is ok with no checks', async () => {
    await expect(new HealthRegistry().check()).resolves.toEqual({ status: 'ok', checks: {}, failing: [] });
  });

  it('reports each check and names the failing ones with their error', async () => {
    const registry = new HealthRegistry();
    registry.register('postgres', async () => undefined);
    registry.register('kafka', async () => {
      throw new Error('connect ECONNREFUSED 127.0.0.1:9092');
    });

    const report = await registry.check();

    expect(report.status).toBe('error');
    expect(report.failing).toEqual(['kafka']);
    expect(report.checks.postgres).toMatchObject({ status: 'up' });
    expect(report.checks.kafka).toMatchObject({ status: 'down', error: 'connect ECONNREFUSED 127.0.0.1:9092' });
  });

  it('fails a check that does not answer within its timeout', async () => {
    const registry = new HealthRegistry(1_000);
    registry.register('slow', never, { timeoutMs: 20 });

    const report = await registry.check();

    expect(report.checks.slow).toMatchObject({ status: 'down', error: 'timed out after 20 ms' });
  });

  it('runs checks concurrently, so the slowest bounds the whole probe', async () => {
    const registry = new HealthRegistry(50);
    registry.register('a', never);
    registry.register('b', never);
    registry.register('c', never);

    const started = Date.now();
    await registry.check();

    expect(Date.now() - started).toBeLessThan(140);
  });

  it('joins a still-running check instead of starting another', async () => {
    const registry = new HealthRegistry(10);
    let runs = 0;
    let finish: () => void = () => undefined;
    // Only the first run hangs; once it settles, the next probe starts a fresh run that answers.
    registry.register('hanging', () => {
      runs += 1;
      return runs === 1 ? new Promise<void>((resolve) => (finish = resolve)) : Promise.resolve();
    });

    await registry.check();
    await registry.check();
    expect(runs).toBe(1);

    finish();
    await new Promise((resolve) => setImmediate(resolve));
    expect((await registry.check()).status).toBe('ok');
    expect(runs).toBe(2);
  });

  it('reports non-Error rejections and synchronous throws', async () => {
    const registry = new HealthRegistry();
    registry.register('string', () => Promise.reject('nope'));
    registry.register('sync', () => {
      throw new Error('thrown before any promise');
    });

    const report = await registry.check();

    expect(report.checks.string.error).toBe('nope');
    expect(report.checks.sync.error).toBe('thrown before any promise');
  });

  it('refuses two checks with the same name', () => {
    const registry = new HealthRegistry();
    registry.register('postgres', async () => undefined);

    expect(() => registry.register('postgres', async () => undefined)).toThrow('"postgres" is already registered');
  });

  it('turns not-ready once shutdown has begun', async () => {
    const registry = new HealthRegistry();
    registry.register('postgres', async () => undefined);

    registry.markShuttingDown();
    const report = await registry.check();

    expect(report.status).toBe('error');
    expect(report.failing).toEqual([SHUTDOWN_CHECK]);
  });
});
