import { Module } from '@nestjs/common';
import { EnrollmentModule } from '../enrollment/enrollment.module';
import { SequenceModule } from '../sequence/sequence.module';
import { OutcomeConsumer } from './outcome.consumer';
import { PublicTopicsConsumer } from './public-topics.consumer';
import { RecipientLocatorRepository } from './recipient-locator.repository';
import { ReactionPipeline } from '../recipient-store/reaction-pipeline';
import { StepNoticesConsumer } from './step-notices.consumer';
import { TimerFiredConsumer } from './timer-fired.consumer';

@Module({
  imports: [EnrollmentModule, SequenceModule],
  providers: [
    ReactionPipeline,
    RecipientLocatorRepository,
    OutcomeConsumer,
    TimerFiredConsumer,
    PublicTopicsConsumer,
    StepNoticesConsumer,
  ],
  exports: [ReactionPipeline],
})
export class ReactionsModule {}
