import { Injectable } from '@nestjs/common';
import type { PoolClient } from 'pg';
import { flattenNodes, type SequenceNode } from '../recipient-core/sequence-definition';
import type { LaunchIdentity } from './launch-readiness';

/** The tenant's sender identities a sequence's steps name, read in the launching transaction. */
@Injectable()
export class LaunchIdentitiesRepository {
  async of(client: PoolClient, tenantId: string, nodes: readonly SequenceNode[]): Promise<Map<string, LaunchIdentity>> {
    const ids = flattenNodes(nodes).flatMap(({ node }) =>
      node.kind === 'step' && node.identityId ? [node.identityId] : [],
    );
    if (ids.length === 0) return new Map();
    const { rows } = await client.query<LaunchIdentity>(
      `SELECT id, channel, address FROM sender_identity WHERE tenant_id = $1 AND id = ANY($2::text[])`,
      [tenantId, [...new Set(ids)]],
    );
    return new Map(rows.map((row) => [row.id, row]));
  }
}
