/**
 * The send path shared by the channels: refuse steps of halted enrollments, claim, send through a
 * guarded provider, hold back what the provider cannot take yet (and send it when released, or
 * fail it when its wait runs out), record outcomes through the outbox, and settle sends abandoned
 * by a crash. Nothing in here knows about SMS or LinkedIn; each app brings a ChannelSender.
 */
export * from './bounded-concurrency';
export * from './channel-send.module';
export * from './channel-step-due';
export * from './enrollment-halt';
export * from './enrollment-status.repository';
export * from './halt-feed-barrier';
export * from './halted-enrollment-screen';
export * from './halted-enrollments.module';
export * from './outcome-envelope';
export * from './provider-guard';
export * from './send-due-steps';
export * from './send-log.repository';
export * from './send-metrics';
export * from './settle-retry';
export * from './stale-send-sweeper';
export * from './stale-send-sweeping';
export * from './step-failure';
export * from './template-renderer';
export { IdentityHealthRecorder, type LoginObservation } from './identity-health.recorder';
