import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { SealedSecret } from '@stepwise/contracts';

const KEY_BYTES = 32;
const IV_BYTES = 12;

/**
 * `IDENTITY_SECRET_KEYS`: comma-separated `<keyId>:<base64 of 32 bytes>`. The first key seals; every
 * listed key opens, so a key is rotated by putting a new one first and dropping the old one once
 * nothing sealed with it remains.
 */
export const secretKeysSchema = z
  .string()
  .transform((value, ctx) => {
    const keys = new Map<string, Buffer>();
    for (const entry of value
      .split(',')
      .map((e) => e.trim())
      .filter(Boolean)) {
      const separator = entry.indexOf(':');
      const keyId = entry.slice(0, separator);
      const key = Buffer.from(entry.slice(separator + 1), 'base64');
      if (separator < 1 || key.length !== KEY_BYTES) {
        ctx.addIssue({
          code: 'custom',
          message: `expected <keyId>:<base64 of ${KEY_BYTES} bytes>, got "${keyId || entry.slice(0, 8)}…"`,
        });
        return z.NEVER;
      }
      keys.set(keyId, key);
    }
    if (keys.size === 0) {
      ctx.addIssue({ code: 'custom', message: 'expected at least one <keyId>:<base64 key>' });
      return z.NEVER;
    }
    return keys;
  })
  .optional();

/** AES-256-GCM: each secret gets a fresh IV, and the tag refuses any altered ciphertext. */
export class SecretBox {
  private readonly sealingKeyId: string;

  constructor(private readonly keys: ReadonlyMap<string, Buffer>) {
    const first = keys.keys().next();
    if (first.done) throw new Error('SecretBox needs at least one key');
    this.sealingKeyId = first.value;
  }

  seal(plaintext: string): SealedSecret {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.keyFor(this.sealingKeyId), iv);
    const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return {
      keyId: this.sealingKeyId,
      iv: iv.toString('base64'),
      tag: cipher.getAuthTag().toString('base64'),
      data: data.toString('base64'),
    };
  }

  open(secret: SealedSecret): string {
    const decipher = createDecipheriv('aes-256-gcm', this.keyFor(secret.keyId), Buffer.from(secret.iv, 'base64'));
    decipher.setAuthTag(Buffer.from(secret.tag, 'base64'));
    return Buffer.concat([decipher.update(Buffer.from(secret.data, 'base64')), decipher.final()]).toString('utf8');
  }

  private keyFor(keyId: string): Buffer {
    const key = this.keys.get(keyId);
    if (!key) throw new Error(`no secret key "${keyId}" in IDENTITY_SECRET_KEYS (was it rotated out too early?)`);
    return key;
  }
}
