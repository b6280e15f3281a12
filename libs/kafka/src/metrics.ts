import { Counter, Gauge, Histogram, register as defaultRegistry, type Registry } from 'prom-client';

/**
 * Several producers and consumers live in one process (and tests build many): the first one
 * registers a metric and the others reuse it, instead of prom-client throwing on a second
 * registration of the same name.
 */
export function counter<L extends string>(
  registry: Registry | undefined,
  name: string,
  help: string,
  labelNames: L[],
): Counter<L> {
  const target = registry ?? defaultRegistry;
  return (
    (target.getSingleMetric(name) as Counter<L> | undefined) ??
    new Counter({ name, help, labelNames, registers: [target] })
  );
}

export function gauge<L extends string>(
  registry: Registry | undefined,
  name: string,
  help: string,
  labelNames: L[],
): Gauge<L> {
  const target = registry ?? defaultRegistry;
  return (
    (target.getSingleMetric(name) as Gauge<L> | undefined) ?? new Gauge({ name, help, labelNames, registers: [target] })
  );
}

export function histogram<L extends string>(
  registry: Registry | undefined,
  name: string,
  help: string,
  labelNames: L[],
  buckets: number[],
): Histogram<L> {
  const target = registry ?? defaultRegistry;
  return (
    (target.getSingleMetric(name) as Histogram<L> | undefined) ??
    new Histogram({ name, help, labelNames, buckets, registers: [target] })
  );
}
