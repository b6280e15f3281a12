import { z } from 'zod';

/** The fields of Twilio's message status callback that channel-sms reads; Twilio sends more. */
export const statusCallbackSchema = z.object({
  MessageSid: z.string().min(1),
  MessageStatus: z.string().min(1),
  ErrorCode: z.string().optional(),
});
export type StatusCallback = z.infer<typeof statusCallbackSchema>;

/** An SMS a candidate sent to one of our numbers. */
export const inboundSmsSchema = z.object({
  MessageSid: z.string().min(1),
  From: z.string().min(1),
  To: z.string().min(1),
  Body: z.string().default(''),
});
export type InboundSms = z.infer<typeof inboundSmsSchema>;
