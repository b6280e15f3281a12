import { Inject, Injectable } from '@nestjs/common';
import type { StepAttempt } from '@stepwise/contracts';
import { SERVICE_CONFIG } from '@stepwise/platform';
import type { ChannelEmailConfig } from '../config';
import type { EmailTrackingUrls } from './tracked-content';
import { TrackingTokens, type TrackingClaim } from './tracking-token';

/** The tracking URLs of one step attempt, and its unsubscribe link. */
export interface AttemptTrackingUrls extends EmailTrackingUrls {
  unsubscribe(): string;
}

/** Routes of the tracking controller; the pixel ends in .gif because some clients only load images that look like one. */
export const TRACKING_ROUTES = { open: 't/o', click: 't/c', unsubscribe: 't/u' } as const;

@Injectable()
export class TrackingUrls {
  private readonly base: string;

  constructor(
    private readonly tokens: TrackingTokens,
    @Inject(SERVICE_CONFIG) config: ChannelEmailConfig,
  ) {
    this.base = config.TRACKING_BASE_URL.replace(/\/+$/, '');
  }

  forAttempt(step: StepAttempt, tenantId: string): AttemptTrackingUrls {
    const claim = (kind: TrackingClaim['kind'], url?: string): TrackingClaim => ({
      enrollmentId: step.enrollmentId,
      sequenceId: step.sequenceId,
      stepId: step.stepId,
      attempt: step.attempt,
      tenantId,
      kind,
      ...(url === undefined ? {} : { url }),
    });
    return {
      open: () => `${this.base}/${TRACKING_ROUTES.open}/${this.tokens.sign(claim('open'))}.gif`,
      click: (url) => `${this.base}/${TRACKING_ROUTES.click}/${this.tokens.sign(claim('click', url))}`,
      unsubscribe: () => `${this.base}/${TRACKING_ROUTES.unsubscribe}/${this.tokens.sign(claim('unsubscribe'))}`,
    };
  }
}

/** RFC 2369 + RFC 8058: mailbox providers show an unsubscribe button that POSTs to the link. */
export function listUnsubscribeHeaders(unsubscribeUrl: string): Record<string, string> {
  return {
    'List-Unsubscribe': `<${unsubscribeUrl}>`,
    'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
  };
}
