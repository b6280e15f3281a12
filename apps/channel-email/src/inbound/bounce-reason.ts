/**
 * Why a message bounced, in the vocabulary of sisimai's reason taxonomy, and whether it is worth
 * sending again. Hard means the address itself is gone (unknown user or domain, moved, a domain
 * that accepts no mail): retrying can only hurt the sender's reputation. Everything else (a full
 * mailbox, a policy or spam rejection, an authentication failure, a rate limit, a network or
 * system fault) is about this message, this sender or this moment, so it is soft.
 */
export const BOUNCE_REASONS = [
  'userunknown',
  'hostunknown',
  'hasmoved',
  'notaccept',
  'mailboxfull',
  'mesgtoobig',
  'suspend',
  'filtered',
  'blocked',
  'ratelimited',
  'spamdetected',
  'policyviolation',
  'authfailure',
  'norelaying',
  'securityerror',
  'contenterror',
  'expired',
  'networkerror',
  'systemerror',
  'systemfull',
  'undefined',
] as const;
export type BounceReason = (typeof BOUNCE_REASONS)[number];

const HARD: ReadonlySet<BounceReason> = new Set(['userunknown', 'hostunknown', 'hasmoved', 'notaccept']);

export function isHard(reason: BounceReason): boolean {
  return HARD.has(reason);
}

/** RFC 3463 enhanced status codes whose subject and detail name the reason by themselves. */
const BY_STATUS: Record<string, BounceReason> = {
  '1.1': 'userunknown',
  '1.2': 'hostunknown',
  '1.3': 'userunknown',
  '1.6': 'hasmoved',
  '1.10': 'notaccept',
  '2.2': 'mailboxfull',
  '2.3': 'mesgtoobig',
  '3.1': 'systemfull',
  '3.4': 'mesgtoobig',
  '4.4': 'networkerror',
  '4.6': 'networkerror',
  '4.7': 'expired',
  '7.13': 'suspend',
  '7.20': 'authfailure',
  '7.21': 'authfailure',
  '7.22': 'authfailure',
  '7.23': 'authfailure',
  '7.24': 'authfailure',
  '7.25': 'authfailure',
  '7.26': 'authfailure',
  '7.27': 'notaccept',
  '7.28': 'ratelimited',
  '7.509': 'authfailure',
  '7.511': 'blocked',
  '7.606': 'blocked',
  '7.708': 'blocked',
};

/** Codes too general to name a reason: the diagnostic text decides, then the class default below. */
const DEFAULT_BY_SUBJECT: Record<string, BounceReason> = {
  '1': 'userunknown',
  '2': 'suspend',
  '3': 'systemerror',
  '4': 'networkerror',
  '5': 'systemerror',
  '6': 'contenterror',
  '7': 'policyviolation',
};

/**
 * What mail servers write, most specific first: an authentication or rate-limit rejection often
 * also says "policy" or "blocked", and a spam rejection often says "rejected". Patterns cover the
 * English most servers use plus the languages of the corpus's non-English bounces.
 */
