import {
  Injectable,
  Module,
  type BeforeApplicationShutdown,
  type DynamicModule,
  type ModuleMetadata,
  type Provider,
} from '@nestjs/common';
import type { Pool } from 'pg';
import type { Logger } from 'pino';
import type { StepDue } from '@stepwise/contracts';
import { MetricsRegistry } from '@stepwise/observability';
import { LOGGER, PG_POOL, PlatformLifecycle, SERVICE_CONFIG } from '@stepwise/platform';
import { HaltedEnrollmentScreen } from './halted-enrollment-screen';
import { HaltedEnrollmentsModule } from './halted-enrollments.module';
import { DEFAULT_PROVIDER_RETRY, NO_PROVIDER_RETRY, ProviderGuard } from './provider-guard';
import { SendDueSteps, type ChannelSender } from './send-due-steps';
import { SendLogRepository } from './send-log.repository';
import { SendMetrics } from './send-metrics';
import { StaleSendSweeper } from './stale-send-sweeper';
import { StaleSendSweeping } from './stale-send-sweeping';
import type { ProviderProfile } from './step-failure';

/** Token of the channel's ChannelSender (the provider adapter and step preparation). */
export const CHANNEL_SENDER = Symbol('CHANNEL_SENDER');

export interface ChannelSendSettings {
  provider: ProviderProfile;
  /** Most provider calls in flight per process (with guard 'sender', the sender's own bound). */
  concurrency: number;
  /**
   * Who bounds, breaks and retries provider calls. 'kit' (the default): ProviderGuard, one breaker
   * and one retry policy for the channel's provider. 'sender': the channel's client does all three
   * itself, per sender identity (channel-email: one SMTP pool, breaker and retry loop per
   * identity's server); the kit's guard on top would retry a second time, queue every identity
   * behind one bound, and let one identity's dead server open a breaker that stops everyone's mail.
   */
  guard?: 'kit' | 'sender';
  /** See StaleSendSweeperOptions.staleAfterMs. */
  staleAfterMs: number;
  sweepIntervalMs: number;
  /** See SendDueStepsDeps.maxWaits; only channels whose sender answers 'waiting' need it. */
  maxWaits?: number;
}

export interface ChannelSendModuleOptions {
  /** Provides CHANNEL_SENDER. */
  sender: Provider;
  /** Extra providers the sender depends on (its provider client). */
  providers?: Provider[];
  /** Modules whose exports the sender and those providers depend on. */
  imports?: ModuleMetadata['imports'];
  /** Reads the settings from the service's validated config. */
  settings: (config: never) => ChannelSendSettings;
}

const SETTINGS = Symbol('CHANNEL_SEND_SETTINGS');

/** Claim chunks hold this many calls per concurrent worker: a few provider round trips each. */
const CALLS_PER_WORKER_PER_CHUNK = 8;

/** Stops the breaker after consumers have drained. */
@Injectable()
class ProviderGuardLifecycle implements BeforeApplicationShutdown {
  constructor(private readonly guard: ProviderGuard) {}

  /** After every consumer stopped in onModuleDestroy: no send is in flight any more. */
  beforeApplicationShutdown(): void {
    this.guard.shutdown();
  }
}

/**
 * Wires the shared send path for one channel: the app brings its ChannelSender and settings, and
 * gets SendDueSteps to call from its step-due consumer.
 */
@Module({})
export class ChannelSendModule {
  static register(options: ChannelSendModuleOptions): DynamicModule {
    const providers: Provider[] = [
      options.sender,
      ...(options.providers ?? []),
      { provide: SETTINGS, inject: [SERVICE_CONFIG], useFactory: options.settings },
      {
        provide: SendMetrics,
        inject: [MetricsRegistry],
        useFactory: (registry: MetricsRegistry) => new SendMetrics(registry),
      },
      {
        provide: SendLogRepository,
        inject: [PG_POOL, CHANNEL_SENDER],
        useFactory: (pool: Pool, sender: ChannelSender<StepDue, unknown, unknown>) =>
          new SendLogRepository(pool, sender.claimColumns?.names),
      },
      {
        provide: ProviderGuard,
        inject: [SETTINGS, CHANNEL_SENDER, SendMetrics, LOGGER],
        useFactory: (
          settings: ChannelSendSettings,
          sender: ChannelSender<StepDue, unknown, unknown>,
          metrics: SendMetrics,
          logger: Logger,
        ) => {
          const own = settings.guard === 'sender';
          return new ProviderGuard({
            provider: settings.provider,
            concurrency: own ? Number.POSITIVE_INFINITY : settings.concurrency,
            retry: own ? NO_PROVIDER_RETRY : DEFAULT_PROVIDER_RETRY,
            breaker: own ? false : undefined,
            logger,
            onCircuitState: (openness) => metrics.circuit.set({ channel: sender.channel }, openness),
          });
        },
      },
      {
        provide: SendDueSteps,
        inject: [
          SETTINGS,
          CHANNEL_SENDER,
          PG_POOL,
          SendLogRepository,
          ProviderGuard,
          HaltedEnrollmentScreen,
          SendMetrics,
          LOGGER,
          PlatformLifecycle,
        ],
        useFactory: (
          settings: ChannelSendSettings,
          sender: ChannelSender<StepDue, unknown, unknown>,
          pool: Pool,
          repository: SendLogRepository,
          guard: ProviderGuard,
          screen: HaltedEnrollmentScreen,
          metrics: SendMetrics,
          logger: Logger,
          lifecycle: PlatformLifecycle,
        ) =>
          new SendDueSteps({
            sender,
            pool,
            repository,
            guard,
            screen,
            metrics,
            logger,
            chunkSize: settings.concurrency * CALLS_PER_WORKER_PER_CHUNK,
            maxWaits: settings.maxWaits,
            onOutcomesCommitted: () => lifecycle.nudgeOutbox(),
          }),
      },
      {
        provide: StaleSendSweeper,
        inject: [SETTINGS, CHANNEL_SENDER, PG_POOL, SendLogRepository, SendMetrics, LOGGER, PlatformLifecycle],
        useFactory: (
          settings: ChannelSendSettings,
          sender: ChannelSender<StepDue, unknown, unknown>,
          pool: Pool,
          repository: SendLogRepository,
          metrics: SendMetrics,
          logger: Logger,
          lifecycle: PlatformLifecycle,
        ) =>
          new StaleSendSweeper({
            channel: sender.channel,
            outcomesTopic: sender.outcomesTopic,
            provider: settings.provider,
            pool,
            repository,
            metrics,
            logger,
            staleAfterMs: settings.staleAfterMs,
            intervalMs: settings.sweepIntervalMs,
            onOutcomesCommitted: () => lifecycle.nudgeOutbox(),
          }),
      },
      StaleSendSweeping,
      ProviderGuardLifecycle,
    ];
    // The provider client and guard serve the channel's other provider calls too (status polls).
    const extraTokens = (options.providers ?? []).map((p) => (typeof p === 'function' ? p : p.provide));
    return {
      module: ChannelSendModule,
      imports: [HaltedEnrollmentsModule, ...(options.imports ?? [])],
      providers,
      exports: [SendDueSteps, ProviderGuard, ...extraTokens],
    };
  }
}
