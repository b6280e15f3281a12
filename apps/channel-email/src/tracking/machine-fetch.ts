/**
 * Fetchers that are not the recipient: image proxies that load every pixel when mail arrives or is
 * listed, and security gateways that open every link before delivery. Matched on the User-Agent.
 */
const MACHINE_USER_AGENTS: readonly RegExp[] = [
  /GoogleImageProxy|ggpht\.com/i,
  /YahooMailProxy/i,
  // Apple Mail Privacy Protection fetches with a bare "Mozilla/5.0" and nothing after it.
  /^Mozilla\/5\.0$/,
  /Microsoft Office|ms-office|Microsoft-SafeLinks|SafeLinks|Exchange/i,
  /Barracuda/i,
  /Proofpoint|ppops/i,
  /Mimecast/i,
  /bot\b|crawler|spider|scanner|preview|python-requests|curl\/|wget\//i,
];

export interface Fetch {
  userAgent: string | undefined;
  at: Date;
}

/**
 * True when an open or click should not count as a person's: no user agent, a known proxy or
 * scanner, or fetched within `windowMs` of delivery (no person reads that fast; scanners do).
 * An attempt not yet recorded as delivered is, by the same reasoning, within the window.
 */
export function isMachineFetch(fetch: Fetch, deliveredAt: Date | null, windowMs: number): boolean {
  const userAgent = fetch.userAgent?.trim() ?? '';
  if (userAgent === '' || MACHINE_USER_AGENTS.some((pattern) => pattern.test(userAgent))) return true;
  if (deliveredAt === null) return true;
  return fetch.at.getTime() - deliveredAt.getTime() < windowMs;
}
