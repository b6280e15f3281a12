import { z } from 'zod';

export const setResumeDateBodySchema = z
  .object({
    resumeOn: z.iso
      .date({ error: 'expected a calendar date such as 2026-12-24' })
      .describe('The day (UTC) the out-of-office recipient is picked up again on their step'),
  })
  .strict()
  .meta({ id: 'SetResumeDateBody' });
export type SetResumeDateBody = z.infer<typeof setResumeDateBodySchema>;
