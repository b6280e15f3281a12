import type { Pool } from 'pg';
import type { Logger } from 'pino';
import type { Envelope } from '@stepwise/contracts';

/** Where the relay publishes: resolves once the broker has acknowledged every message. */
export interface OutboxPublisher {
  publish(messages: { topic: string; envelope: Envelope }[]): Promise<void>;
}

export interface OutboxRelayOptions {
  pool: Pool;
  publisher: OutboxPublisher;
  logger: Logger;
  /** Lock id shared by every instance of one service: one relay publishes at a time, keeping per-key order. */
  lockId: number;
  batchSize?: number;
  /** First wait after a poll that found less than a batch; doubles while polls find nothing. */
  idleDelayMs?: number;
  /** Longest wait between polls of an empty outbox; a writer's nudge cuts it short. */
  maxIdleDelayMs?: number;
}

interface OutboxRow {
  id: string;
  topic: string;
  envelope: Envelope;
}

/**
 * Publishes outbox rows to Kafka and deletes them in the same transaction: a crash before the
 * commit leaves the rows for the next attempt (at-least-once; consumers dedupe by event id).
 */
export class OutboxRelay {
  private running = false;
  private loop: Promise<void> | null = null;
  private wake: (() => void) | null = null;
  private readonly batchSize: number;
  private readonly idleDelayMs: number;
  private readonly maxIdleDelayMs: number;
  private idleDelay: number;

  constructor(private readonly options: OutboxRelayOptions) {
    this.batchSize = options.batchSize ?? 2000;
    this.idleDelayMs = options.idleDelayMs ?? 20;
    this.maxIdleDelayMs = Math.max(this.idleDelayMs, options.maxIdleDelayMs ?? 250);
    this.idleDelay = this.idleDelayMs;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /** Lets a writer that just committed skip the idle wait. */
  nudge(): void {
    this.idleDelay = this.idleDelayMs;
    this.wake?.();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.nudge();
    await this.loop;
  }

  /** Publishes one batch; returns how many rows went out. */
  async relayOnce(): Promise<number> {
    const client = await this.options.pool.connect();
    try {
      await client.query('BEGIN');
      const lock = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_xact_lock($1) AS locked', [
        this.options.lockId,
      ]);
      if (!lock.rows[0].locked) {
        await client.query('ROLLBACK');
        return 0;
      }
      const { rows } = await client.query<OutboxRow>(
        `DELETE FROM outbox WHERE id IN (SELECT id FROM outbox ORDER BY id LIMIT $1)
         RETURNING id, topic, envelope`,
        [this.batchSize],
      );
      if (rows.length > 0) {
        // RETURNING order is not guaranteed; per-key order must follow insertion order.
        rows.sort((a, b) => Number(a.id) - Number(b.id));
        await this.options.publisher.publish(rows.map((r) => ({ topic: r.topic, envelope: r.envelope })));
      }
      await client.query('COMMIT');
      return rows.length;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  private async run(): Promise<void> {
    while (this.running) {
      let published = 0;
      try {
        published = await this.relayOnce();
      } catch (error) {
        this.options.logger.error({ err: error }, 'outbox relay failed; retrying');
        await this.sleep(500);
        continue;
      }
      if (published === this.batchSize) continue;
      if (published > 0) this.idleDelay = this.idleDelayMs;
      // An empty poll is not free: it walks past every row a running transaction has written but not
      // committed yet (300k rows of a bulk enrollment cost ~80 ms a poll), so idle polls back off.
      const delay = this.idleDelay;
      this.idleDelay = Math.min(delay * 2, this.maxIdleDelayMs);
      await this.sleep(delay);
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      this.wake = done;
      function done() {
        clearTimeout(timer);
        resolve();
      }
    });
  }
}
