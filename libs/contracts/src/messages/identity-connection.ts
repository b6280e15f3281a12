import { z } from 'zod';
import { defineMessage } from '../envelope';

const host = z.string().trim().min(1).max(255).describe('Server name or IP address');
const port = z.number().int().min(1).max(65535);
const tls = z
  .enum(['implicit', 'starttls', 'none'])
  .describe(
    'implicit: TLS from the first byte (SMTP 465, IMAP 993); starttls: upgrade required; none: plain (local relays only)',
  );
const username = z.string().trim().min(1).max(320);

/** How a mailbox logs in, as a user gives it: secrets in clear, only ever on the way in. */
export const mailLoginBodySchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('password'), username, password: z.string().min(1).max(1000) }).strict(),
  z
    .object({
      type: z.literal('oauth2'),
      provider: z.enum(['google', 'microsoft']).describe('Google Workspace or Microsoft 365 (XOAUTH2)'),
      username: username.describe('The mailbox address the token was granted for'),
      clientId: z.string().min(1).max(500),
      clientSecret: z.string().min(1).max(1000),
      refreshToken: z.string().min(1).max(4000),
      tokenUrl: z.url().optional().describe("Token endpoint; the provider's own when absent"),
    })
    .strict(),
]);
export type MailLoginBody = z.infer<typeof mailLoginBodySchema>;

export const identityConnectionBodySchema = z
  .object({
    smtp: z.object({ host, port, tls, auth: mailLoginBodySchema }).strict(),
    imap: z
      .object({
        host,
        port,
        tls,
        auth: mailLoginBodySchema.optional().describe('The SMTP login when absent (one account, both protocols)'),
        mailbox: z.string().min(1).max(200).default('INBOX'),
      })
      .strict()
      .optional()
      .describe('Where replies are read; without it only the inbound SMTP endpoint sees replies'),
  })
  .strict()
  .meta({ id: 'IdentityConnectionBody' });
export type IdentityConnectionBody = z.infer<typeof identityConnectionBodySchema>;

/** AES-256-GCM ciphertext with the id of the key that sealed it, so keys can rotate. */
export const sealedSecretSchema = z.object({
  keyId: z.string().min(1).max(64),
  iv: z.base64(),
  tag: z.base64(),
  data: z.base64(),
});
export type SealedSecret = z.infer<typeof sealedSecretSchema>;

/** A login at rest and on the wire: every secret sealed. */
export const sealedMailLoginSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('password'), username, password: sealedSecretSchema }),
  z.object({
    type: z.literal('oauth2'),
    provider: z.enum(['google', 'microsoft']),
    username,
    clientId: z.string().min(1).max(500),
    clientSecret: sealedSecretSchema,
    refreshToken: sealedSecretSchema,
    tokenUrl: z.url().optional(),
  }),
]);
export type SealedMailLogin = z.infer<typeof sealedMailLoginSchema>;

export const sealedConnectionSchema = z.object({
  smtp: z.object({ host, port, tls, auth: sealedMailLoginSchema }),
  imap: z.object({ host, port, tls, auth: sealedMailLoginSchema, mailbox: z.string().min(1).max(200) }).optional(),
});
export type SealedConnection = z.infer<typeof sealedConnectionSchema>;

/**
 * enrollment -> channel-email, on a compacted topic keyed by identity id: the identity's current
 * connection (null once removed or deleted). `revision` rises with every change, so an older
 * record never replaces a newer one; `verificationId` asks channel-email to log in now and report.
 */
export const identityConnectionSchema = defineMessage(
  'identity.connection',
  1,
  z.object({
    identityId: z.string().min(1).max(64),
    address: z.string().min(1).max(320),
    revision: z.number().int().min(0),
    connection: sealedConnectionSchema.nullable(),
    verificationId: z.string().min(1).max(64).optional(),
  }),
);
export type IdentityConnection = z.infer<typeof identityConnectionSchema>;
