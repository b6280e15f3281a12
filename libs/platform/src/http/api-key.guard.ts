import { type CanActivate, type ExecutionContext, Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import type { Request } from 'express';
import { SERVICE_CONFIG } from '../tokens';
import { tenantForKey, type ApiKeyEntry } from './api-keys';

export type TenantRequest = Request & { tenantId?: string };

/** Resolves the `x-api-key` header to the tenant every handler then scopes its reads and writes to. */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(@Inject(SERVICE_CONFIG) private readonly config: { STEPWISE_API_KEYS: ApiKeyEntry[] }) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<TenantRequest>();
    const presented = request.header('x-api-key');
    const tenantId = presented ? tenantForKey(this.config.STEPWISE_API_KEYS, presented) : null;
    if (!tenantId) throw new UnauthorizedException('missing or unknown x-api-key');
    request.tenantId = tenantId;
    return true;
  }
}
