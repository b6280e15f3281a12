import { startTwilioFake } from './twilio-fake';

/**
 * Runs the fake for local development and the demo. The defaults are the demo's credentials, not
 * secrets: the fake only ever runs on a developer's machine.
 */
async function main(): Promise<void> {
  const fake = await startTwilioFake({
    port: Number(process.env.TWILIO_FAKE_PORT ?? 3010),
    host: process.env.TWILIO_FAKE_HOST ?? '127.0.0.1',
    accountSid: process.env.TWILIO_ACCOUNT_SID ?? 'AC00000000000000000000000000000000',
    authToken: process.env.TWILIO_AUTH_TOKEN ?? 'local-dev-token',
    // Off for load runs that only count sends: 100k callbacks would compete for the same CPU.
    statusCallbacks: process.env.TWILIO_FAKE_STATUS_CALLBACKS === 'off' ? false : {},
  });
  console.log(`twilio-fake listening on ${fake.url}`);
  const stop = () => {
    fake.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error('twilio-fake failed to start', error);
  process.exit(1);
});
