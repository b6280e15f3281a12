/**
 * What an inbound mail is. Only `reply` is a person answering: it stops the sequence. A bounce
 * (hard or soft, with its reason), a complaint and an unsubscribe request act on the recipient;
 * out-of-office pauses them; auto-replies and delivery notices (delayed, relayed) go on the
 * timeline and change nothing.
 */
export const INBOUND_CLASSES = [
  'reply',
  'bounce',
  'complaint',
  'unsubscribe',
  'out_of_office',
  'auto_reply',
  'delivery_notice',
] as const;
export type InboundClass = (typeof INBOUND_CLASSES)[number];
