import { z } from 'zod';
import { topicCatalog, type Party } from './catalog';
import { topicSpecs, type TopicName } from './topics';

/**
 * The whole system's Kafka interface as one AsyncAPI 3 document, rendered from the topic catalog
 * and the zod schemas: a channel per topic, a message per schema, a send or receive operation per
 * producing or consuming party. `npm run contracts:export` writes it to docs/asyncapi.json.
 */
export function renderAsyncApi(version: string): string {
  const channels: Record<string, unknown> = {};
  const operations: Record<string, unknown> = {};
  const messages: Record<string, unknown> = {};
  const schemas: Record<string, unknown> = {};
  const partitions = new Map(topicSpecs(6).map((spec) => [spec.topic, spec]));

  for (const [topic, entry] of Object.entries(topicCatalog) as [TopicName, (typeof topicCatalog)[TopicName]][]) {
    const channelId = idOf(topic);
    const refs: Record<string, { $ref: string }> = {};
    for (const schema of entry.messages) {
      const name = messageName(schema);
      refs[idOf(name)] = { $ref: `#/components/messages/${idOf(name)}` };
      messages[idOf(name)] ??= {
        name,
        title: name,
        contentType: 'application/json',
        payload: payloadOf(schema, schemas),
        bindings: {
          // Keyed by enrollment (or recipient) id, so everything about one recipient stays in order.
          kafka: { key: { type: 'string', description: 'The envelope key' }, bindingVersion: '0.5.0' },
        },
      };
    }
    const spec = partitions.get(topic);
    channels[channelId] = {
      address: topic,
      description: entry.description,
      messages: refs,
      bindings: {
        kafka: {
          topic,
          ...(spec?.configEntries ? { topicConfiguration: configOf(spec.configEntries) } : {}),
          bindingVersion: '0.5.0',
        },
      },
    };
    for (const [action, parties] of [
      ['send', entry.producers],
      ['receive', entry.consumers],
    ] as const) {
      for (const party of parties) {
        operations[`${idOf(party)}.${action}.${channelId}`] = {
          action,
          channel: { $ref: `#/channels/${channelId}` },
          summary: `${party} ${action === 'send' ? 'publishes to' : 'consumes'} ${topic}`,
          tags: [{ name: party }],
          messages: Object.keys(refs).map((id) => ({ $ref: `#/channels/${channelId}/messages/${id}` })),
        };
      }
    }
  }

  const document = {
    asyncapi: '3.0.0',
    info: {
      title: 'Stepwise',
      version,
      description:
        'Every Kafka topic of Stepwise, rendered from libs/contracts. Topic names carry their schema version; ' +
        'topics marked PUBLIC are for services outside Stepwise. Every message is an envelope (eventId, type, ' +
        'version, occurredAt, tenantId, key) around its payload.',
      license: { name: 'MIT' },
    },
    defaultContentType: 'application/json',
    servers: {
      kafka: {
        host: '{brokers}',
        protocol: 'kafka',
        description: 'The cluster in KAFKA_BROKERS; KAFKA_TOPIC_PREFIX, when set, prefixes every address.',
        variables: { brokers: { default: 'kafka:9092' } },
      },
    },
    channels,
    operations,
    components: { schemas, messages },
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}

/**
 * The message's JSON Schema (draft 7, which AsyncAPI schemas extend). zod puts schemas that carry
 * an id into local definitions; here they become components, so one `$ref` resolves anywhere.
 */
function payloadOf(schema: z.ZodType, schemas: Record<string, unknown>): unknown {
  const rendered = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any', target: 'draft-7' }) as {
    $schema?: string;
    $ref?: string;
    definitions?: Record<string, unknown>;
  };
  const { $schema: _draft, definitions = {}, ...root } = rendered;
  const relocate = (value: unknown): unknown =>
    JSON.parse(JSON.stringify(value).replace(/"#\/definitions\/([^"]+)"/g, '"#/components/schemas/$1"'));
  for (const [id, definition] of Object.entries(definitions)) schemas[id] ??= relocate(definition);
  return relocate(root);
}

function messageName(schema: z.ZodType): string {
  const id = z.globalRegistry.get(schema)?.id;
  if (!id) throw new Error('every catalog message needs a meta id (defineMessage sets one)');
  return id;
}

/** AsyncAPI keys allow letters, digits, '.', '-' and '_'. */
function idOf(name: Party | string): string {
  return name.replace(/[^\w.-]+/g, '-');
}

function configOf(entries: { name: string; value: string }[]): Record<string, number | string> {
  const known: Record<string, string> = { 'max.message.bytes': 'max.message.bytes' };
  return Object.fromEntries(
    entries
      .filter((e) => known[e.name])
      .map((e) => [e.name, Number.isNaN(Number(e.value)) ? e.value : Number(e.value)]),
  );
}