const BY_TEXT: readonly [BounceReason, RegExp][] = [
  [
    'authfailure',
    /\b(?:spf|dkim|dmarc)\b.{0,60}(?:fail|invalid|not pass|does not pass|reject|align)|(?:fail|did not pass|not pass).{0,30}\b(?:spf|dkim|dmarc)\b|sender policy framework|unauthenticated (?:email|mail|sender)|authentication (?:check )?fail/i,
  ],
  [
    'mailboxfull',
    /mail ?-?box (?:is )?(?:full|over)|over ?quota|quota|exceeded (?:the )?(?:storage|mailbox|disk)|insufficient (?:disk|storage|space)|mailbox size|mailbox exceeds|too much mail|too many (?:messages|mails) (?:on|in) (?:the )?(?:server|mailbox)|zuviele mails|storage (?:space|allocation|limit)|disk (?:is )?full|(?:disk )?space limit|not enough (?:space|storage)|mail ?folder is full|box space not enough|has exceeded (?:his|her|its|the allowed|the maximum)|exceeded the maximum incoming|przepełnion|skrzynka .{0,30}pełna|boîte .{0,30}pleine|postfach .{0,20}voll|casella .{0,20}piena|переполнен/i,
  ],
  [
    'ratelimited',
    /rate.?limit|too many (?:messages|mails|emails|recipients|connections|concurrent)|sending limit|throttl|exceeded .{0,20}(?:rate|frequency)|frequency limit|temporarily deferred due to (?:user complaints|unexpected volume)|try again later.{0,40}(?:limit|rate)/i,
  ],
  [
    'mesgtoobig',
    /message (?:is )?too (?:big|large)|message size (?:exceeds|limit)|max(?:imum)? message size|exceeds? (?:the )?(?:maximum|max|size)|size limit|message length exceeds|too large|larger than the (?:current )?system limit/i,
  ],
  [
    'norelaying',
    /relay(?:ing)? (?:denied|not permitted|access denied|prohibited|not allowed)|not (?:permitted|allowed|authori[sz]ed|configured) to (?:relay|let you)|as a relay|unable to relay|we do not relay|not a (?:gateway|relay)|rcpthosts|no relaying/i,
  ],
  [
    'hostunknown',
    /host (?:or domain name )?(?:not found|unknown)|unknown host|domain (?:not found|does not exist|name not found|unknown|is not valid)|no such domain|name or service not known|nxdomain|unrouteable (?:mail )?domain|no (?:valid )?mx\b|couldn'?t find any host|dns (?:error|failure|lookup failed)|unable to route|no route to domain|bad destination (?:host|domain|system)|unknown domain|invalid domain|no matches to nameserver query/i,
  ],
  [
    'suspend',
    /(?:mailbox|account|address|user)(?: has been| is| was)?(?: currently)? (?:disabled|suspended|inactive|deactivated|not active|locked|closed|frozen|expired|discontinued)|(?:disabled|suspended|inactive|deactivated|closed|expired) (?:mailbox|account|user)|\[suspend\]|no longer (?:active|available|in use)|is not active|temporarily (?:disabled|suspended)|account .{0,20}(?:disabled|discontinued)|mailbox not available|konto niedost|dieses konto .{0,20}deaktiviert/i,
  ],
  [
    'userunknown',
    /user(?:name)? (?:unknown|not found|doesn'?t exist|does not exist|invalid)|unknown (?:or illegal )?(?:user|recipient|local.?part|mailbox|address|alias)|no such (?:user|mailbox|recipient|address|person|account)|(?:mail ?-?box|recipient|address|account|user|addressee)(?: address)? (?:does not exist|doesn'?t exist|not found|unknown|invalid|rejected|not listed|unavailable)|(?:invalid|bad|unknown)[ _](?:recipient|mailbox|address|destination address)|not a valid (?:recipient|mailbox|user|address)|no (?:mail ?-?box|mailbox)|not (?:a )?known (?:user|recipient)|is not a known|unrouteable address|undeliverable address|address rejected|no (?:account|user) (?:by that name|with that)|doesn'?t have an? .{0,30}account|does not have an? .{0,30}account|not our customer|no valid recipients|recipient not found|not listed in|is not (?:a )?(?:hbc )?e-?mail users?|no user by that name|addressee unknown|nie istnieje|non esiste|n'existe pas|no existe|existiert nicht|unbekannt|does not exist|invalid (?:\w+ )?(?:550 )?username|invalid (?:final delivery )?userid|bad destination mailbox|wrong or no longer valid|no longer valid/i,
  ],
  [
    'securityerror',
    /\bvirus(?:es)? (?:detected|found)|contains? a virus|malware|infected|banned:? \S*\.(?:bat|exe|scr|pif|com|cmd|vbs|zip)|attachment .{0,30}(?:not allowed|blocked|rejected)|tls (?:is )?required|encryption required|must issue a starttls|authentication required|certificate/i,
  ],
  [
    'spamdetected',
    /\bspam(?:ming)?\b|spamassassin|spam-like|antispam|junk mail|unsolicited|\bube\b|bulk (?:mail|e-?mail)|mass mailer|uribl|surbl|looks? like (?:spam|junk)|content (?:filter|rejected|was rejected|reject)|message (?:content )?(?:was )?(?:rejected|refused) (?:as|because|due)|spam ?score|scor(?:e|ed) .{0,20}(?:too high|over|points)|phish|considered (?:spam|junk|unsolicited)|classified as|mailmarshal|dspam/i,
  ],
  [
    'blocked',
    /black ?list|block ?list|\brbl\b|dnsbl|spamhaus|spamcop|sorbs|barracuda|listed (?:on|in|at|by)|\bblocked\b|blocking|reputation|client host .{0,60}rejected|access denied|refused to talk|banned|(?:reverse|rdns|ptr).{0,20}(?:dns|record|lookup|fail)|your (?:ip|host|server|network)|connection refused|not allowed to send|not accepting mail from|requires confirmation/i,
  ],
  [
    'filtered',
    /filter|not accepting mail with|whitelist|white list|not (?:on|in) (?:the|my) (?:approved|allowed)|sender (?:address )?(?:denied|rejected|not allowed|blocked)|do not accept mail from|administrative(?:ly)? prohibit|prohibited|refuse[ds]? (?:mail|messages) from|moderator approval/i,
  ],
  ['policyviolation', /polic(?:y|ies)|not authori[sz]ed|not permitted|not allowed|violat/i],
  [
    'expired',
    /retry (?:time(?:out)?|period) (?:exceeded|reached|expired)|(?:could not|couldn'?t) be delivered (?:for|within|in) \d|delivery time expired|message (?:has )?expired|too long in (?:the )?queue|queue(?:d)? too long|maximum (?:time|retries|delivery attempts)|failed \d+ attempts|(?:delivery )?attempts? (?:exceeded|limit)|time limit|retry timeout|has been delayed for|i wasn'?t able to establish an? smtp connection|could not be delivered .{0,30}(?:days|hours)|not been collected|(?:not|n'?t) (?:be(?:en)? )?delivered within \d|allowed queue period/i,
  ],
  [
    'networkerror',
    /connection (?:timed out|reset|lost|closed|dropped)|timed? ?out|network (?:error|unreachable)|no route to host|could not connect|couldn'?t connect|lost connection|unable to connect|mail (?:loop|for .{0,40} loops back)|loop(?:s|ing)? back to myself|message looping|too many hops|hop count|name service error|name server/i,
  ],
  ['systemfull', /system (?:is )?full|out of (?:disk|storage)|insufficient system/i],
  [
    'contenterror',
    /content.{0,30}not accepted|mime (?:error|format|type)|character set|invalid header|header (?:syntax|error)|line too long|message (?:format|structure)|no resent-from/i,
  ],
  [
    'systemerror',
    /system (?:error|not accepting|unavailable)|internal (?:server )?error|server error|local error|temporar(?:y|ily) (?:failure|problem|error|unavailable|rejected)|service (?:is )?(?:currently |temporarily )?(?:not available|unavailable)|resources temporarily|try again later|unexpected|transient|child status/i,
  ],
];

/** An enhanced status code (`5.2.2`) as three numbers, or null. */
export function parseStatus(status: string | undefined): { klass: number; subject: number; detail: number } | null {
  const match = /^([245])\.(\d{1,3})\.(\d{1,3})$/.exec(status ?? '');
  return match ? { klass: +match[1], subject: +match[2], detail: +match[3] } : null;
}

/** The reason a status code and a diagnostic text give, the specific code first, then the words. */
export function bounceReasonOf(status: string | undefined, diagnostic: string): BounceReason {
  const code = parseStatus(status);
  const specific = code ? BY_STATUS[`${code.subject}.${code.detail}`] : undefined;
  const worded = BY_TEXT.find(([, pattern]) => pattern.test(diagnostic))?.[0];
  // Relaying MTAs map any RCPT rejection to 5.1.1; their words ("mailbox full", "message too big")
  // are the receiving server's and win over a hard code. A specific soft code stays soft.
  if (specific && !(HARD.has(specific) && worded && !HARD.has(worded))) return specific;
  if (worded) return worded;
  if (code && code.subject !== 0) return DEFAULT_BY_SUBJECT[String(code.subject)] ?? 'undefined';
  return 'undefined';
}

/** A code that names its reason by itself (5.1.1, 5.2.2), unlike a general one (5.0.0, 5.7.1). */
export function isSpecificStatus(status: string | undefined): boolean {
  const code = parseStatus(status);
  return code !== null && BY_STATUS[`${code.subject}.${code.detail}`] !== undefined;
}

/** A 4.x.x code, or a 4xx SMTP reply, says the server itself expects a retry. */
export function isTransient(status: string | undefined, diagnostic: string): boolean {
  const code = parseStatus(status);
  if (code) return code.klass === 4;
  return /(?:^|[^\d.])4\d\d[ -]/.test(diagnostic) && !/(?:^|[^\d.])5\d\d[ -]/.test(diagnostic);
}

/** What the recruiter can do about a soft bounce that kept coming back, by reason. */
export const SUGGESTED_FIX: Record<BounceReason, string> = {
  userunknown: 'check the address with the candidate or find another one, then enroll it again',
  hostunknown: 'the domain has no mail server: check its spelling or find another address',
  hasmoved: 'the mailbox moved: ask for the new address and enroll it',
  notaccept: 'the domain accepts no mail: find another address for the candidate',
  mailboxfull: "the candidate's mailbox is full: try again in a few days, or reach them on another channel",
  mesgtoobig: 'the message is too large for the receiving server: remove attachments or large images, then retry',
  suspend: "the candidate's mailbox is disabled: reach them on another channel",
  filtered: "the candidate's server filters mail from this sender: ask the candidate to allow the sender address",
  blocked:
    "the receiving server blocks the sending server or IP: check the sending domain's reputation and blocklists, then retry",
  ratelimited:
    'the receiving server limits how much mail it takes from this sender: lower the identity\u2019s daily limit, then retry',
  spamdetected: 'the message was rejected as spam: change its wording and links, then retry',
  policyviolation:
    "the receiving server's policy rejected the message: check the rejection text, adjust the message, then retry",
  authfailure: "the message failed SPF, DKIM or DMARC: fix the sending domain's DNS records, then retry",
  norelaying: "the receiving server refused to relay: check the sender identity's SMTP settings, then retry",
  securityerror:
    'the receiving server refused the message for security reasons (TLS, attachment): check the rejection text, then retry',
  contenterror: 'the receiving server could not accept the message format: check the template, then retry',
  expired: 'the receiving server could not be reached for days: retry later or use another channel',
  networkerror: 'the receiving server could not be reached: retry later',
  systemerror: 'the receiving server had an error: retry later',
  systemfull: 'the receiving server is out of space: retry later',
  undefined: 'read the bounce message on the timeline, fix what it names, then retry',
};
