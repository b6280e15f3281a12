export * from './twilio-fake';
