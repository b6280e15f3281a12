import { startSocialSimulator } from './social-simulator';

/**
 * Runs the simulator for local development and the demo. The default token is the demo's, not a
 * secret: the simulator only ever runs on a developer's machine.
 */
async function main(): Promise<void> {
  const simulator = await startSocialSimulator({
    port: Number(process.env.SOCIAL_SIMULATOR_PORT ?? 3011),
    host: process.env.SOCIAL_SIMULATOR_HOST ?? '127.0.0.1',
    token: process.env.SOCIAL_PROVIDER_TOKEN ?? 'local-dev-token',
  });
  console.log(`social-simulator listening on ${simulator.url}`);
  const stop = () => {
    simulator.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error('social-simulator failed to start', error);
  process.exit(1);
});
