import type { INestApplication } from '@nestjs/common';
import { SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { z } from 'zod';
import { createIdentityBodySchema } from './identity/dto/create-identity.dto';
import { updateIdentityBodySchema } from './identity/dto/update-identity.dto';
import { createSequenceBodySchema } from './sequence/dto/create-sequence.dto';
import { editSequenceBodySchema } from './sequence/dto/edit-sequence.dto';
import { listSequencesQuerySchema } from './sequence/dto/list-sequences.query';
import { enrollRecipientsBodySchema, recipientRowSchema } from './enrollment/dto/enroll-recipients.dto';
import { listEnrollmentsQuerySchema } from './enrollment/dto/list-enrollments.query';
import { listActivityQuerySchema } from './activity/dto/list-activity.query';
import { bulkRecipientActionBodySchema } from './actions/dto/recipient-action.dto';
import { sendManualEmailBodySchema } from './actions/dto/send-manual-email.dto';
import { setResumeDateBodySchema } from './actions/dto/set-resume-date.dto';
import { updateRecipientBodySchema } from './recipient/dto/update-recipient.dto';
import {
  addSuppressionsBodySchema,
  listSuppressionsQuerySchema,
  removeSuppressionBodySchema,
} from './suppression/dto/suppression.dto';

interface Operation {
  method: 'get' | 'post' | 'patch' | 'delete';
  path: string;
  summary: string;
  body?: z.ZodType;
  query?: z.ZodObject;
}

/** The public API, described from the same zod schemas that validate requests. */
const operations: Operation[] = [
  { method: 'post', path: '/v1/identities', summary: 'Create a sender identity', body: createIdentityBodySchema },
  { method: 'get', path: '/v1/identities', summary: "List the tenant's sender identities" },
  {
    method: 'get',
    path: '/v1/identities/{identityId}',
    summary: 'Get a sender identity: limits, working hours, connection (secrets never shown), last verification',
  },
  {
    method: 'patch',
    path: '/v1/identities/{identityId}',
    summary:
      'Change limits, working hours and holidays, or the SMTP/IMAP connection (secrets sealed at once; a new connection is verified)',
    body: updateIdentityBodySchema,
  },
  {
    method: 'delete',
    path: '/v1/identities/{identityId}',
    summary: 'Delete a sender identity; 409 naming the running sequences that still use it',
  },
  {
    method: 'post',
    path: '/v1/identities/{identityId}/verify',
    summary:
      'Log in to the SMTP and IMAP servers now: 200 with what failed in plain words, 202 when channel-email has not answered yet; success resumes recipients paused by auth loss',
  },
  { method: 'post', path: '/v1/sequences', summary: 'Create a sequence (draft)', body: createSequenceBodySchema },
  {
    method: 'get',
    path: '/v1/sequences',
    summary: 'List sequences, newest first (archived only when asked); cursor pagination (nextCursor)',
    query: listSequencesQuerySchema,
  },
  { method: 'get', path: '/v1/sequences/{sequenceId}', summary: 'Get a sequence' },
  {
    method: 'post',
    path: '/v1/sequences/{sequenceId}/launch',
    summary: 'Launch a draft sequence; locks its structure',
  },
  {
    method: 'patch',
    path: '/v1/sequences/{sequenceId}',
    summary:
      'Edit a sequence; after launch only content and delays change (for future steps), structure changes are a 409',
    body: editSequenceBodySchema,
  },
  {
    method: 'post',
    path: '/v1/sequences/{sequenceId}/pause',
    summary: 'Pause an active sequence: its running recipients pause (substatus sequence_paused)',
  },
  {
    method: 'post',
    path: '/v1/sequences/{sequenceId}/resume',
    summary: 'Resume a paused sequence: recipients it paused resume on the step they were on',
  },
  {
    method: 'post',
    path: '/v1/sequences/{sequenceId}/archive',
    summary: 'Archive a sequence: every recipient still running stops (substatus sequence_archived)',
  },
  { method: 'post', path: '/v1/sequences/{sequenceId}/duplicate', summary: 'Copy a sequence as a new draft' },
  { method: 'delete', path: '/v1/sequences/{sequenceId}', summary: 'Delete a draft or archived sequence' },
  {
    method: 'post',
    path: '/v1/sequences/{sequenceId}/enrollments',
    summary: 'Enroll recipients (up to 100,000 rows; each row validated, refused rows reported with the reason)',
    body: enrollRecipientsBodySchema,
  },
  {
    method: 'get',
    path: '/v1/sequences/{sequenceId}/enrollments',
    summary: 'List recipients of a sequence, filtered by status chips, step and date; cursor pagination',
    query: listEnrollmentsQuerySchema,
  },
  {
    method: 'get',
    path: '/v1/sequences/{sequenceId}/activity',
    summary:
      "The sequence's activity log from its recipients' timelines, newest first, filtered by step, recipient (enrollmentId or email) and date range (from inclusive, to exclusive); cursor pagination (nextCursor)",
    query: listActivityQuerySchema,
  },
  { method: 'get', path: '/v1/enrollments/{enrollmentId}', summary: 'Get one enrollment with its timeline' },
  {
    method: 'post',
    path: '/v1/enrollments/{enrollmentId}/actions/{action}',
    summary:
      'Pause, resume, resume_out_of_office, skip_step, retry, mark_completed, mark_interested, stop or delete one recipient; 409 names the status when the matrix forbids it. Answers (200: enrollmentId, status, possiblyInFlight, haltPublished) once the change is published: after a stop is answered no provider call for the recipient begins, and possiblyInFlight names a send that was due with no outcome yet, which may already be with the provider',
  },
  {
    method: 'post',
    path: '/v1/enrollments/{enrollmentId}/manual-email/send',
    summary:
      'Send (or schedule with sendAt) the manual email a Pending Action recipient waits on, optionally edited; 409 when not on a manual email',
    body: sendManualEmailBodySchema,
  },
  {
    method: 'post',
    path: '/v1/enrollments/{enrollmentId}/task/complete',
    summary: 'Complete the task a Pending Action recipient waits on; the sequence moves on. 409 when not on a task',
  },
  {
    method: 'post',
    path: '/v1/enrollments/{enrollmentId}/out-of-office/resume-date',
    summary: 'Set the day a recipient paused out of office is picked up again; 409 unless paused out of office',
    body: setResumeDateBodySchema,
  },
  { method: 'get', path: '/v1/recipients/{recipientId}', summary: "Get a recipient's contact fields and variables" },
  {
    method: 'patch',
    path: '/v1/recipients/{recipientId}',
    summary:
      'Correct a recipient (email, phone, linkedinProfile, timezone; null clears; variables replaces), then retry its errored step; 409 when the email belongs to another recipient',
    body: updateRecipientBodySchema,
  },
  {
    method: 'get',
    path: '/v1/suppressions',
    summary: "The tenant's suppression list, by kind; cursor pagination (nextCursor)",
    query: listSuppressionsQuerySchema,
  },
  {
    method: 'post',
    path: '/v1/suppressions',
    summary: 'Add one address or import up to 10,000 (who and why); entries already listed keep their first reason',
    body: addSuppressionsBodySchema,
  },
  {
    method: 'post',
    path: '/v1/suppressions/remove',
    summary: 'Take an address off the suppression list; who and why are recorded. 404 when it is not listed',
    body: removeSuppressionBodySchema,
  },
  {
    method: 'post',
    path: '/v1/enrollments/actions',
    summary: 'Apply one action to many recipients (e.g. bulk retry); each refused id is listed with the reason',
    body: bulkRecipientActionBodySchema,
  },
];

export function buildOpenApiDocument(): OpenAPIObject {
  const paths: OpenAPIObject['paths'] = {};
  for (const op of operations) {
    paths[op.path] = { ...paths[op.path], [op.method]: describe(op) };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Stepwise enrollment API',
      version: '1',
      description: 'Sequences, sender identities and recipients. Authenticate with the x-api-key header.',
    },
    components: {
      securitySchemes: { apiKey: { type: 'apiKey', in: 'header', name: 'x-api-key' } },
      schemas: { RecipientRow: z.toJSONSchema(recipientRowSchema, { io: 'input' }) as never },
    },
    security: [{ apiKey: [] }],
    paths,
  };
}

