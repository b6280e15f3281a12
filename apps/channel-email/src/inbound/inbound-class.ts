import { inboundClassSchema, type InboundClass } from '@stepwise/contracts';

/** The classes of inbound mail (libs/contracts owns the list: it travels on every inbound outcome). */
export const INBOUND_CLASSES = inboundClassSchema.options;
export type { InboundClass };
