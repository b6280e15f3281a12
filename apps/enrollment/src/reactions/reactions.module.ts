import { Module } from '@nestjs/common';
import { EnrollmentModule } from '../enrollment/enrollment.module';
import { SequenceModule } from '../sequence/sequence.module';
import { OutcomeConsumer } from './outcome.consumer';
import { ReactionPipeline } from './reaction-pipeline';
import { TimerFiredConsumer } from './timer-fired.consumer';

@Module({
  imports: [EnrollmentModule, SequenceModule],
  providers: [ReactionPipeline, OutcomeConsumer, TimerFiredConsumer],
})
export class ReactionsModule {}
