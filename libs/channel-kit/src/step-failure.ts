import type { ErrorType } from '@stepwise/contracts';

/** Why a step attempt failed, in the words the recruiter reads on the step (the outcome's `error`). */
export interface StepFailure {
  type: ErrorType;
  message: string;
  suggestedFix: string;
}

/**
 * What a provider call's failure means for the message. The distinction decides whether a retry
 * is safe: only a request that certainly did not reach the provider may be sent again, or the
 * recipient could get the message twice.
 */
export type ProviderErrorKind =
  /** Certainly not accepted (connection refused, 429, 503, circuit open): safe to retry. */
  | 'not_sent'
  /** May or may not have been accepted (timeout, reset connection, 5xx): never retried. */
  | 'ambiguous'
  /** The provider refused this message for good (bad number, not connected, bad credentials). */
  | 'rejected';

/** Thrown by provider adapters so the send pipeline knows what it may do next. */
export class ProviderError extends Error {
  override readonly name = 'ProviderError';

  private constructor(
    readonly kind: ProviderErrorKind,
    message: string,
    /** Set for 'rejected': what the recruiter is told. */
    readonly failure?: StepFailure,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }

  static notSent(message: string, cause?: unknown): ProviderError {
    return new ProviderError('not_sent', message, undefined, { cause });
  }

  static ambiguous(message: string, cause?: unknown): ProviderError {
    return new ProviderError('ambiguous', message, undefined, { cause });
  }

  static rejected(failure: StepFailure, cause?: unknown): ProviderError {
    return new ProviderError('rejected', failure.message, failure, { cause });
  }
}

/** For adapter tests: the error a provider call failed with, which must be a classified one. */
export async function providerErrorOf(call: Promise<unknown>): Promise<ProviderError> {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof ProviderError)) throw new Error(`expected a ProviderError, got ${String(error)}`);
  return error;
}

/** Network error codes meaning the connection was never made, so nothing reached the provider. */
const NEVER_CONNECTED = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);
/** Codes HTTP clients use when a request ran out of time (axios: ECONNABORTED, fetch: TimeoutError). */
const TIMED_OUT = new Set(['ECONNABORTED', 'ETIMEDOUT', 'TimeoutError']);

/** For adapters: a transport error is only safe to retry when no connection was made. */
export function transportError(code: string | undefined, cause: unknown): ProviderError {
  if (code && NEVER_CONNECTED.has(code)) return ProviderError.notSent(`unreachable (${code})`, cause);
  if (code && TIMED_OUT.has(code)) return ProviderError.ambiguous(`no answer in time (${code})`, cause);
  return ProviderError.ambiguous(`the exchange broke off (${code ?? 'unknown error'})`, cause);
}

/** For adapters: what an HTTP status without a more specific meaning says about delivery. */
export function statusError(status: number, detail: string, cause?: unknown): ProviderError {
  // 429 and 503 are answered before the request is processed; other 5xx may come after it was.
  if (status === 429 || status === 503) return ProviderError.notSent(`answered ${status} (${detail})`, cause);
  return ProviderError.ambiguous(`answered ${status} (${detail})`, cause);
}

/** How failures name the provider to the recruiter, and where they can look up what happened. */
export interface ProviderProfile {
  /** Used mid-sentence: "Twilio", "the LinkedIn provider". */
  name: string;
  /** Where a person can see whether a message went out, e.g. "Twilio's Messaging Logs". */
  whereToCheck: string;
}

/** The provider could not be reached or kept refusing: nothing was sent, a retry later is safe. */
export function providerDownFailure(provider: ProviderProfile, reason: string): StepFailure {
  return {
    type: 'provider_down',
    message: `Could not hand the message to ${provider.name}: ${reason}. Nothing was sent.`,
    suggestedFix: `Retry the step once ${provider.name} is reachable again.`,
  };
}

/** The send may or may not have happened, so it must not be repeated without a look first. */
export function unknownDeliveryFailure(provider: ProviderProfile, reason: string): StepFailure {
  return {
    type: 'unknown_delivery_state',
    message: `${reason}; it is unknown whether ${provider.name} sent the message.`,
    suggestedFix: `Check ${provider.whereToCheck} for this recipient before retrying the step, so the candidate is not messaged twice.`,
  };
}
