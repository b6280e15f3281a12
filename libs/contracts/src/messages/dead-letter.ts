import { z } from 'zod';

/** A message no consumer could handle, kept whole with the reason so nothing is lost. */
export const deadLetterSchema = z
  .object({
    originalTopic: z.string(),
    partition: z.number().int(),
    offset: z.string(),
    key: z.string().nullable(),
    value: z.string().nullable(),
    headers: z.record(z.string(), z.string()),
    reason: z.string(),
    details: z.string().optional(),
    truncated: z
      .object({ originalLength: z.number().int(), sha256: z.string() })
      .optional()
      .describe('Set when value was cut to fit the topic: the whole message stays at originalTopic/partition/offset'),
    consumerGroup: z.string(),
    failedAt: z.iso.datetime({ offset: true }),
  })
  .meta({ id: 'dead-letter' });
export type DeadLetter = z.infer<typeof deadLetterSchema>;
