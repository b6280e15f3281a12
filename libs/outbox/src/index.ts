export * from './outbox-writer';
export * from './outbox-relay';
