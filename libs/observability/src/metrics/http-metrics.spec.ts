import { Registry } from 'prom-client';
import { HttpMetrics, UNMATCHED_ROUTE, routeLabel } from './http-metrics';
import { createMetricsRegistry } from './metrics-registry';

describe('routeLabel', () => {
  it('uses the matched route pattern, not the URL', () => {
    expect(routeLabel({ route: { path: '/enrollments/:id' } })).toBe('/enrollments/:id');
    expect(routeLabel({ baseUrl: '/v1', route: { path: '/sequences/:id' } })).toBe('/v1/sequences/:id');
  });

  it('collapses requests no route matched into one label', () => {
    expect(routeLabel({})).toBe(UNMATCHED_ROUTE);
    expect(routeLabel({ route: { path: /regex/ } })).toBe(UNMATCHED_ROUTE);
  });
});

describe('HttpMetrics', () => {
  it('observes with bounded method, route and status labels', async () => {
    const registry = new Registry();
    const metrics = new HttpMetrics(registry);

    metrics.observe({ method: 'get', route: { path: '/health/ready' } }, '503', 0.012);
    metrics.observe({ method: 'BREW', url: '/wp-admin.php' } as never, '404', 0.001);

    const text = await registry.metrics();
    expect(text).toContain('http_request_duration_seconds_count{method="GET",route="/health/ready",status="503"} 1');
    expect(text).toContain('http_request_duration_seconds_count{method="OTHER",route="unmatched",status="404"} 1');
  });
});

describe('createMetricsRegistry', () => {
  it('collects default process metrics labelled with the service', async () => {
    const text = await createMetricsRegistry('dispatcher').metrics();

    expect(text).toMatch(/process_cpu_user_seconds_total\{service="dispatcher"\} \d/);
    expect(text).toContain('nodejs_eventloop_lag_seconds{service="dispatcher"}');
  });
});
