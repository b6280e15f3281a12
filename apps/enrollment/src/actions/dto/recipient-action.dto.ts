import { z } from 'zod';
import { RECIPIENT_ACTIONS } from '../../recipient-core/recipient-action-matrix';

export const recipientActionSchema = z.enum(RECIPIENT_ACTIONS);

export const bulkRecipientActionBodySchema = z
  .object({
    action: recipientActionSchema,
    enrollmentIds: z.array(z.string().min(1).max(64)).min(1).max(10_000),
  })
  .strict()
  .meta({ id: 'BulkRecipientActionBody' });
export type BulkRecipientActionBody = z.infer<typeof bulkRecipientActionBodySchema>;
