import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

/** From 1 ms (a timer fired on the poll that found it) to 60 s (a dispatcher far behind its load). */
const LATENESS_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];
/** The claim reads the front of an index: it should stay in milliseconds whatever the backlog. */
const CLAIM_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];

type FiredLabel = 'kind' | 'channel';

/** The dispatcher's own metrics, created once per registry (one per process, one per test instance). */
export class DispatcherMetrics {
  readonly lateness: Histogram;
  readonly fired: Counter<FiredLabel>;
  readonly duePending: Gauge;
  readonly claimDuration: Histogram;
  readonly deferred: Counter<'reason'>;

  constructor(registry: Registry) {
    const registers = [registry];
    this.lateness = new Histogram({
      name: 'dispatcher_timer_lateness_seconds',
      help: 'Time from a timer being due to its message being acknowledged by Kafka',
      buckets: LATENESS_BUCKETS,
      registers,
    });
    this.fired = new Counter({
      name: 'dispatcher_timers_fired_total',
      help: 'Timers fired, by action kind (send_step, notify) and channel (email, sms, social; none for notify)',
      labelNames: ['kind', 'channel'],
      registers,
    });
    this.duePending = new Gauge({
      name: 'dispatcher_timers_due_pending',
      help: 'Timers past their due time and not yet fired (refreshed every few seconds)',
      registers,
    });
    this.claimDuration = new Histogram({
      name: 'dispatcher_claim_duration_seconds',
      help: 'Duration of one claim statement (lock and delete a batch of due timers)',
      buckets: CLAIM_BUCKETS,
      registers,
    });
    this.deferred = new Counter({
      name: 'dispatcher_sends_deferred_total',
      help: 'Due sends held back, by reason (outside_working_hours, identity_limit_reached)',
      labelNames: ['reason'],
      registers,
    });
  }

  /** One increment per label set, not per timer: label lookups cost more than the add. */
  countFired(routes: readonly string[]): void {
    const counts = new Map<string, number>();
    for (const route of routes) counts.set(route, (counts.get(route) ?? 0) + 1);
    for (const [route, count] of counts) {
      this.fired.inc(
        route === 'notify' ? { kind: 'notify', channel: 'none' } : { kind: 'send_step', channel: route },
        count,
      );
    }
  }
}
