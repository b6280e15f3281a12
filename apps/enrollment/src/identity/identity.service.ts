import {
  ConflictException,
  Inject,
  Injectable,
  NotFoundException,
  BadRequestException,
  ServiceUnavailableException,
} from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Pool, PoolClient } from 'pg';
import { createEnvelope, identityConnectionSchema, sealedConnectionSchema, Topics } from '@stepwise/contracts';
import { inTransaction } from '@stepwise/database';
import { appendToOutbox } from '@stepwise/outbox';
import { PG_POOL, PlatformLifecycle, SecretBox, SERVICE_CONFIG } from '@stepwise/platform';
import type { EnrollmentConfig } from '../config';
import { PrismaService } from '../database/prisma.service';
import { Prisma, type SenderIdentity } from '../generated/prisma/client';
import type { CreateIdentityBody } from './dto/create-identity.dto';
import type { UpdateIdentityBody } from './dto/update-identity.dto';
import { sealConnection } from './seal-connection';

const COLUMNS = [
  ['displayName', 'display_name'],
  ['timezone', 'timezone'],
  ['hourlyLimit', 'hourly_limit'],
  ['dailyLimit', 'daily_limit'],
  ['weeklyLimit', 'weekly_limit'],
  ['workingHours', 'working_hours'],
] as const;

export interface VerifyAnswer {
  status: 'verified' | 'pending';
  verificationId: string;
  result?: unknown;
}

/** Sender identities: the mailboxes, numbers and social accounts steps are sent from. */
@Injectable()
export class IdentityService {
  private readonly box: SecretBox | null;
  private readonly verifyWaitMs: number;

  constructor(
    private readonly prisma: PrismaService,
    private readonly platform: PlatformLifecycle,
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(SERVICE_CONFIG) config: EnrollmentConfig,
  ) {
    this.box = config.IDENTITY_SECRET_KEYS ? new SecretBox(config.IDENTITY_SECRET_KEYS) : null;
    this.verifyWaitMs = config.IDENTITY_VERIFY_WAIT_MS;
  }

