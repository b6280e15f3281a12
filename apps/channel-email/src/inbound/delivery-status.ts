import { bounceReasonOf, isHard, isSpecificStatus, isTransient, type BounceReason } from './bounce-reason';
import type { InboundMail } from './inbound-mail';

/** One recipient's failure, read from a delivery report. */
export interface FailedRecipient {
  /** The address that failed (Final-Recipient, or the one an NDR names); undefined when none is given. */
  address?: string;
  status?: string;
  diagnostic: string;
  reason: BounceReason;
  bounce: 'hard' | 'soft';
}

export interface DeliveryReport {
  /** `failed` recipients are bounces; a report with only `delayed`/`delivered` ones is a notice. */
  failed: FailedRecipient[];
  /** Delayed, relayed, delivered or expanded: warnings and successes, never bounces. */
  notices: string[];
  /** Message-IDs quoted from the returned message: ours names the attempt. */
  originalMessageIds: string[];
}

const DSN_REPORT = /multipart\/report[\s\S]*report-type="?delivery-status/i;
const MESSAGE_ID_FIELD = /^(?:Message-ID|X-Original-Message-ID):\s*(<[^<>\s]+>)/gim;

/**
 * A delivery status notification read as RFC 3464 lays it out: one field group per recipient in
 * the message/delivery-status part (Final-Recipient, Action, Status, Diagnostic-Code). Only
 * `Action: failed` is a bounce; `delayed` is a warning the MTA sends while it keeps retrying.
 * Null when the message holds no report (see `readNonStandardBounce` for the MTAs that send none).
 */
export function readDeliveryReport(mail: InboundMail): DeliveryReport | null {
  const reportPart = mail.parts.find(
    (p) => p.contentType === 'message/delivery-status' || p.contentType === 'message/global-delivery-status',
  );
  let fields = reportPart?.content;
  if (!fields && DSN_REPORT.test(mail.headers.get('content-type') ?? '')) fields = rawDeliveryStatus(mail.raw);
  if (!fields) return null;
  const groups = fieldGroups(fields);
  const perRecipient = groups.filter((g) => g.has('final-recipient') || g.has('original-recipient') || g.has('action'));
  if (perRecipient.length === 0) return null;
  const failed: FailedRecipient[] = [];
  const notices: string[] = [];
  const humanText = mail.text;
  for (const group of perRecipient) {
    const action = (group.get('action') ?? '').toLowerCase().split(/[\s(;]/)[0];
    const status = /([245]\.\d{1,3}\.\d{1,3})/.exec(group.get('status') ?? '')?.[1];
    if (action === 'delayed' || action === 'delivered' || action === 'relayed' || action === 'expanded') {
      notices.push(action);
      continue;
    }
    if (!action && status?.startsWith('2')) {
      notices.push('delivered');
      continue;
    }
    if (
      !action &&
      status?.startsWith('4') &&
      /will (?:continue|keep) (?:trying|to try)|still trying|delayed/i.test(humanText)
    ) {
      notices.push('delayed');
      continue;
    }
    const diagnostic = stripType(group.get('diagnostic-code') ?? '');
    // A report without a diagnostic (Postfix writes it in the human part) is read from that part.
    // (with a specific code, the human part's boilerplate, such as a virus-scan disclaimer, must not outvote it).
    const address = addressOf(group.get('final-recipient') ?? group.get('original-recipient'));
    failed.push(failure(address, status, diagnostic || (isSpecificStatus(status) ? '' : humanText)));
  }
  return { failed, notices, originalMessageIds: returnedMessageIds(mail) };
}

/** `reasonText` is what the reason is read from when it is more than the diagnostic (a plain-text bounce's whole report). */
export function failure(
  address: string | undefined,
  status: string | undefined,
  diagnostic: string,
  reasonText = diagnostic,
): FailedRecipient {
  const text = diagnostic.replace(/\s+/g, ' ').trim().slice(0, 1000);
  const words = reasonText.replace(/\s+/g, ' ').trim().slice(0, 4000);
  const reason = bounceReasonOf(status, words);
  const transient = isTransient(status, words);
  return {
    ...(address ? { address } : {}),
    ...(status ? { status } : {}),
    diagnostic: text,
    reason,
    // A temporary code never means the address is gone, whatever the words say.
    bounce: isHard(reason) && !transient ? 'hard' : 'soft',
  };
}

/** Message-IDs of the returned message (its part or its headers quoted in the body). */
export function returnedMessageIds(mail: InboundMail): string[] {
  const returned = mail.parts
    .filter(
      (p) =>
        p.contentType === 'message/rfc822' ||
        p.contentType === 'text/rfc822-headers' ||
        p.contentType === 'message/rfc822-headers',
    )
    .map((p) => p.content);
  const own = mail.headers.get('message-id');
  const found = [...`${returned.join('\n')}\n${bodyOf(mail.raw)}`.matchAll(MESSAGE_ID_FIELD)].map((m) => m[1]);
  return [...new Set(found)].filter((id) => id !== own);
}

/** Field groups separated by blank lines, folded lines unfolded, names lower-cased. */
function fieldGroups(text: string): Map<string, string>[] {
  const groups: Map<string, string>[] = [];
  for (const block of text.replace(/\r/g, '').split(/\n[ \t]*\n/)) {
    const group = new Map<string, string>();
    let last: string | null = null;
    for (const line of block.split('\n')) {
      if (/^[ \t]/.test(line) && last) {
        group.set(last, `${group.get(last)} ${line.trim()}`);
        continue;
      }
      const match = /^([A-Za-z][\w-]*):\s*(.*)$/.exec(line);
      if (!match) continue;
      last = match[1].toLowerCase();
      if (!group.has(last)) group.set(last, match[2].trim());
    }
    if (group.size > 0) groups.push(group);
  }
  return groups;
}

/** The delivery-status part cut out of the raw message, for reports whose MIME structure is broken. */
function rawDeliveryStatus(raw: string): string | undefined {
  const match =
    /content-type:\s*message\/(?:global-)?delivery-status[^\n]*\n(?:[^\n]+\n)*?\r?\n([\s\S]*?)(?:\n--|$)/i.exec(raw);
  return match?.[1];
}

/** `rfc822; user@example.org` → `user@example.org`. */
function addressOf(field: string | undefined): string | undefined {
  if (!field) return undefined;
  const value = field.includes(';') ? field.slice(field.indexOf(';') + 1) : field;
  const address = value.trim().replace(/^<|>$/g, '').toLowerCase();
  return address.includes('@') ? address : undefined;
}

/** `smtp; 550 5.1.1 ...` → `550 5.1.1 ...`. */
function stripType(diagnostic: string): string {
  return diagnostic.replace(/^\s*(?:smtp|x-[\w-]+|unix)\s*;\s*/i, '');
}

function bodyOf(raw: string): string {
  const end = /\r?\n\r?\n/.exec(raw);
  return end ? raw.slice(end.index) : '';
}
