import type { ServerResponse } from 'node:http';
import { Injectable, type NestMiddleware } from '@nestjs/common';
import { ABORTED_STATUS, HttpMetrics, type RoutedRequest } from './http-metrics';

/**
 * Times every HTTP request. A middleware rather than an interceptor because it also sees 404s and
 * responses written by exception filters; the route pattern is read when the response closes,
 * after the router has matched and set `req.route`.
 */
@Injectable()
export class HttpMetricsMiddleware implements NestMiddleware {
  constructor(private readonly metrics: HttpMetrics) {}

  use(request: RoutedRequest, response: ServerResponse, next: () => void): void {
    const started = process.hrtime.bigint();
    response.once('close', () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const status = response.writableFinished ? String(response.statusCode) : ABORTED_STATUS;
      this.metrics.observe(request, status, seconds);
    });
    next();
  }
}
