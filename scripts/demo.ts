/**
 * Starts the six services and the local provider stand-ins, runs the walking-skeleton demo and
 * keeps the system up for a person to look at. Ctrl-C stops everything.
 */
import { join } from 'node:path';
import { startSmtpSink } from '@stepwise/smtp-sink';
import { startSocialSimulator } from '@stepwise/social-simulator';
import { startTwilioFake } from '@stepwise/twilio-fake';
import { StepwiseSystem, runWalkingSkeleton } from '@stepwise/testing';
import { startDashboardServer } from '../apps/dashboard/server/dashboard-server';

const API_KEY = process.env.DEMO_API_KEY ?? 'demo-key-0123456789abcdef';
const TWILIO = { accountSid: `AC${'d'.repeat(32)}`, authToken: 'demo-twilio-token' };
const SOCIAL_TOKEN = 'demo-social-token';
const log = (line: string) => console.log(`demo: ${line}`);

async function main(): Promise<void> {
  const databaseUrl = required('DATABASE_URL');
  const sink = await startSmtpSink({ smtpPort: 2525, httpPort: 2526 });
  const twilio = await startTwilioFake({ port: 3010, ...TWILIO });
  const social = await startSocialSimulator({ port: 3011, token: SOCIAL_TOKEN });
  const logDir = join(__dirname, '..', '.local', 'demo-logs');
  const system = new StepwiseSystem({
    basePort: 3000,
    databaseUrl,
    logDir,
    env: {
      STEPWISE_API_KEYS: `acme:${API_KEY}`,
      SMTP_PORT: String(sink.smtpPort),
      TRACKING_SECRET: process.env.TRACKING_SECRET ?? 'demo-tracking-secret-0123456789abcdef',
      TWILIO_ACCOUNT_SID: TWILIO.accountSid,
      TWILIO_AUTH_TOKEN: TWILIO.authToken,
      TWILIO_API_BASE_URL: twilio.url,
      SOCIAL_PROVIDER_URL: social.url,
      SOCIAL_PROVIDER_TOKEN: SOCIAL_TOKEN,
    },
  });
  let closeDashboard: () => Promise<void> = async () => undefined;
  const shutdown = async () => {
    log('stopping services');
    await closeDashboard();
    await system.stop();
    await Promise.all([sink.close(), twilio.close(), social.close()]);
    process.exit(0);
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);

  log(`starting six services (logs in ${logDir})`);
  await system.start((name) => log(`${name} ready on ${system.url(name)}`));
  const dashboard = await startDashboardServer({
    port: Number(process.env.DASHBOARD_PORT ?? 3020),
    enrollmentUrl: system.url('enrollment'),
    analyticsUrl: system.url('analytics'),
  });
  closeDashboard = dashboard.close;
  log(`dashboard ready on ${dashboard.url}`);
  const result = await runWalkingSkeleton({
    enrollmentUrl: system.url('enrollment'),
    analyticsUrl: system.url('analytics'),
    apiKey: API_KEY,
    progress: log,
  });
  const step = result.snapshot.steps[0];
  log(`SMTP sink received ${sink.messages().count} emails`);
  log(
    `Step-wise Success Snapshot, step "${step.stepId}": Recipients Attempted ${step.recipientsAttempted}, ` +
      `Delivery Rate ${step.metrics.deliveryRate?.percent}% (${step.metrics.deliveryRate?.count})`,
  );
  console.log(`
Where to look:
  Dashboard:              ${dashboard.url}  (sign in with the API key ${API_KEY})
  API docs (enrollment):  ${system.url('enrollment')}/docs
  Snapshot (analytics):   curl -H 'x-api-key: ${API_KEY}' ${system.url('analytics')}/v1/sequences/${result.sequenceId}/snapshot
  Recipients:             curl -H 'x-api-key: ${API_KEY}' ${system.url('enrollment')}/v1/sequences/${result.sequenceId}/enrollments
  Emails in the sink:     curl http://127.0.0.1:${sink.httpPort}/messages
  Health / metrics:       ${system.url('dispatcher')}/health  ${system.url('dispatcher')}/metrics
  Service logs:           ${logDir}
Press Ctrl-C to stop everything.`);
}

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set (run through scripts/demo.sh)`);
  return value;
}

main().catch((error: unknown) => {
  console.error('demo failed:', error);
  process.exit(1);
});
