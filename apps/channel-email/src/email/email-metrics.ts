import { Injectable } from '@nestjs/common';
import { Gauge, Histogram } from 'prom-client';
import { MetricsRegistry } from '@stepwise/observability';
import { SmtpSender } from './smtp/smtp-sender';

/**
 * The channel's own series besides the channel kit's (settled outcomes and duplicates, as for
 * every channel); labels hold only fixed values (results, breaker states).
 */
@Injectable()
export class EmailMetrics {
  private readonly sendDuration: Histogram<'result'>;

  constructor(registry: MetricsRegistry, sender: SmtpSender) {
    this.sendDuration = new Histogram({
      name: 'channel_email_send_duration_seconds',
      help: 'Time from starting one email until the SMTP server accepted or refused it (waiting for a connection and retries included), by result',
      labelNames: ['result'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: [registry],
    });
    // One series per state, not per identity: thousands of recruiters must not mean thousands of series.
    new Gauge({
      name: 'channel_email_smtp_breakers',
      help: 'Sender identities whose SMTP circuit breaker is in each state',
      labelNames: ['state'],
      registers: [registry],
      collect() {
        for (const [state, count] of Object.entries(sender.breakerStates())) this.set({ state }, count);
      },
    });
    new Gauge({
      name: 'channel_email_smtp_open_transports',
      help: 'Sender identities with a pooled SMTP transport open (idle ones close after SMTP_IDLE_CLOSE_MS)',
      registers: [registry],
      collect() {
        this.set(sender.openTransports());
      },
    });
  }

  startSend(): (ok: boolean) => void {
    const stop = this.sendDuration.startTimer();
    return (ok) => stop({ result: ok ? 'ok' : 'failed' });
  }
}
