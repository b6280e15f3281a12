import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { TenantRequest } from './api-key.guard';

/** The tenant ApiKeyGuard resolved for this request. */
export const TenantId = createParamDecorator((_data: unknown, context: ExecutionContext): string => {
  const tenantId = context.switchToHttp().getRequest<TenantRequest>().tenantId;
  if (!tenantId) throw new Error('TenantId used on a route without ApiKeyGuard');
  return tenantId;
});
