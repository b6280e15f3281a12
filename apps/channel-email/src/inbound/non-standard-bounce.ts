import { failure, returnedMessageIds, type DeliveryReport, type FailedRecipient } from './delivery-status';
import type { InboundMail } from './inbound-mail';
import { newText } from './new-text';

/** Senders mail systems use for their reports (`post_master`, `MAILER-DAEMON`, "Mail Delivery System"). */
const SYSTEM_SENDER =
  /mailer[-_ ]?daemon|post[-_ ]?master|mail[-_ ]?delivery|delivery[-_ ]?(?:subsystem|system|status)|mail[-_ ]?administrator|\bmailer@|\bmdaemon|smtp[-_ ]?(?:gateway|server)|\bnetmaster/i;
const BOUNCE_SUBJECT =
  /undeliver|undelivered|delivery (?:status notification|failure|failed|problem|report|notification)|returned mail|return(?:ed)? to sender|failure notice|mail delivery failed|could not (?:be )?deliver|non[- ]?remis|non distribuable|unzustellbar|nicht zugestellt|no se puede entregar|no entregado|niedostarczon|nie dostarczon|非配信|不達|配信(?:エラー|不能|失敗)|送信(?:エラー|失敗)|エラーメール|退信|无法投递|投递失败|退回/i;
