import { Histogram, type Registry } from 'prom-client';

export const HTTP_DURATION_METRIC = 'http_request_duration_seconds';

type Label = 'method' | 'route' | 'status';

const KNOWN_METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/** Route label for requests no route matched: scanners probing random paths must not create series. */
export const UNMATCHED_ROUTE = 'unmatched';

/** Status label for requests the client abandoned before the response was written. */
export const ABORTED_STATUS = 'aborted';

export interface RoutedRequest {
  method?: string;
  baseUrl?: string;
  route?: { path?: unknown };
}

/** Owns the HTTP request histogram; labels are kept to a bounded set of values. */
export class HttpMetrics {
  readonly requestDuration: Histogram<Label>;

  constructor(registry: Registry) {
    this.requestDuration = new Histogram<Label>({
      name: HTTP_DURATION_METRIC,
      help: 'HTTP request duration in seconds, by method, route pattern and status',
      labelNames: ['method', 'route', 'status'],
      // API calls are expected in milliseconds; the upper buckets catch bulk enrolment requests.
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    });
  }

  observe(request: RoutedRequest, status: string, seconds: number): void {
    this.requestDuration.observe({ method: methodLabel(request.method), route: routeLabel(request), status }, seconds);
  }
}

/** The matched route pattern (`/enrollments/:id`), never the raw URL, which holds ids. */
export function routeLabel(request: RoutedRequest): string {
  const pattern = request.route?.path;
  if (typeof pattern !== 'string') return UNMATCHED_ROUTE;
  return `${request.baseUrl ?? ''}${pattern}` || '/';
}

function methodLabel(method: string | undefined): string {
  const upper = (method ?? '').toUpperCase();
  return KNOWN_METHODS.has(upper) ? upper : 'OTHER';
}
