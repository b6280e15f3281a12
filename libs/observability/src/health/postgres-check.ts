import type { Pool } from 'pg';
import type { HealthCheck } from './health-check';

/**
 * Ready when the pool can hand out a connection and run a query. Only `query` is needed, so a
 * pg.Pool, a pg.Client or a test double all fit.
 */
export function postgresCheck(pool: Pick<Pool, 'query'>): HealthCheck {
  return async () => {
    await pool.query('select 1');
  };
}
