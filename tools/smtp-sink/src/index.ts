export * from './smtp-sink';
export type { ReceivedMessage, SinkSnapshot } from './message-store';
