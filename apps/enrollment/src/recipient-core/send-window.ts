import type { SenderLimits, SendWindow, StepType } from '@stepwise/contracts';
import type { RecipientProfile, SenderIdentity } from './enrollment-state';

/** Zones seen valid: at most the few hundred IANA names, so input cannot grow it. */
const knownZones = new Set<string>();

/** Whether the runtime knows the zone; cached, as bulk enrollment asks once per recipient. */
export function isTimeZone(name: string): boolean {
  if (knownZones.has(name)) return true;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
  } catch {
    return false;
  }
  knownZones.add(name);
  return true;
}

/**
 * When the dispatcher may release a send: the sender identity's working days, hours and holidays,
 * read in the recipient's time zone when it is known (a candidate is written to in their own
 * working day, as the timer contract documents), else in the identity's. No working hours: any time.
 */
export function sendWindowFor(sender: SenderIdentity, recipient: RecipientProfile): SendWindow | undefined {
  const hours = sender.workingHours;
  if (!hours) return undefined;
  const timezone = recipient.timezone && isTimeZone(recipient.timezone) ? recipient.timezone : sender.timezone;
  return {
    timezone,
    days: hours.days,
    start: hours.start,
    end: hours.end,
    ...(hours.holidays?.length ? { holidays: hours.holidays } : {}),
  };
}

/**
 * The identity's caps, counted by the dispatcher per local clock hour, day and ISO week of the
 * allowance key; absent when it sets none. LinkedIn caps invitations weekly, not messages: on a
 * social identity connection requests are counted under their own key (`<id>:invitations`) with
 * the weekly cap, and messages under the identity's id without it. The hourly and daily caps then
 * apply to invitations and to messages each.
 */
export function senderLimitsFor(sender: SenderIdentity, stepType?: StepType): SenderLimits | undefined {
  const social = sender.channel === 'social';
  const invitation = social && stepType === 'linkedin_connection_request';
  const weekly = sender.weeklyLimit != null && (!social || invitation);
  const caps = {
    ...(sender.hourlyLimit != null ? { hourlyCap: sender.hourlyLimit } : {}),
    ...(sender.dailyLimit != null ? { dailyCap: sender.dailyLimit } : {}),
    ...(weekly ? { weeklyCap: sender.weeklyLimit as number } : {}),
  };
  if (Object.keys(caps).length === 0) return undefined;
  return { identityId: invitation ? `${sender.id}:invitations` : sender.id, timezone: sender.timezone, ...caps };
}

/** Both, as the optional fields of a send_step timer action: absent when the identity sets none. */
export function sendRulesFor(
  sender: SenderIdentity | undefined,
  recipient: RecipientProfile,
  stepType?: StepType,
): { window?: SendWindow; limits?: SenderLimits } {
  if (!sender) return {};
  const window = sendWindowFor(sender, recipient);
  const limits = senderLimitsFor(sender, stepType);
  return { ...(window ? { window } : {}), ...(limits ? { limits } : {}) };
}
