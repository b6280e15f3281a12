import { Injectable } from '@nestjs/common';
import type { SequenceStatus } from '@stepwise/contracts';
import type { PoolClient } from 'pg';
import { z } from 'zod';
import type { SenderIdentity } from '../recipient-core/enrollment-state';
import { flattenNodes, sequenceNodeSchema, type SequenceNode } from '../recipient-core/sequence-definition';
import { SequenceNavigator } from '../recipient-core/sequence-navigator';

export type { SequenceStatus };

export interface LoadedSequence {
  id: string;
  tenantId: string;
  status: SequenceStatus;
  /** Off: email steps go out without the pixel, and no open is recorded. */
  openTrackingEnabled: boolean;
  navigator: SequenceNavigator;
  identityIds: string[];
}

const definitionSchema = z.array(sequenceNodeSchema);

/**
 * Sequences and sender identities as the state machine needs them. Navigators are cached by
 * (id, updated_at): a sequence edit changes updated_at, so the next batch sees the new content.
 */
@Injectable()
export class SequenceCatalog {
  private readonly navigators = new Map<
    string,
    { version: number; navigator: SequenceNavigator; identityIds: string[] }
  >();

  async load(client: PoolClient, ids: readonly string[]): Promise<Map<string, LoadedSequence>> {
    const { rows } = await client.query<{
      id: string;
      tenant_id: string;
      status: SequenceStatus;
      open_tracking_enabled: boolean;
      updated_at: Date;
      definition: unknown;
    }>(
      `SELECT id, tenant_id, status, open_tracking_enabled, updated_at, definition FROM sequence
       WHERE id = ANY($1::text[])`,
      [[...new Set(ids)]],
    );
    return new Map(
      rows.map((row) => {
        const cached = this.navigatorFor(row.id, row.updated_at.getTime(), row.definition);
        const openTrackingEnabled = row.open_tracking_enabled;
        return [row.id, { id: row.id, tenantId: row.tenant_id, status: row.status, openTrackingEnabled, ...cached }];
      }),
    );
  }

  async identities(client: PoolClient, ids: readonly string[]): Promise<Map<string, SenderIdentity>> {
    if (ids.length === 0) return new Map();
    const { rows } = await client.query<{
      id: string;
      channel: SenderIdentity['channel'];
      address: string;
      display_name: string | null;
      auth_state: SenderIdentity['authState'];
      timezone: string;
      daily_limit: number | null;
      hourly_limit: number | null;
      weekly_limit: number | null;
      working_hours: SenderIdentity['workingHours'];
    }>(
      `SELECT id, channel, address, display_name, auth_state, timezone, daily_limit, hourly_limit, weekly_limit,
              working_hours
         FROM sender_identity WHERE id = ANY($1::text[])`,
      [[...new Set(ids)]],
    );
    return new Map(
      rows.map((r) => [
        r.id,
        {
          id: r.id,
          channel: r.channel,
          address: r.address,
          displayName: r.display_name,
          authState: r.auth_state,
          timezone: r.timezone,
          dailyLimit: r.daily_limit,
          hourlyLimit: r.hourly_limit,
          weeklyLimit: r.weekly_limit,
          workingHours: r.working_hours,
        },
      ]),
    );
  }

  private navigatorFor(id: string, version: number, definition: unknown) {
    const cached = this.navigators.get(id);
    if (cached && cached.version === version) return cached;
    const nodes: SequenceNode[] = definitionSchema.parse(definition);
    const identityIds = flattenNodes(nodes).flatMap(({ node }) =>
      node.kind === 'step' && node.identityId ? [node.identityId] : [],
    );
    const entry = { version, navigator: new SequenceNavigator(nodes), identityIds };
    this.navigators.set(id, entry);
    return entry;
  }
}
