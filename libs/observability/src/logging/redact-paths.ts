/**
 * Keys that carry a candidate's address or what we say to them. Outreach content is personal data,
 * and logs are kept longer and read more widely than the databases that own it.
 *
 * Caveat: `to` and `from` are redacted wherever they appear, so log state transitions under other
 * names (e.g. `fromState`/`toState`) or they will show as "[redacted]".
 */
export const SENSITIVE_KEYS = [
  'email',
  'to',
  'from',
  'cc',
  'bcc',
  'replyTo',
  'phone',
  'body',
  'subject',
  'html',
  'text',
  'variables',
  'recipient',
] as const;

export const REDACTED = '[redacted]';

/**
 * Pino redaction compiles explicit paths and has no recursive wildcard, so each key is listed at the
 * top level and one and two levels down (which also covers array items: `recipients[0].email`).
 * Deeper objects are not scanned: log identifiers, not whole payloads.
 */
export const REDACT_PATHS: readonly string[] = SENSITIVE_KEYS.flatMap((key) => [key, `*.${key}`, `*.*.${key}`]);
