/**
 * The send path shared by channel-sms and channel-social: claim, send through a guarded provider,
 * hold back what the provider cannot take yet (and send it when released), record outcomes
 * through the outbox, and settle sends abandoned by a crash. Nothing in here knows about SMS or
 * LinkedIn; each app brings a ChannelSender.
 */
export * from './channel-send.module';
export * from './channel-step-due';
export * from './outcome-envelope';
export * from './provider-guard';
export * from './send-due-steps';
export * from './send-log.repository';
export * from './send-metrics';
export * from './stale-send-sweeper';
export * from './step-failure';
export * from './template-renderer';
