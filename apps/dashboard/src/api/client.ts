import createClient, { type Middleware } from 'openapi-fetch';
import type { paths as AnalyticsPaths } from './generated/analytics';
import type { paths as EnrollmentPaths } from './generated/enrollment';
import { readApiKey } from '../session/session';

/** A failed call, with the service's own message (it names the field or the refused status). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const withApiKey: Middleware = {
  onRequest({ request }) {
    const key = readApiKey();
    if (key) request.headers.set('x-api-key', key);
    return request;
  },
};

// Same origin: the dashboard server forwards these prefixes to the services.
export const enrollmentApi = createClient<EnrollmentPaths>({ baseUrl: `${location.origin}/api/enrollment` });
export const analyticsApi = createClient<AnalyticsPaths>({ baseUrl: `${location.origin}/api/analytics` });
enrollmentApi.use(withApiKey);
analyticsApi.use(withApiKey);

/**
 * The services' documents describe requests but not yet response bodies, so each call site states
 * the shape it reads (api/types.ts); failures become an ApiError with the service's message.
 */
export async function read<T>(call: Promise<{ data?: unknown; error?: unknown; response: Response }>): Promise<T> {
  const { data, error, response } = await call;
  if (!response.ok) throw new ApiError(response.status, messageOf(error, response));
  return data as T;
}

function messageOf(error: unknown, response: Response): string {
  if (error && typeof error === 'object') {
    const body = error as { message?: unknown; errors?: { path?: string; message?: string }[] };
    if (Array.isArray(body.errors) && body.errors.length > 0) {
      return body.errors.map((e) => `${e.path ?? ''}: ${e.message ?? ''}`).join('; ');
    }
    if (typeof body.message === 'string') return body.message;
    if (Array.isArray(body.message)) return body.message.join('; ');
  }
  return `${response.status} ${response.statusText}`;
}
