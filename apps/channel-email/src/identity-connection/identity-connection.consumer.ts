import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { Topics, identityConnectionSchema, type IdentityConnection } from '@stepwise/contracts';
import type { ConsumedMessage } from '@stepwise/kafka';
import { EnvelopeConsumerHost, LOGGER, PlatformRuntime } from '@stepwise/platform';
import { IdentityConnectionRepository } from './identity-connection.repository';
import { IdentityConnections } from './identity-connections';
import { VerifyConnectionUseCase } from './verify-connection.use-case';

/**
 * Keeps channel-email's copy of every identity's connection (a compacted topic, read from its
 * beginning by a new group) and answers verify requests. Whichever instance consumes a record
 * verifies it; all instances read connections from the shared table.
 */
@Injectable()
export class IdentityConnectionConsumer extends EnvelopeConsumerHost<IdentityConnection> {
  constructor(
    runtime: PlatformRuntime,
    private readonly repository: IdentityConnectionRepository,
    private readonly connections: IdentityConnections,
    private readonly verify: VerifyConnectionUseCase,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    super(runtime, {
      name: 'identity-connections',
      topics: [Topics.identityConnections],
      schema: identityConnectionSchema,
    });
  }

  protected async handleBatch(messages: ConsumedMessage<IdentityConnection>[]): Promise<void> {
    const records = messages.map((m) => m.envelope);
    await this.repository.upsert(records);
    this.connections.forget(records.map((r) => r.payload.identityId));
    // Only the newest record of an identity asks for a verify: older ones in the batch were replaced.
    const latest = new Map(records.map((r) => [r.payload.identityId, r]));
    for (const record of latest.values()) {
      const { identityId, verificationId } = record.payload;
      if (!verificationId) continue;
      const stored = await this.repository.find(identityId);
      if (!stored || stored.revision !== record.payload.revision) continue;
      const result = await this.verify.execute(stored, verificationId);
      this.logger.info(
        { identityId, verificationId, smtpOk: result.smtp.ok, imapOk: result.imap?.ok },
        'identity connection verified',
      );
    }
  }
}
