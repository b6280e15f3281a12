import { z } from 'zod';

const day = z.iso.date({ error: 'expected a date, YYYY-MM-DD' });

/** Both ends required and included; a 400 names the field. */
export const campaignStatsQuerySchema = z
  .object({ from: day, to: day })
  .refine((range) => range.from <= range.to, { path: ['to'], error: 'must not be before from' });

export type CampaignStatsQuery = z.infer<typeof campaignStatsQuerySchema>;
