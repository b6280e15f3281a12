import { Module } from '@nestjs/common';
import { AnalyticsConsumer } from './analytics.consumer';
import { EnrollmentPositionRepository } from './enrollment-position.repository';
import { IngestAnalyticsBatch } from './ingest-analytics-batch.use-case';
import { MergedIngestion } from './merged-ingestion';
import { ReachOutRepository } from './reach-out.repository';
import { RecordReachOuts } from './record-reach-outs.use-case';
import { RecordSequenceShapes } from './record-sequence-shapes.use-case';
import { RecordStepFacts } from './record-step-facts.use-case';
import { SequenceShapeRepository } from './sequence-shape.repository';
import { StepRecipientRepository } from './step-recipient.repository';
import { TrackEnrollmentPositions } from './track-enrollment-positions.use-case';

@Module({
  providers: [
    AnalyticsConsumer,
    IngestAnalyticsBatch,
    MergedIngestion,
    RecordSequenceShapes,
    TrackEnrollmentPositions,
    RecordStepFacts,
    RecordReachOuts,
    ReachOutRepository,
    SequenceShapeRepository,
    EnrollmentPositionRepository,
    StepRecipientRepository,
  ],
})
export class IngestionModule {}
