/** Where Twilio calls channel-sms; the status callback URL goes out with every message. */
export const TWILIO_WEBHOOK_ROUTES = {
  status: 'webhooks/twilio/status',
  inbound: 'webhooks/twilio/inbound',
} as const;

/** Twilio signs the exact public URL it calls, so it is built from SMS_WEBHOOK_BASE_URL, never from the request's Host. */
export function publicWebhookUrl(baseUrl: string, pathAndQuery: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/${pathAndQuery.replace(/^\/+/, '')}`;
}