function describe(op: Operation) {
  const pathParams = [...op.path.matchAll(/\{(\w+)\}/g)].map(([, name]) => ({
    name,
    in: 'path' as const,
    required: true,
    schema: { type: 'string' },
  }));
  const queryParams = op.query
    ? Object.entries(op.query.shape).map(([name, schema]) => ({
        name,
        in: 'query' as const,
        required: false,
        schema: z.toJSONSchema(schema as z.ZodType, { io: 'input', unrepresentable: 'any' }),
      }))
    : [];
  return {
    summary: op.summary,
    parameters: [...pathParams, ...queryParams],
    ...(op.body
      ? {
          requestBody: {
            required: true,
            content: {
              'application/json': { schema: z.toJSONSchema(op.body, { io: 'input', unrepresentable: 'any' }) },
            },
          },
        }
      : {}),
    responses: {
      '200': { description: 'OK' },
      '400': { description: 'Invalid request: `errors` names each bad field' },
      '401': { description: 'Missing or unknown x-api-key' },
      '404': { description: "Not found (or another tenant's)" },
      '409': { description: 'Not allowed in the current status; the message names the status and the action' },
    },
  };
}

export function setupOpenApi(app: INestApplication): void {
  SwaggerModule.setup('docs', app, buildOpenApiDocument(), { jsonDocumentUrl: 'docs/openapi.json' });
}
