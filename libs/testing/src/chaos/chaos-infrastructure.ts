import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const ROOT = join(__dirname, '..', '..', '..', '..');

export interface ChaosInfrastructureOptions {
  kafkaPort: number;
  postgresPort: number;
}

/**
 * A Kafka broker and a Postgres cluster of the chaos test's own, started with the project's
 * scripts, so that restarting them mid-run disturbs nothing else on the machine (other tests,
 * a running demo). The broker reuses the jars of the main one.
 */
export class ChaosInfrastructure {
  constructor(private readonly options: ChaosInfrastructureOptions) {}

  get kafkaBrokers(): string {
    return `127.0.0.1:${this.options.kafkaPort}`;
  }

  async start(): Promise<void> {
    await this.kafka('start');
    await this.postgres('start');
  }

  async databaseUrl(): Promise<string> {
    return (await this.postgres('url', 'stepwise')).trim();
  }

  async restartKafka(): Promise<void> {
    await this.kafka('stop');
    await this.kafka('start');
  }

  async restartPostgres(): Promise<void> {
    await this.postgres('stop');
    await this.postgres('start');
  }

  /** Stops both; the broker's data goes with it, the cluster stays for the next run. */
  async stop(): Promise<void> {
    await this.kafka('clean');
    await this.postgres('stop');
  }

  private async kafka(...args: string[]): Promise<string> {
    return this.script('kafka.sh', args, {
      KAFKA_HOME_DIR: join(ROOT, '.local', 'chaos-kafka'),
      KAFKA_LIBS_DIR: join(ROOT, '.local', 'kafka', 'libs'),
      KAFKA_PORT: String(this.options.kafkaPort),
      KAFKA_CONTROLLER_PORT: String(this.options.kafkaPort + 1),
    });
  }

  private async postgres(...args: string[]): Promise<string> {
    return this.script('postgres.sh', args, {
      STEPWISE_PG_NAME: 'chaos-postgres',
      STEPWISE_PG_PORT: String(this.options.postgresPort),
      // Never the machine's server nor a DATABASE_URL: this cluster is the one to restart.
      STEPWISE_PG: '',
      DATABASE_URL: '',
    });
  }

  private async script(name: string, args: string[], env: Record<string, string>): Promise<string> {
    const { stdout } = await run('bash', [join(ROOT, 'scripts', name), ...args], {
      env: { ...process.env, ...env },
      maxBuffer: 10 * 1024 * 1024,
    });
    return stdout;
  }
}
