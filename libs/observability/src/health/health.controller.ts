import { Controller, Get, Header, ServiceUnavailableException } from '@nestjs/common';
import type { HealthReport } from './health-check';
import { HealthRegistry } from './health-registry';

/**
 * Liveness answers whether the process should be restarted (only if it cannot even answer);
 * readiness answers whether it should get traffic (all registered dependencies are usable).
 */
@Controller('health')
export class HealthController {
  constructor(private readonly registry: HealthRegistry) {}

  @Get('live')
  @Header('Cache-Control', 'no-store')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  @Header('Cache-Control', 'no-store')
  ready(): Promise<HealthReport> {
    return this.readiness();
  }

  // Plain /health is what most probes and humans try first; it answers the more useful question.
  @Get()
  @Header('Cache-Control', 'no-store')
  health(): Promise<HealthReport> {
    return this.readiness();
  }

  private async readiness(): Promise<HealthReport> {
    const report = await this.registry.check();
    if (report.status !== 'ok') throw new ServiceUnavailableException(report);
    return report;
  }
}
