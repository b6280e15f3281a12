import { createHash, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

/**
 * STEPWISE_API_KEYS: comma-separated `tenantId:key` pairs. Keys are held hashed and compared in
 * constant time, so neither memory dumps nor response timing reveal them.
 */
export const apiKeysEnvSchema = z.object({
  STEPWISE_API_KEYS: z
    .string()
    .min(1, { error: 'expected at least one tenantId:key pair' })
    .transform((value, ctx) => {
      const pairs = value.split(',').map((pair) => pair.trim().split(':'));
      const bad = pairs.find((pair) => pair.length !== 2 || !pair[0] || (pair[1] ?? '').length < 16);
      if (bad) {
        ctx.addIssue({ code: 'custom', message: 'expected tenantId:key pairs, keys of at least 16 characters' });
        return z.NEVER;
      }
      return pairs.map(([tenantId, key]) => ({ tenantId, keyHash: hashKey(key) }));
    }),
});

export type ApiKeyEntry = { tenantId: string; keyHash: Buffer };

export function hashKey(key: string): Buffer {
  return createHash('sha256').update(key).digest();
}

/** The tenant a presented key belongs to, or null. Every entry is compared so timing is flat. */
export function tenantForKey(entries: readonly ApiKeyEntry[], presented: string): string | null {
  const presentedHash = hashKey(presented);
  let tenant: string | null = null;
  for (const entry of entries) {
    if (timingSafeEqual(entry.keyHash, presentedHash)) tenant = entry.tenantId;
  }
  return tenant;
}
