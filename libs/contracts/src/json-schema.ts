import { z } from 'zod';
import { topicCatalog } from './catalog';

export interface RenderedSchema {
  fileName: string;
  content: string;
}

/** One JSON Schema document per topic: a oneOf over the messages that travel on it. */
export function renderTopicSchemas(): RenderedSchema[] {
  return Object.entries(topicCatalog).map(([topic, { description, messages }]) => {
    const variants = messages.map((schema) => z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }));
    const document = {
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      $id: `https://stepwise.dev/schemas/${topic}.json`,
      title: topic,
      description,
      ...(variants.length === 1 ? stripSchemaKey(variants[0]) : { oneOf: variants.map(stripSchemaKey) }),
    };
    return { fileName: `${topic}.json`, content: `${JSON.stringify(document, null, 2)}\n` };
  });
}

function stripSchemaKey(schema: Record<string, unknown>): Record<string, unknown> {
  const { $schema: _ignored, ...rest } = schema;
  return rest;
}