  async create(tenantId: string, body: CreateIdentityBody): Promise<SenderIdentity> {
    try {
      return await this.prisma.senderIdentity.create({
        data: { id: `idn_${randomUUID()}`, tenantId, ...body, workingHours: body.workingHours ?? Prisma.JsonNull },
      });
    } catch (error) {
      if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
        throw new ConflictException(`a ${body.channel} identity with this address already exists`);
      }
      throw error;
    }
  }

  list(tenantId: string): Promise<SenderIdentity[]> {
    return this.prisma.senderIdentity.findMany({ where: { tenantId }, orderBy: { createdAt: 'asc' } });
  }

  async get(tenantId: string, id: string): Promise<SenderIdentity> {
    const identity = await this.prisma.senderIdentity.findFirst({ where: { tenantId, id } });
    if (!identity) throw new NotFoundException(`sender identity ${id} not found`);
    return identity;
  }

  /** A changed connection is published (compacted topic) and verified by channel-email right away. */
  async update(tenantId: string, id: string, body: UpdateIdentityBody): Promise<SenderIdentity> {
    const { connection, ...fields } = body;
    await this.inIdentityTransaction(tenantId, id, async (client, identity) => {
      if (connection !== undefined && identity.channel !== 'email')
        throw new BadRequestException({ message: 'connection: only email identities have an SMTP/IMAP connection' });
      const sealed = connection ? sealConnection(connection, this.requireBox()) : connection;
      const sets: string[] = [];
      const values: unknown[] = [id, tenantId];
      for (const [field, column] of COLUMNS) {
        const value = fields[field];
        if (value === undefined) continue;
        values.push(field === 'workingHours' && value !== null ? JSON.stringify(value) : value);
        sets.push(`${column} = $${values.length}`);
      }
      if (sealed !== undefined) {
        values.push(sealed === null ? null : JSON.stringify(sealed));
        sets.push(
          `connection = $${values.length}`,
          'connection_revision = connection_revision + 1',
          'last_verification = NULL',
        );
      }
      const { rows } = await client.query<{ connection_revision: number }>(
        `UPDATE sender_identity SET ${sets.join(', ')} WHERE id = $1 AND tenant_id = $2 RETURNING connection_revision`,
        values,
      );
      if (sealed !== undefined) {
        const changed = { ...identity, connection: sealed, connectionRevision: rows[0].connection_revision };
        await this.publishConnection(client, changed, sealed ? randomUUID() : undefined);
      }
      return identity;
    });
    return this.get(tenantId, id);
  }

  /** Refused (409) while a sequence that is running uses the identity, naming those sequences. */
  async delete(tenantId: string, id: string): Promise<void> {
    await this.inIdentityTransaction(tenantId, id, async (client, identity) => {
      const { rows } = await client.query<{ id: string; name: string; status: string }>(
        `SELECT s.id, s.name, s.status FROM sequence s
          WHERE s.tenant_id = $1 AND s.status IN ('active', 'paused')
            AND jsonb_path_exists(s.definition, 'strict $.** ? (@.identityId == $id)', jsonb_build_object('id', $2::text))
          ORDER BY s.name LIMIT 10`,
        [tenantId, id],
      );
      if (rows.length > 0) {
        const names = rows.map((s) => `"${s.name}" (${s.id}, ${s.status})`).join(', ');
        throw new ConflictException(
          `sender identity ${id} is used by running sequence(s) ${names}: archive them, or move their steps to another identity, then delete it`,
        );
      }
      if (identity.connection)
        await this.publishConnection(
          client,
          { ...identity, connectionRevision: identity.connectionRevision + 1 },
          undefined,
          true,
        );
      await client.query(`DELETE FROM sender_identity WHERE id = $1 AND tenant_id = $2`, [id, tenantId]);
      return identity;
    });
  }

  /**
   * Asks channel-email to log in now; waits for its answer (identity health with this
   * verification id, stored by the identity-health consumer) up to IDENTITY_VERIFY_WAIT_MS.
   */
  async verify(tenantId: string, id: string): Promise<VerifyAnswer> {
    const verificationId = randomUUID();
    await this.inIdentityTransaction(tenantId, id, async (client, identity) => {
      if (!identity.connection)
        throw new ConflictException(`sender identity ${id} has no connection: PATCH one (smtp, imap) first`);
      await this.publishConnection(client, identity, verificationId);
      return identity;
    });
    const deadline = Date.now() + this.verifyWaitMs;
    while (Date.now() < deadline) {
      await sleep(200);
      const { rows } = await this.pool.query<{ last_verification: { id?: string } | null }>(
        `SELECT last_verification FROM sender_identity WHERE id = $1 AND tenant_id = $2`,
        [id, tenantId],
      );
      const result = rows[0]?.last_verification;
      if (result?.id === verificationId) return { status: 'verified', verificationId, result };
    }
    return { status: 'pending', verificationId };
  }

  private requireBox(): SecretBox {
    if (!this.box)
      throw new ServiceUnavailableException(
        'connection secrets cannot be stored: the operator has not set IDENTITY_SECRET_KEYS on the enrollment service',
      );
    return this.box;
  }

  private async publishConnection(
    client: PoolClient,
    identity: SenderIdentity,
    verificationId: string | undefined,
    removed = false,
  ): Promise<void> {
    const connection = removed || !identity.connection ? null : sealedConnectionSchema.parse(identity.connection);
    // Sealed secrets only: the broker never sees a password.
    await appendToOutbox(client, [
      {
        topic: Topics.identityConnections,
        envelope: createEnvelope(identityConnectionSchema, {
          tenantId: identity.tenantId,
          key: identity.id,
          payload: {
            identityId: identity.id,
            address: identity.address,
            revision: identity.connectionRevision,
            connection,
            ...(verificationId && connection ? { verificationId } : {}),
          },
        }),
      },
    ]);
  }

  /** The identity locked for the change; the change and its outbox rows commit together. */
  private async inIdentityTransaction(
    tenantId: string,
    id: string,
    change: (client: PoolClient, identity: SenderIdentity) => Promise<SenderIdentity>,
  ): Promise<SenderIdentity> {
    const result = await inTransaction(this.pool, async (client) => {
      const { rows } = await client.query<{ id: string }>(
        `SELECT id FROM sender_identity WHERE id = $1 AND tenant_id = $2 FOR UPDATE`,
        [id, tenantId],
      );
      if (rows.length === 0) throw new NotFoundException(`sender identity ${id} not found`);
      return change(client, await this.get(tenantId, id));
    });
    this.platform.nudgeOutbox();
    return result;
  }
}
