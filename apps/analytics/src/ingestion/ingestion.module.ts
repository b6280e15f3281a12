import { Module } from '@nestjs/common';
import { AnalyticsConsumer } from './analytics.consumer';
import { IngestAnalyticsBatch } from './ingest-analytics-batch.use-case';
import { ReachOutRepository } from './reach-out.repository';
import { RecordReachOuts } from './record-reach-outs.use-case';
import { RecordSequenceShapes } from './record-sequence-shapes.use-case';
import { RecordStepFacts } from './record-step-facts.use-case';
import { SequenceShapeRepository } from './sequence-shape.repository';
import { StepRecipientRepository } from './step-recipient.repository';

@Module({
  providers: [
    AnalyticsConsumer,
    IngestAnalyticsBatch,
    RecordSequenceShapes,
    RecordStepFacts,
    RecordReachOuts,
    ReachOutRepository,
    SequenceShapeRepository,
    StepRecipientRepository,
  ],
})
export class IngestionModule {}
