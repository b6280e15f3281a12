import { Counter, Gauge, type Registry } from 'prom-client';

/** What a channel's send path measures; `error_type` is empty unless the outcome is 'failed'. */
export class SendMetrics {
  readonly outcomes: Counter<'channel' | 'outcome' | 'error_type'>;
  readonly duplicates: Counter<'channel'>;
  readonly circuit: Gauge<'channel'>;

  constructor(registry: Registry) {
    this.outcomes = new Counter({
      name: 'stepwise_channel_step_outcomes_total',
      help: 'Step attempts settled by this process, by outcome and error type',
      labelNames: ['channel', 'outcome', 'error_type'],
      registers: [registry],
    });
    this.duplicates = new Counter({
      name: 'stepwise_channel_duplicate_step_due_total',
      help: 'Step-due commands dropped because their attempt was already claimed (redelivery)',
      labelNames: ['channel'],
      registers: [registry],
    });
    this.circuit = new Gauge({
      name: 'stepwise_channel_provider_circuit_open',
      help: "State of the provider's circuit breaker: 1 open (failing fast), 0.5 half-open, 0 closed",
      labelNames: ['channel'],
      registers: [registry],
    });
  }
}
