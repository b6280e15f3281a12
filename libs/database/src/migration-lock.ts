import { createHash } from 'node:crypto';

// Namespaced so our keys cannot collide with advisory locks the services take for their own work.
const LOCK_NAMESPACE = 'stepwise:migrations:';

/** A stable signed 64-bit key (as a decimal string, pg's bigint) derived from the schema name. */
export function migrationLockKey(schema: string): string {
  const digest = createHash('sha256')
    .update(LOCK_NAMESPACE + schema)
    .digest();
  return digest.readBigInt64BE(0).toString();
}
