import { Injectable } from '@nestjs/common';
import { Topics, identityHealthSchema, type IdentityHealth } from '@stepwise/contracts';
import type { ConsumedMessage } from '@stepwise/kafka';
import { EnvelopeConsumerHost, PlatformLifecycle, PlatformRuntime } from '@stepwise/platform';
import { ReactionPipeline, type Reaction } from '../recipient-store/reaction-pipeline';
import { pauseForAuthLoss, resumeAfterAuthRestored } from '../recipient-core/identity-health-transitions';
import { IdentityHealthRepository, type IdentityAuthChange } from './identity-health.repository';

/**
 * Channels report a sender identity losing or regaining its login. One batch is one transaction:
 * the identities' state is written first, so a recipient planned after it never schedules a send
 * from a lost identity, then every recipient on a step of those identities is paused or resumed.
 */
@Injectable()
export class IdentityHealthConsumer extends EnvelopeConsumerHost<IdentityHealth> {
  constructor(
    runtime: PlatformRuntime,
    private readonly pipeline: ReactionPipeline,
    private readonly health: IdentityHealthRepository,
    private readonly platform: PlatformLifecycle,
  ) {
    super(runtime, { name: 'identity-health', topics: [Topics.identityHealth], schema: identityHealthSchema });
  }

  protected async handleBatch(messages: ConsumedMessage<IdentityHealth>[]): Promise<void> {
    const events = messages.map((m) => m.envelope);
    await this.pipeline.apply(async (client) => {
      await this.health.setAuthStates(client, latestStatePerIdentity(events));
      await this.health.recordVerifications(
        client,
        events.flatMap(({ tenantId, occurredAt, payload }) =>
          payload.verification
            ? [
                {
                  tenantId,
                  identityId: payload.identityId,
                  result: { ...payload.verification, ok: payload.state === 'auth_restored', checkedAt: occurredAt },
                },
              ]
            : [],
        ),
      );
      const affected = await this.health.enrollmentsOn(
        client,
        events.map((e) => ({ tenantId: e.tenantId, identityId: e.payload.identityId })),
      );
      return events.flatMap((event): Reaction[] => {
        const { identityId, state } = event.payload;
        const react = state === 'auth_lost' ? pauseForAuthLoss : resumeAfterAuthRestored;
        return affected
          .filter((a) => a.identityId === identityId && a.tenantId === event.tenantId)
          .map((a) => ({
            eventId: event.eventId,
            tenantId: event.tenantId,
            enrollmentId: a.enrollmentId,
            react: (enrollment, ctx) => react(enrollment, identityId, ctx),
          }));
      });
    });
    this.platform.nudgeOutbox();
  }
}

/** Within a batch the last report about an identity is its state. */
function latestStatePerIdentity(events: readonly IdentityHealth[]): IdentityAuthChange[] {
  const latest = new Map<string, IdentityAuthChange>();
  for (const { tenantId, payload } of events) {
    latest.set(`${tenantId}/${payload.identityId}`, {
      tenantId,
      identityId: payload.identityId,
      authState: payload.state === 'auth_lost' ? 'auth_lost' : 'ok',
    });
  }
  return [...latest.values()];
}
