import { Registry, collectDefaultMetrics } from 'prom-client';

/**
 * The service's Prometheus registry, and the DI token for it: inject `MetricsRegistry` and pass it
 * in `registers: [registry]` when creating counters and histograms. A registry per app (not
 * prom-client's global one) keeps apps booted side by side in one test process apart.
 */
export class MetricsRegistry extends Registry {}

export function createMetricsRegistry(service: string): MetricsRegistry {
  const registry = new MetricsRegistry();
  // A default label on the registry tags every metric, including the ones other libs add later,
  // so dashboards can split by service even where scrape configs do not add a job label.
  registry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: registry });
  return registry;
}
