import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

const id = z.string().min(1).max(64);

/** What a tracking link stands for: one step attempt, what the recipient did, and for a click where to. */
export const trackingClaimSchema = z.object({
  enrollmentId: id,
  sequenceId: id,
  stepId: id,
  attempt: z.number().int().min(1),
  tenantId: id,
  kind: z.enum(['open', 'click', 'unsubscribe']),
  url: z.url({ protocol: /^https?$/ }).optional(),
});
export type TrackingClaim = z.infer<typeof trackingClaimSchema>;
export type TrackingKind = TrackingClaim['kind'];

/**
 * `<base64url(JSON claim)>.<base64url(HMAC-SHA256(secret, first part))>`. The claim travels in the
 * link itself, so a click or open needs no lookup to know its step; the signature means nobody
 * but this service can mint one or point a click at another URL (no open redirect).
 */
export class TrackingTokens {
  constructor(private readonly secret: string) {}

  sign(claim: TrackingClaim): string {
    const payload = Buffer.from(JSON.stringify(claim), 'utf8').toString('base64url');
    return `${payload}.${this.signature(payload)}`;
  }

  /** The claim of a token this service signed; null for anything forged, altered or malformed. */
  verify(token: string): TrackingClaim | null {
    const dot = token.indexOf('.');
    if (dot <= 0) return null;
    const payload = token.slice(0, dot);
    const given = Buffer.from(token.slice(dot + 1), 'base64url');
    const expected = Buffer.from(this.signature(payload), 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
    try {
      const parsed = trackingClaimSchema.safeParse(JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')));
      return parsed.success ? parsed.data : null;
    } catch {
      return null;
    }
  }

  /**
   * A short, stable token for an attempt's return path and reply address (`bounces+<token>@…`):
   * an address local part holds at most 64 characters and is often lower-cased on the way, so it
   * is 26 characters of lower-case base32, not a signed claim; email_send maps it back.
   */
  returnToken(messageId: string): string {
    return base32(createHmac('sha256', this.secret).update(`return:${messageId}`).digest().subarray(0, 16));
  }

  private signature(payload: string): string {
    return createHmac('sha256', this.secret).update(payload).digest('base64url');
  }
}

const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';

function base32(bytes: Buffer): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += BASE32[(value << (5 - bits)) & 31];
  return out;
}
