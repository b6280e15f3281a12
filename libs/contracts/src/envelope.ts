import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { noNul } from './domain';

/** Fields every message carries, whoever publishes it. */
export const envelopeFields = {
  eventId: z.uuid().describe('Unique id of this event; consumers drop a second delivery of the same id'),
  occurredAt: z.iso.datetime({ offset: true }).describe('When the fact happened (ISO 8601)'),
  tenantId: z
    .string()
    .min(1)
    .max(64)
    .regex(noNul, 'must not contain NUL characters')
    .describe('The organisation the event belongs to'),
  key: z
    .string()
    .min(1)
    .max(200)
    .regex(noNul, 'must not contain NUL characters')
    .describe('Partitioning key: the enrollment id (or recipient key) so one recipient stays ordered'),
};

/** The generic shape, used where a message is handled before its type is known (e.g. the DLQ). */
export const envelopeSchema = z.object({
  ...envelopeFields,
  type: z.string().min(1),
  version: z.number().int().positive(),
  payload: z.unknown(),
});

export type Envelope = z.infer<typeof envelopeSchema>;

/** Declares one message: a literal type and version around a payload schema. */
export function defineMessage<const T extends string, P extends z.ZodType>(type: T, version: number, payload: P) {
  return z
    .object({
      ...envelopeFields,
      type: z.literal(type),
      version: z.literal(version),
      payload,
    })
    .meta({ id: `${type}.v${version}` });
}

export interface EnvelopeInput<P> {
  tenantId: string;
  key: string;
  payload: P;
  occurredAt?: Date;
  eventId?: string;
}

/** Builds a message for a schema made by defineMessage, validating it on the way out. */
export function createEnvelope<S extends ReturnType<typeof defineMessage>>(
  schema: S,
  input: EnvelopeInput<z.input<S>['payload']>,
): z.infer<S> {
  // The input payload may still lack defaults the schema fills: parse makes it the output type.
  return schema.parse(buildEnvelope(schema, input as EnvelopeInput<z.output<S>['payload']>)) as z.infer<S>;
}

/**
 * Builds a message like createEnvelope but without validating it: the typed fast path for hot
 * producers whose payload is a pure mapping of data already validated at their own boundary
 * (the dispatcher fires timers whose action timerActionSchema checked when it was stored). There
 * zod's parse cost ~30 µs a message, a core and a half at the dispatcher's 50k/s target. Nothing
 * goes unchecked: every consumer still validates what it reads and dead-letters what fails.
 */
export function buildEnvelope<S extends ReturnType<typeof defineMessage>>(
  schema: S,
  input: EnvelopeInput<z.output<S>['payload']>,
): z.output<S> {
  const shape = schema.shape;
  return {
    eventId: input.eventId ?? randomUUID(),
    type: shape.type.value,
    version: shape.version.value,
    occurredAt: (input.occurredAt ?? new Date()).toISOString(),
    tenantId: input.tenantId,
    key: input.key,
    payload: input.payload,
  } as z.output<S>;
}

/** The envelope fields of a message whose payload is already JSON text. */
export interface EnvelopeHead {
  eventId: string;
  /** ISO 8601, as `occurredAt` is on the wire. */
  occurredAt: string;
  tenantId: string;
  key: string;
}

/**
 * The wire value of a message around a payload that is already JSON text (the dispatcher has
 * Postgres build it from the stored, validated action), so the hot path parses and stringifies
 * nothing. Same fields as buildEnvelope's; consumers validate it like any other message.
 */
export function envelopeJson<S extends ReturnType<typeof defineMessage>>(
  schema: S,
  head: EnvelopeHead,
  payloadJson: string,
): string {
  const shape = schema.shape;
  return (
    `{"eventId":"${head.eventId}","type":${JSON.stringify(shape.type.value)},"version":${shape.version.value},` +
    `"occurredAt":"${head.occurredAt}","tenantId":${JSON.stringify(head.tenantId)},` +
    `"key":${JSON.stringify(head.key)},"payload":${payloadJson}}`
  );
}
