import { Injectable } from '@nestjs/common';
import type { PoolClient } from 'pg';
import type { SequencePublishedMessage } from './analytics-message';
import { latestShapes } from './reactions/sequence-published.reaction';
import { SequenceShapeRepository } from './sequence-shape.repository';

/** sequence.published: the snapshot's rows (steps, branches), names and the open-tracking setting. */
@Injectable()
export class RecordSequenceShapes {
  constructor(private readonly shapes: SequenceShapeRepository) {}

  execute(client: PoolClient, messages: readonly SequencePublishedMessage[]): Promise<void> {
    return this.shapes.save(client, latestShapes(messages));
  }
}
