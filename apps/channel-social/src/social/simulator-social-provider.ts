import { ProviderError, statusError, transportError } from '@stepwise/channel-kit';
import {
  messageTooLongFailure,
  noteTooLongFailure,
  type InvitationStatus,
  type MessageResult,
  type SocialProvider,
} from './social-provider';

export interface SimulatorSocialProviderOptions {
  baseUrl: string;
  token: string;
  /** Per request; a request that times out may still have been carried out. */
  timeoutMs: number;
}

interface ErrorBody {
  error?: string;
  message?: string;
}

/** Speaks tools/social-simulator's API: JSON over HTTP, bearer token, one account per path. */
export class SimulatorSocialProvider implements SocialProvider {
  private readonly baseUrl: string;

  constructor(private readonly options: SimulatorSocialProviderOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
  }

  async sendInvitation(input: { accountId: string; profileUrl: string; note?: string }): Promise<string> {
    const body = await this.post(`/v1/accounts/${encodeURIComponent(input.accountId)}/invitations`, {
      profileUrl: input.profileUrl,
      note: input.note,
    });
    return requireId(body, 'invitationId');
  }

  async sendMessage(input: { accountId: string; profileUrl: string; text: string }): Promise<MessageResult> {
    const path = `/v1/accounts/${encodeURIComponent(input.accountId)}/messages`;
    const response = await this.request('POST', path, { profileUrl: input.profileUrl, text: input.text });
    const body = await readJson(response);
    if (response.status === 409 && body.error === 'not_connected') return { sent: false, reason: 'not_connected' };
    if (!response.ok) throw toProviderError(response.status, body as ErrorBody);
    return { sent: true, messageId: requireId(body, 'messageId') };
  }

  async invitationStatus(input: { accountId: string; invitationId: string }): Promise<InvitationStatus> {
    const path = `/v1/accounts/${encodeURIComponent(input.accountId)}/invitations/${encodeURIComponent(input.invitationId)}`;
    const response = await this.request('GET', path);
    const body = await readJson(response);
    if (!response.ok) throw toProviderError(response.status, body as ErrorBody);
    return body.status === 'accepted' ? 'accepted' : 'pending';
  }

  private async post(path: string, payload: object): Promise<Record<string, unknown>> {
    const response = await this.request('POST', path, payload);
    const body = await readJson(response);
    if (response.ok) return body;
    throw toProviderError(response.status, body as ErrorBody);
  }

  private async request(method: 'GET' | 'POST', path: string, payload?: object): Promise<Response> {
    try {
      return await fetch(`${this.baseUrl}${path}`, {
        method,
        headers: { authorization: `Bearer ${this.options.token}`, 'content-type': 'application/json' },
        body: payload === undefined ? undefined : JSON.stringify(payload),
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
    } catch (error) {
      throw transportError(errorCode(error), error);
    }
  }
}

function toProviderError(status: number, body: ErrorBody): ProviderError {
  const detail = body.error ?? 'no error code';
  if (status === 400 && body.error === 'note_too_long') return ProviderError.rejected(noteTooLongFailure());
  if (status === 400 && body.error === 'text_too_long') return ProviderError.rejected(messageTooLongFailure());
  if (status === 401 || status === 403) {
    return ProviderError.rejected({
      type: 'auth',
      message: `The LinkedIn provider refused the service's credentials (${status} ${detail}).`,
      suggestedFix: 'An administrator must check SOCIAL_PROVIDER_TOKEN of the social channel service.',
    });
  }
  if (status === 429 || status >= 500) return statusError(status, detail);
  return ProviderError.rejected({
    type: 'content',
    message: `The LinkedIn provider refused the request (${status} ${detail}${body.message ? `: ${body.message}` : ''}).`,
    suggestedFix: "Check the recipient's LinkedIn profile URL and the step's text, then retry.",
  });
}

/** A 2xx without its id still means the provider carried the request out; its id is just lost. */
function requireId(body: Record<string, unknown>, field: string): string {
  const id = body[field];
  if (typeof id === 'string' && id !== '') return id;
  throw ProviderError.ambiguous(`accepted without returning ${field}`);
}

async function readJson(response: Response): Promise<Record<string, unknown>> {
  try {
    const value: unknown = await response.json();
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** fetch wraps socket errors in `cause`; a timeout is a DOMException named TimeoutError. */
function errorCode(error: unknown): string | undefined {
  const cause = (error as { cause?: { code?: unknown } }).cause;
  if (typeof cause?.code === 'string') return cause.code;
  return error instanceof Error && error.name === 'TimeoutError' ? 'TimeoutError' : undefined;
}
