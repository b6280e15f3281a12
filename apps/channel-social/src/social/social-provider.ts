import type { ProviderProfile, StepFailure } from '@stepwise/channel-kit';

/**
 * What channel-social needs from a LinkedIn automation provider: act as a recruiter's connected
 * LinkedIn account (the sender identity's `address` is the provider's account id) to send a
 * connection request or a message to a profile.
 *
 * Adapters throw ProviderError (from the channel kit), classifying each failure as not sent
 * (retry is safe), ambiguous (never retried) or rejected (with the StepFailure to report).
 *
 * Adapters:
 * - SimulatorSocialProvider: tools/social-simulator, for development, tests and the demo.
 * - The production adapter will target Unipile's LinkedIn API (https://developer.unipile.com,
 *   X-API-KEY auth): `POST /api/v1/users/invite` {account_id, provider_id, message <= 300 chars}
 *   for a connection request and `POST /api/v1/chats` {account_id, attendees_ids, text} for a
 *   message, after resolving the profile URL's public identifier to a provider id with
 *   `GET /api/v1/users/{identifier}?account_id=` (cacheable per profile).
 *   Its 401/disconnected-account errors map to 'auth' (the recipient is paused, not failed) and
 *   its "not connected" refusals to `{ sent: false, reason: 'not_connected' }`.
 */
export interface SocialProvider {
  /** Resolves with the provider's invitation id. */
  sendInvitation(input: { accountId: string; profileUrl: string; note?: string }): Promise<string>;
  /**
   * Resolves with the provider's message id, or with 'not_connected' when the profile has not
   * accepted a connection from the account: the step decides whether that waits or fails.
   */
  sendMessage(input: { accountId: string; profileUrl: string; text: string }): Promise<MessageResult>;
  /** Whether the profile accepted the invitation yet. */
  invitationStatus(input: { accountId: string; invitationId: string }): Promise<InvitationStatus>;
}

export type MessageResult = { sent: true; messageId: string } | { sent: false; reason: 'not_connected' };

export type InvitationStatus = 'pending' | 'accepted';

export const SOCIAL_PROVIDER = Symbol('SOCIAL_PROVIDER');

export const SOCIAL_PROFILE: ProviderProfile = {
  name: 'the LinkedIn provider',
  whereToCheck: "the sender's LinkedIn sent invitations and messages",
};

/** LinkedIn's limit for the note of a connection request. */
export const INVITATION_NOTE_LIMIT = 300;
/** LinkedIn's limit for the text of a message. */
export const MESSAGE_TEXT_LIMIT = 8000;

/** A LinkedIn message to someone who has not accepted the sender's connection request. */
export function notConnectedFailure(): StepFailure {
  return {
    type: 'invalid_address',
    message: 'The recipient is not a LinkedIn connection of the sender yet, so LinkedIn does not allow a message.',
    suggestedFix:
      'Wait for the connection to be accepted before this step, e.g. put a connection request step and a delay before it, then retry.',
  };
}

/** `length` is unknown when only the provider noticed (it may count characters differently). */
export function messageTooLongFailure(length?: number): StepFailure {
  const size = length === undefined ? 'too long' : `${length} characters`;
  return {
    type: 'content',
    message: `The LinkedIn message is ${size} once variables are filled in; LinkedIn allows ${MESSAGE_TEXT_LIMIT}.`,
    suggestedFix: `Shorten the message to at most ${MESSAGE_TEXT_LIMIT} characters, then retry.`,
  };
}

/** `length` is unknown when only the provider noticed (it may count characters differently). */
export function noteTooLongFailure(length?: number): StepFailure {
  const size = length === undefined ? 'too long' : `${length} characters`;
  return {
    type: 'content',
    message: `The connection request note is ${size} once variables are filled in; LinkedIn allows ${INVITATION_NOTE_LIMIT}.`,
    suggestedFix: `Shorten the note to at most ${INVITATION_NOTE_LIMIT} characters, then retry.`,
  };
}
