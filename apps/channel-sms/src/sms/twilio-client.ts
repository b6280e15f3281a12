import twilio from 'twilio';
import type RequestClient from 'twilio/lib/base/RequestClient';

export interface TwilioClientOptions {
  accountSid: string;
  authToken: string;
  /** https://api.twilio.com in production; the local fake (tools/twilio-fake) elsewhere. */
  baseUrl: string;
  /** Per request; a request that times out may still have been accepted (see twilio-errors.ts). */
  timeoutMs: number;
}

/**
 * The SDK builds every URL on https://api.twilio.com (edge and region only change the host's
 * subdomains), so pointing it elsewhere means rewriting the origin in the HTTP client, which the
 * SDK accepts as `httpClient`. Path and query are kept: the SDK's own request shape is what goes
 * out, which is what makes the fake a faithful stand-in.
 */
class BaseUrlRequestClient extends twilio.RequestClient {
  private readonly baseUrl: string;

  constructor(baseUrl: string, timeoutMs: number) {
    super({ timeout: timeoutMs, keepAlive: true });
    this.baseUrl = baseUrl.replace(/\/+$/, '');
  }

  override request<T>(options: RequestClient.RequestOptions<T>) {
    const original = new URL(options.uri);
    return super.request<T>({ ...options, uri: `${this.baseUrl}${original.pathname}${original.search}` });
  }
}

export function createTwilioClient(options: TwilioClientOptions): twilio.Twilio {
  return twilio(options.accountSid, options.authToken, {
    httpClient: new BaseUrlRequestClient(options.baseUrl, options.timeoutMs),
    // Retries are ours (ProviderGuard), which knows which failures are safe to repeat.
    autoRetry: false,
  });
}
