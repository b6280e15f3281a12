import { randomBytes } from 'node:crypto';
import { Kafka, logLevel, Partitioners } from 'kafkajs';
import {
  createEnvelope,
  identityConnectionSchema,
  Topics,
  type IdentityConnection,
  type MailLoginBody,
  type SealedMailLogin,
} from '@stepwise/contracts';
import { SecretBox, secretKeysSchema } from '@stepwise/platform';
import { BROKERS, TENANT } from '@stepwise/testing';
import type { ChannelServiceHarness } from '@stepwise/testing';

/** The key list channel-email is started with in these tests; enrollment would seal with the same. */
export const SECRET_KEYS = `test1:${randomBytes(32).toString('base64')}`;
const box = new SecretBox(secretKeysSchema.parse(SECRET_KEYS) ?? new Map());

function sealLogin(login: MailLoginBody): SealedMailLogin {
  if (login.type === 'password') return { ...login, password: box.seal(login.password) };
  return { ...login, clientSecret: box.seal(login.clientSecret), refreshToken: box.seal(login.refreshToken) };
}

export interface ConnectionInput {
  identityId: string;
  address: string;
  revision: number;
  smtp: { port: number; username: string; password: string };
  imap?: { port: number; username: string; password: string };
  verificationId?: string;
}

export function connectionRecord(input: ConnectionInput): IdentityConnection {
  const login = (l: { username: string; password: string }) => sealLogin({ type: 'password', ...l });
  return createEnvelope(identityConnectionSchema, {
    tenantId: TENANT,
    key: input.identityId,
    payload: {
      identityId: input.identityId,
      address: input.address,
      revision: input.revision,
      connection: {
        smtp: { host: '127.0.0.1', port: input.smtp.port, tls: 'none', auth: login(input.smtp) },
        ...(input.imap
          ? {
              imap: {
                host: '127.0.0.1',
                port: input.imap.port,
                tls: 'none',
                auth: login(input.imap),
                mailbox: 'INBOX',
              },
            }
          : {}),
      },
      ...(input.verificationId ? { verificationId: input.verificationId } : {}),
    },
  });
}

/** Publishes connection records as enrollment's outbox relay does (keyed by identity). */
export async function publishConnections(harness: ChannelServiceHarness, records: IdentityConnection[]): Promise<void> {
  const kafka = new Kafka({ clientId: 'connection-test', brokers: BROKERS, logLevel: logLevel.NOTHING });
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  try {
    await producer.send({
      topic: harness.topic(Topics.identityConnections),
      messages: records.map((r) => ({ key: r.key, value: JSON.stringify(r) })),
    });
  } finally {
    await producer.disconnect();
  }
}