/** What a report says when delivery failed for good or is being given up on. */
const FAILURE_WORDS =
  /(?:could not|couldn'?t|cannot|can'?t|was not|wasn'?t|were not|unable to|not) be(?:en)? delivered|delivery (?:to the following (?:recipients?|addresses?) )?(?:has )?failed|failed to deliver|(?:permanent|fatal) (?:error|failure|delivery)|this is a permanent error|undeliverable|undelivered|unable to deliver|not able to deliver|wasn'?t able to deliver|did not reach the following|could not deliver|delivery (?:has )?failed|failure notice|message (?:was )?(?:not delivered|rejected|refused|returned)|returned (?:mail|to sender)|delivery (?:failure|problem)|message .{0,40}(?:bounced|could not be sent)|rejected (?:your|the) message|recipient(?:s)? (?:rejected|failed)|(?:user|mailbox|recipient|address) (?:unknown|not found|does not exist|unavailable)|no such (?:user|mailbox|recipient|address)|not a valid (?:user|recipient|address|mailbox)|non remis|unzustellbar|nicht zugestellt|konnte nicht zugestellt|no (?:se )?(?:pudo|ha podido) (?:ser )?entregar|nie (?:został[ao]? |mogł[ao]? )?(?:dostarczon|doręczon)|non (?:è stato|e' stato|può essere) (?:consegnat|recapitat)|não (?:foi|pôde ser) entregue|kon niet (?:worden )?(?:bezorgd|afgeleverd)|不達|配信(?:でき|不能)|送信できません|届きません|无法(?:投递|送达)|投递失败|退信/i;
/** A warning that the server keeps trying: not a bounce. */
const STILL_TRYING =
  /(?:will|shall) (?:continue|keep) (?:trying|to try|retrying|attempting)|will be retried|still (?:trying|being retried)|this is a warning|warning message only|has not yet been delivered|delivery (?:has been |is )?delayed|you do not need to resend|no action is required on your part|delay(?:ed)? (?:notification|warning)/i;
/** Where a plain-text bounce starts quoting the returned message. */
const RETURNED_MESSAGE =
  /^[^\n]*?(?:below this line is a copy of the message|this is a copy of the message|original message (?:follows|headers)|the original message (?:follows|headers)|returned message|unsent message below|start of (?:the )?(?:returned|original) message|message headers? follows?|copy of (?:the )?original message|original message:|undelivered message headers|headers of the original message)/im;
const ADDRESS = /<?([a-z0-9._%+=\-'/]+@[a-z0-9.-]+\.[a-z]{2,})>?/gi;
const ENHANCED = /\b([45])\.(\d{1,3})\.(\d{1,3})\b/;
const SMTP_REPLY = /(?:^|[^\d.])([45]\d\d)(?:[ -]|$)/m;

/**
 * Bounces without an RFC 3464 report (qmail, old Exchange and Notes, providers' own wording),
 * found by what they say, not by who sends them: failure wording in the report's own text is
 * enough when the mail carries any sign of a machine (a system sender, a bounce subject, the null
 * return path, an X-Failed-Recipients header); without such a sign, the words must be in the
 * unquoted text next to a server's reply code. A "still trying" warning is a notice, never a bounce.
 */
export function readNonStandardBounce(mail: InboundMail, machineSigns: boolean): DeliveryReport | null {
  const report = reportText(mail);
  const systemMade =
    machineSigns ||
    SYSTEM_SENDER.test(mail.headers.get('from') ?? '') ||
    SYSTEM_SENDER.test(mail.returnPath ?? '') ||
    /multipart\/report/i.test(mail.headers.get('content-type') ?? '') ||
    BOUNCE_SUBJECT.test(mail.subject) ||
    mail.headers.has('x-failed-recipients');
  const evidence = systemMade ? report : newText(report);
  // A person may write "your mail could not be delivered to my colleague": without any sign of a
  // machine, the words count only next to a server's reply code.
  const worded = FAILURE_WORDS.test(evidence) && (systemMade || ENHANCED.test(evidence) || SMTP_REPLY.test(evidence));
  if (!worded && !(systemMade && BOUNCE_SUBJECT.test(mail.subject))) {
    if (systemMade && STILL_TRYING.test(report)) return { failed: [], notices: ['delayed'], originalMessageIds: [] };
    return null;
  }
  if (STILL_TRYING.test(report) && !/permanent|fatal|gave up|giving up|given up/i.test(report))
    return { failed: [], notices: ['delayed'], originalMessageIds: returnedMessageIds(mail) };
  const statusMatch = ENHANCED.exec(report);
  const status = statusMatch && statusMatch[1] !== '2' ? statusMatch[0] : undefined;
  const smtp = SMTP_REPLY.exec(report)?.[1];
  const diagnostic = diagnosticOf(report, smtp);
  const addresses = failedAddresses(mail, report);
  const failed: FailedRecipient[] = (addresses.length > 0 ? addresses : [undefined]).map((address) =>
    failure(address, status, diagnostic, report),
  );
  return { failed, notices: [], originalMessageIds: returnedMessageIds(mail) };
}

/** The report's own words, without the returned message it quotes. */
function reportText(mail: InboundMail): string {
  const text = mail.text;
  const cut = RETURNED_MESSAGE.exec(text);
  const own = cut ? text.slice(0, cut.index) : text;
  const headers = /^(?:Received|Return-Path|DKIM-Signature):/m.exec(own);
  return headers ? own.slice(0, headers.index) : own;
}

function diagnosticOf(report: string, smtp: string | undefined): string {
  const lines = report.split(/\r?\n/).map((l) => l.trim());
  const index = smtp ? lines.findIndex((l) => l.includes(smtp)) : -1;
  if (index >= 0) return lines.slice(index, index + 4).join(' ');
  const failing = lines.findIndex((l) => FAILURE_WORDS.test(l));
  return lines.slice(Math.max(failing, 0), Math.max(failing, 0) + 8).join(' ');
}

/** X-Failed-Recipients (Exim), else the addresses the report's text names, not the report's own parties. */
function failedAddresses(mail: InboundMail, report: string): string[] {
  const header = mail.headers.get('x-failed-recipients');
  if (header) return distinct([...header.matchAll(ADDRESS)].map((m) => m[1].toLowerCase()));
  const parties = new Set(
    ['from', 'to', 'sender', 'reply-to', 'return-path'].flatMap((h) =>
      [...(mail.headers.get(h) ?? '').matchAll(ADDRESS)].map((m) => m[1].toLowerCase()),
    ),
  );
  return distinct(
    [...report.matchAll(ADDRESS)]
      .map((m) => m[1].toLowerCase().replace(/\.$/, ''))
      .filter((a) => !parties.has(a) && !/^(?:postmaster|mailer-daemon|abuse|root)@/.test(a)),
  ).slice(0, 10);
}

function distinct(values: string[]): string[] {
  return [...new Set(values)];
}
