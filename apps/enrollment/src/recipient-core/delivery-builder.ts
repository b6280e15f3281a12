import type { StepDelivery } from '@stepwise/contracts';
import { channelOfStepType } from '@stepwise/contracts';
import type { StepNode } from './sequence-definition';
import type { RecipientProfile, SenderIdentity, StepError } from './enrollment-state';
import { whyNotTextable } from './phone-number';

export type DeliveryResult = { delivery: StepDelivery } | { error: StepError };

/** What the channel needs for this step and recipient, or why the step cannot be sent. */
export function buildDelivery(
  step: StepNode,
  recipient: RecipientProfile,
  identities: ReadonlyMap<string, SenderIdentity>,
  openTracking = true,
): DeliveryResult {
  const channel = channelOfStepType(step.type);
  if (!channel) throw new Error(`step type ${step.type} is not sent by a channel`);
  const sender = step.identityId ? identities.get(step.identityId) : undefined;
  if (!sender || sender.channel !== channel) {
    return {
      error: {
        type: 'no_identity',
        message: `step ${step.id} has no ${channel} sender identity`,
        suggestedFix: `choose a connected ${channel} sender identity for the step, then retry`,
      },
    };
  }
  const senderRef = { identityId: sender.id, address: sender.address, displayName: sender.displayName ?? undefined };
  const variables = recipientVariables(recipient);
  switch (channel) {
    case 'email':
      if (!recipient.email) return { error: missing(recipient, 'email address', 'email') };
      return {
        delivery: {
          channel,
          stepType: step.type as 'automated_email',
          sender: senderRef,
          to: recipient.email,
          variables,
          subject: step.subject ?? '',
          body: step.body,
          sameThreadAsPrevious: step.sameThreadAsPrevious,
          // Only when off: an absent flag means on, and older messages carry none.
          ...(openTracking ? {} : { openTracking: false }),
        },
      };
    case 'sms':
      if (!recipient.phone) return { error: missing(recipient, 'phone number', 'phone') };
      {
        const notTextable = whyNotTextable(recipient.phone);
        if (notTextable) {
          return {
            error: {
              type: 'invalid_address',
              message: `recipient phone ${notTextable}`,
              suggestedFix: `set a mobile number on the recipient (PATCH /v1/recipients/${recipient.id} {"phone": ...}), then retry the step`,
            },
          };
        }
      }
      return {
        delivery: { channel, stepType: 'sms', sender: senderRef, to: recipient.phone, variables, body: step.body },
      };
    case 'social':
      if (!recipient.linkedinProfile) return { error: missing(recipient, 'LinkedIn profile', 'linkedinProfile') };
      return {
        delivery: {
          channel,
          stepType: step.type as 'linkedin_message',
          sender: senderRef,
          to: recipient.linkedinProfile,
          variables,
          body: step.body,
          ...(step.waitForConnection !== undefined ? { waitForConnection: step.waitForConnection } : {}),
          ...(step.waitForConnectionDays !== undefined ? { waitForConnectionDays: step.waitForConnectionDays } : {}),
        },
      };
  }
}

function missing(recipient: RecipientProfile, what: string, field: string): StepError {
  return {
    type: 'missing_data',
    message: `recipient has no ${what}`,
    suggestedFix: `add the recipient's ${field} (PATCH /v1/recipients/${recipient.id} {"${field}": ...}), then retry the step (POST /v1/enrollments/{id}/actions/retry)`,
  };
}

function recipientVariables(recipient: RecipientProfile): Record<string, string> {
  const known: Record<string, string | null> = {
    email: recipient.email,
    phone: recipient.phone,
    linkedinProfile: recipient.linkedinProfile,
  };
  const present = Object.entries(known).filter((entry): entry is [string, string] => entry[1] !== null);
  return { ...Object.fromEntries(present), ...recipient.variables };
}
