import { startDashboardServer } from './dashboard-server';

/** The dashboard as its own process: HTTP_PORT, ENROLLMENT_URL and ANALYTICS_URL from the environment. */
async function main(): Promise<void> {
  const server = await startDashboardServer({
    port: Number(process.env.HTTP_PORT ?? 3020),
    host: process.env.HTTP_HOST ?? '127.0.0.1',
    enrollmentUrl: process.env.ENROLLMENT_URL ?? 'http://127.0.0.1:3000',
    analyticsUrl: process.env.ANALYTICS_URL ?? 'http://127.0.0.1:3005',
  });
  console.log(`dashboard: serving ${server.url}`);
  const stop = () => void server.close().then(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((error: unknown) => {
  console.error('dashboard failed:', error);
  process.exit(1);
});
