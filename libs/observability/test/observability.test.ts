import { ObservedProcess } from './observed-process';
import type { HealthReport } from '../src/health/health-check';
import { sampleValue } from './prometheus-text';

const report = async (response: Response) => (await response.json()) as HealthReport;

describe('ObservabilityModule in a running service', () => {
  let service: ObservedProcess;
  let url: string;

  beforeAll(async () => {
    service = new ObservedProcess({ FIXTURE_DRAIN_MS: '1500' });
    url = await service.baseUrl();
  });

  afterAll(() => service.stop());

  it('answers liveness with 200 while the process runs', async () => {
    const response = await fetch(`${url}/health/live`);

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('answers readiness with 503 naming the failing check and its error', async () => {
    const response = await fetch(`${url}/health/ready`);
    const body = await report(response);

    expect(response.status).toBe(503);
    expect(body).toMatchObject({
      status: 'error',
      failing: ['broker'],
      checks: {
        database: { status: 'up' },
        broker: { status: 'down', error: 'broker unreachable' },
      },
    });
  });

  it('serves the same report on /health', async () => {
    const response = await fetch(`${url}/health`);

    expect(response.status).toBe(503);
    expect((await report(response)).failing).toEqual(['broker']);
  });

  it('exposes process metrics and the HTTP histogram with route patterns, in Prometheus text format', async () => {
    await fetch(`${url}/enrollments/e-123`);
    await fetch(`${url}/enrollments/e-456`);
    await fetch(`${url}/no/such/path/123`);

    const response = await fetch(`${url}/metrics`);
    const text = await response.text();
    const count = (labels: Record<string, string>) =>
      sampleValue(text, 'http_request_duration_seconds_count', { method: 'GET', service: 'fixture', ...labels });

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/plain');
    expect(sampleValue(text, 'process_cpu_user_seconds_total', { service: 'fixture' })).toBeGreaterThan(0);
    expect(sampleValue(text, 'process_resident_memory_bytes', { service: 'fixture' })).toBeGreaterThan(0);
    expect(sampleValue(text, 'nodejs_eventloop_lag_seconds', { service: 'fixture' })).toBeDefined();
    expect(text).toContain('# TYPE http_request_duration_seconds histogram');
    expect(count({ route: '/health/live', status: '200' })).toBe(1);
    expect(count({ route: '/health/ready', status: '503' })).toBe(1);
    // Two ids, one series: the label is the route pattern, never the URL.
    expect(count({ route: '/enrollments/:id', status: '200' })).toBe(2);
    expect(count({ route: 'unmatched', status: '404' })).toBe(1);
    expect(sampleValue(text, 'http_request_duration_seconds_bucket', { route: '/enrollments/:id', le: '+Inf' })).toBe(
      2,
    );
    expect(text).not.toContain('e-123');
  });

  it("logs Nest's own lines and its own as pino JSON with the service name", () => {
    expect(service.logs.every((line) => line.service === 'fixture' && typeof line.time === 'string')).toBe(true);
    expect(service.logs).toContainEqual(expect.objectContaining({ context: 'RouterExplorer', level: 'info' }));
    expect(service.logs.filter((line) => line.msg === 'listening')).toHaveLength(1);
  });

  // Last: it stops the service.
  it('on SIGTERM turns not-ready, finishes in-flight work, then exits', async () => {
    service.signal('SIGTERM');
    await service.waitForLog((line) => line.msg === 'shutdown signal received, draining');

    const during = await fetch(`${url}/health/ready`);
    expect(during.status).toBe(503);
    expect((await report(during)).failing).toContain('shutdown');

    await service.waitForLog((line) => line.msg === 'drained in-flight work');
    const { code, signal } = await service.exited;
    expect(signal === 'SIGTERM' || code === 0).toBe(true);
  });
});

describe('bootstrapService when startup fails', () => {
  it('logs the error as JSON and exits 1', async () => {
    const service = new ObservedProcess({ FIXTURE_FAIL_STARTUP: '1' });
    try {
      const { code } = await service.exited;

      expect(code).toBe(1);
      expect(service.logs).toContainEqual(
        expect.objectContaining({
          level: 'fatal',
          msg: 'startup failed',
          service: 'fixture',
          err: expect.objectContaining({ message: 'database migrations failed' }),
        }),
      );
      expect(service.logs.some((line) => line.msg === 'listening')).toBe(false);
    } finally {
      await service.stop();
    }
  });
});
