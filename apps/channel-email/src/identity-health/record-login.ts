import { Inject, Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import type { IdentityHealth } from '@stepwise/contracts';
import { inTransaction } from '@stepwise/database';
import { appendToOutbox } from '@stepwise/outbox';
import { PG_POOL, PlatformLifecycle } from '@stepwise/platform';
import { IdentityHealthRepository, type LoginObservation } from './identity-health.repository';
import { identityHealthMessage } from './login-observations';

/**
 * A login outside the send path (mailbox sync, verify): a refused one pauses the identity's
 * recipients, the next accepted one resumes them, each published once per transition. A verify's
 * result is always published, whether or not it changed the state, so enrollment can show it.
 */
@Injectable()
export class RecordLogin {
  constructor(
    private readonly health: IdentityHealthRepository,
    private readonly platform: PlatformLifecycle,
    @Inject(PG_POOL) private readonly pool: Pool,
  ) {}

  async execute(
    observation: LoginObservation,
    details: Pick<IdentityHealth['payload'], 'reason' | 'verification'> = {},
  ): Promise<boolean> {
    const changed = await inTransaction(this.pool, async (client) => {
      const changes = await this.health.transition(client, [observation]);
      if (changes.length > 0 || details.verification)
        await appendToOutbox(client, [identityHealthMessage(observation, new Date(), details)]);
      return changes.length > 0;
    });
    this.platform.nudgeOutbox();
    return changed;
  }
}
