import { z } from 'zod';

/** The user may edit the manual email before it goes out, and schedule it instead of sending now. */
export const sendManualEmailBodySchema = z
  .object({
    subject: z.string().max(998).optional(),
    body: z.string().max(200_000).optional(),
    sendAt: z.iso.datetime({ offset: true }).optional().describe('When to send; omitted or past means now'),
  })
  .strict()
  .meta({ id: 'SendManualEmailBody' });
export type SendManualEmailBody = z.infer<typeof sendManualEmailBodySchema>;
