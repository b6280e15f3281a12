import type { INestApplication } from '@nestjs/common';
import { SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { z } from 'zod';
import { campaignStatsQuerySchema } from './campaign/campaign-stats-query';
import { sequenceParamsSchema } from './sequence-params';

interface ReadOperation {
  path: string;
  summary: string;
  query?: z.ZodObject;
}

/** The read API, its parameters described from the zod schemas that validate them. */
export const READ_OPERATIONS: readonly ReadOperation[] = [
  {
    path: '/v1/sequences/{sequenceId}/snapshot',
    summary:
      'Step-wise Success Snapshot: per step, Recipients Attempted (queued vs attempted) and each rate with its count',
  },
  {
    path: '/v1/sequences/{sequenceId}/campaign-stats',
    summary: 'Reach Outs, In Progress, Opens, Responses, Interested of the reach outs created from..to (UTC days)',
    query: campaignStatsQuerySchema,
  },
  {
    path: '/v1/campaign-stats',
    summary: 'The same campaign stats over every sequence of the tenant',
    query: campaignStatsQuerySchema,
  },
  {
    path: '/v1/sequences/{sequenceId}/overview',
    summary: 'Channel KPIs (all channels, LinkedIn, email, tasks) and the recipients currently at each step',
  },
];

const jsonSchema = (schema: z.ZodType) => z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' });

function parametersOf(operation: ReadOperation) {
  const path = operation.path.includes('{sequenceId}')
    ? [{ name: 'sequenceId', in: 'path', required: true, schema: jsonSchema(sequenceParamsSchema.shape.sequenceId) }]
    : [];
  const query = Object.entries(operation.query?.shape ?? {}).map(([name, schema]) => ({
    name,
    in: 'query',
    required: true,
    schema: jsonSchema(schema as z.ZodType),
  }));
  return [...path, ...query];
}

export function buildOpenApiDocument(): OpenAPIObject {
  const paths: OpenAPIObject['paths'] = {};
  for (const operation of READ_OPERATIONS) {
    paths[operation.path] = {
      get: {
        summary: operation.summary,
        parameters: parametersOf(operation) as never,
        responses: {
          '200': { description: 'OK' },
          '400': { description: 'Invalid parameter: `errors` names each bad field' },
          '401': { description: 'Missing or unknown x-api-key' },
          '404': { description: "Unknown sequence (or another tenant's)" },
        },
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Stepwise analytics API',
      version: '1',
      description: 'Read-only figures, definitions in docs/metrics.md. Authenticate with the x-api-key header.',
    },
    components: { securitySchemes: { apiKey: { type: 'apiKey', in: 'header', name: 'x-api-key' } } },
    security: [{ apiKey: [] }],
    paths,
  };
}

export function setupOpenApi(app: INestApplication): void {
  SwaggerModule.setup('docs', app, buildOpenApiDocument(), { jsonDocumentUrl: 'docs/openapi.json' });
}
