import pino from 'pino';
import { startSmtpSink } from './smtp-sink';

const logger = pino({ name: 'smtp-sink' });

function portFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`${name}: expected a port 0-65535, got "${raw}"`);
  return port;
}

async function main(): Promise<void> {
  const sink = await startSmtpSink({
    smtpPort: portFromEnv('SMTP_SINK_PORT', 2525),
    httpPort: portFromEnv('SMTP_SINK_HTTP_PORT', 2526),
    // Containers reach the sink over their network; on a developer machine it stays on loopback.
    host: process.env.SMTP_SINK_HOST || '127.0.0.1',
    // The demo shows the mails it sent; SMTP_SINK_KEEP_BODIES=false makes a long run cheaper.
    keepBodies: process.env.SMTP_SINK_KEEP_BODIES !== 'false',
  });
  logger.info({ smtpPort: sink.smtpPort, httpPort: sink.httpPort }, 'smtp sink listening');
  const stop = (signal: string) => {
    logger.info({ signal, received: sink.messages().count }, 'smtp sink stopping');
    void sink.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  logger.error({ err: error }, 'smtp sink failed to start');
  process.exit(1);
});
