import { join } from 'node:path';
import { ServiceProcess } from './service-process';

export type ServiceName =
  'enrollment' | 'dispatcher' | 'channel-email' | 'channel-sms' | 'channel-social' | 'analytics';

/** The six services, each with the offset of its HTTP port from the system's base port. */
export const SERVICES: readonly { name: ServiceName; portOffset: number; ownsSchema: string }[] = [
  { name: 'enrollment', portOffset: 0, ownsSchema: 'enrollment' },
  { name: 'dispatcher', portOffset: 1, ownsSchema: 'dispatcher' },
  { name: 'channel-email', portOffset: 2, ownsSchema: 'channel_email' },
  { name: 'channel-sms', portOffset: 3, ownsSchema: 'channel_sms' },
  { name: 'channel-social', portOffset: 4, ownsSchema: 'channel_social' },
  { name: 'analytics', portOffset: 5, ownsSchema: 'analytics' },
];

export interface StepwiseSystemOptions {
  basePort: number;
  databaseUrl: string;
  /** Shared by every service: Kafka, API keys, provider endpoints. */
  env: Record<string, string>;
  /** Suffix for each service's Postgres schema, so several systems share one database. */
  schemaSuffix?: string;
  logDir?: string;
  /** When set, each service writes a V8 CPU profile (node --cpu-prof) to `<dir>/<service>/` as it stops. */
  cpuProfileDir?: string;
}

/** All six services started as separate processes against the same broker and database. */
export class StepwiseSystem {
  readonly services = new Map<ServiceName, ServiceProcess>();

  constructor(private readonly options: StepwiseSystemOptions) {
    for (const service of SERVICES) {
      this.services.set(
        service.name,
        new ServiceProcess({
          name: service.name,
          entry: `apps/${service.name}/src/main.ts`,
          port: options.basePort + service.portOffset,
          logDir: options.logDir,
          nodeArgs: options.cpuProfileDir
            ? ['--cpu-prof', `--cpu-prof-dir=${join(options.cpuProfileDir, service.name)}`]
            : [],
          env: {
            ...options.env,
            DATABASE_URL: options.databaseUrl,
            DATABASE_SCHEMA: `${service.ownsSchema}${options.schemaSuffix ?? ''}`,
          },
        }),
      );
    }
  }

  get schemas(): string[] {
    return SERVICES.map((s) => `${s.ownsSchema}${this.options.schemaSuffix ?? ''}`);
  }

  url(name: ServiceName): string {
    return (this.services.get(name) as ServiceProcess).url;
  }

  service(name: ServiceName): ServiceProcess {
    return this.services.get(name) as ServiceProcess;
  }

  /** Starts them one after the other: on two cores, six cold starts at once only slow each other down. */
  async start(onStarted?: (name: ServiceName) => void): Promise<this> {
    for (const [name, service] of this.services) {
      await service.start();
      onStarted?.(name);
    }
    return this;
  }

  async stop(): Promise<void> {
    await Promise.all([...this.services.values()].map((service) => service.stop()));
  }
}
