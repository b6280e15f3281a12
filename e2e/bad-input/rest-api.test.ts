import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import {
  badBodies,
  badQueries,
  fillPath,
  hostileString,
  operationsOf,
  settledDigest,
  stateDigest,
  waitFor,
  type HttpOperation,
  type StateDigest,
} from '@stepwise/testing';
import { BadInputSystem, TENANTS } from './support/bad-input-system';
import { apiAs, seedTenant, type TenantData } from './support/tenant-data';

const RUNS = Number(process.env.FUZZ_RUNS ?? 60);
const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);
const SERVICES = ['enrollment', 'analytics'] as const;
type Service = (typeof SERVICES)[number];
type Operation = HttpOperation & { service: Service };

/** A body each operation accepts, so a refusal is about the tenant or the key, not the body. */
function validBody(op: Operation, acme: TenantData): unknown {
  const bodies: Record<string, unknown> = {
    'POST /v1/identities': { channel: 'email', address: 'someone@example.com' },
    'PATCH /v1/identities/{identityId}': { dailyLimit: 50 },
    'POST /v1/sequences': { name: 'Fuzz', steps: [{ kind: 'step', id: 't1', type: 'task', name: 'Call' }] },
    'PATCH /v1/sequences/{sequenceId}': { name: 'Renamed' },
    'POST /v1/sequences/{sequenceId}/enrollments': { recipients: [{ email: 'new@example.com' }] },
    'POST /v1/enrollments/{enrollmentId}/manual-email/send': {},
    'POST /v1/enrollments/actions': { action: 'stop', enrollmentIds: [acme.enrollmentId] },
    'POST /v1/enrollments/{enrollmentId}/out-of-office/resume-date': { resumeOn: '2031-01-06' },
    'PATCH /v1/recipients/{recipientId}': { timezone: 'UTC' },
    'POST /v1/suppressions': { by: 'fuzz', entries: [{ kind: 'email', value: 'fuzz@example.com', reason: 'fuzz' }] },
    'POST /v1/suppressions/remove': { kind: 'email', value: 'fuzz@example.com', by: 'fuzz', reason: 'fuzz' },
  };
  const key = `${op.method} ${op.path}`;
  if (op.body && !(key in bodies)) throw new Error(`add a valid body for ${key} to the bad-input REST test`);
  return bodies[key];
}

/** Values for the query parameters an operation requires, so the request gets past them. */
function validQuery(op: Operation): string {
  const values: Record<string, string> = { from: '2026-01-01', to: '2026-12-31' };
  const required = op.queryParams.filter((p) => p.required);
  const missing = required.filter((p) => !(p.name in values));
  if (missing.length > 0) throw new Error(`add a valid value for ${missing.map((p) => p.name)} of ${op.path}`);
  return required.length === 0
    ? ''
    : `?${new URLSearchParams(required.map((p): [string, string] => [p.name, values[p.name] ?? '']))}`;
}

/** The path of `op` with `values`, and the query it requires. */
function target(op: Operation, values: Record<string, string>): string {
  return fillPath(op.path, values) + validQuery(op);
}

function pathValues(acme: TenantData, ids = acme): Record<string, string> {
  return {
    sequenceId: ids.sequenceId,
    enrollmentId: ids.enrollmentId,
    identityId: ids.identityId,
    recipientId: ids.recipientId,
    action: 'stop',
  };
}

interface Answer {
  status: number;
  body: unknown;
}

describe('bad REST input: 4xx naming the field, never a 5xx, no leak across tenants, nothing changes', () => {
  const env = new BadInputSystem(3980, SERVICES);
  let acme: TenantData;
  let operations: Operation[];
  let baseline: StateDigest;
  /** The last requests, for the message when one of them turns out to have written something. */
  const recent: string[] = [];

  beforeAll(async () => {
    await env.start();
    acme = await seedTenant(apiAs(env.url('enrollment'), TENANTS.acme.key));
    await waitFor('analytics to know the seeded sequence', async () => {
      const answer = await call('analytics', 'GET', `/v1/sequences/${acme.sequenceId}/snapshot`, TENANTS.acme.key);
      return answer.status === 200;
    });
    operations = [];
    for (const service of SERVICES) {
      const response = await fetch(`${env.url(service)}/docs/openapi.json`);
      if (!response.ok) throw new Error(`${service} serves no OpenAPI document (${response.status})`);
      operations.push(
        ...operationsOf((await response.json()) as Parameters<typeof operationsOf>[0]).map((op) => ({
          ...op,
          service,
        })),
      );
    }
    console.info(`bad-input REST fuzz: ${operations.length} operations, FUZZ_SEED=${SEED} FUZZ_RUNS=${RUNS}`);
  }, 240_000);

  afterAll(() => env.stop());

  /** Each property starts from the data as it is, whatever the one before it was allowed to change. */
  beforeEach(async () => {
    baseline = await settledDigest(env.databaseUrl, env.schemas, { quietMs: 500 });
  });

  async function call(
    service: Service,
    method: string,
    path: string,
    apiKey: string | undefined,
    body?: unknown,
    raw?: string,
  ): Promise<Answer> {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (apiKey !== undefined) headers['x-api-key'] = apiKey;
    const payload = raw ?? (body === undefined ? undefined : JSON.stringify(body));
    const response = await fetch(`${env.url(service)}${path}`, { method, headers, body: payload });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // Not JSON: kept as text for the failure message.
    }
    return { status: response.status, body: parsed };
  }

  /**
   * A refused request must leave every table as it was; an accepted one moves the baseline.
   */
  async function expectUnchangedIfRefused(answer: Answer, what: string): Promise<void> {
    if (answer.status >= 400) {
      const now = await stateDigest(env.databaseUrl, env.schemas);
      const changed = Object.keys({ ...now, ...baseline }).filter(
        (table) => JSON.stringify(now[table]) !== JSON.stringify(baseline[table]),
      );
      if (changed.length > 0)
        throw new Error(
          `${what} was refused with ${answer.status} but changed ${changed.join(', ')}; requests before it:\n${recent.join('\n')}`,
        );
      recent.push(`${answer.status} ${what.slice(0, 300)}`);
      recent.splice(0, recent.length - 5);
    } else {
      recent.push(`${answer.status} ${what.slice(0, 300)}`);
      baseline = await settledDigest(env.databaseUrl, env.schemas, { quietMs: 500 });
    }
  }

  function expectNo5xx(answer: Answer, what: string): void {
    if (answer.status >= 500)
      throw new Error(`${what} answered ${answer.status}: ${JSON.stringify(answer.body).slice(0, 500)}`);
  }

  /** A 400 lists each bad field; when `fields` is given, one of them must be named. */
  function expectFieldsNamed(answer: Answer, what: string, fields?: readonly string[]): void {
    if (answer.status !== 400) return;
    const errors = (answer.body as { errors?: { field?: unknown; message?: unknown }[] }).errors;
    const wellFormed =
      Array.isArray(errors) &&
      errors.length > 0 &&
      errors.every((e) => typeof e.field === 'string' && e.field !== '' && typeof e.message === 'string');
    if (!wellFormed)
      throw new Error(`${what}: 400 without a list of named fields: ${JSON.stringify(answer.body).slice(0, 500)}`);
    if (fields && !errors.some((e) => fields.some((f) => e.field === f || String(e.field).startsWith(`${f}.`))))
      throw new Error(`${what}: 400 names ${JSON.stringify(errors.map((e) => e.field))}, not ${fields.join(' or ')}`);
  }

  it('covers both services', () => {
    expect(new Set(operations.map((op) => op.service))).toEqual(new Set(SERVICES));
  });

  it('answers every endpoint 401 without a known API key, and changes nothing', async () => {
    const keys = fc.oneof(
      fc.constant(undefined),
      // Not a trailing space: HTTP trims header values, so that is still the real key.
      fc.constantFrom(
        '',
        TENANTS.acme.key.toUpperCase(),
        `${TENANTS.acme.key}x`,
        TENANTS.acme.key.slice(0, -1),
        'acme',
      ),
      // A header value is printable ASCII; anything else fetch refuses before sending.
      hostileString.filter((k) => [...k].every((c) => c >= ' ' && c <= '~')),
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...operations), keys, async (op, key) => {
        const what = `${op.method} ${op.path} with key ${JSON.stringify(key)}`;
        const answer = await call(op.service, op.method, target(op, pathValues(acme)), key, validBody(op, acme));
        if (answer.status !== 401) throw new Error(`${what} answered ${answer.status}, expected 401`);
        await expectUnchangedIfRefused(answer, what);
      }),
      { numRuns: RUNS, seed: SEED },
    );
  });

  it("answers another tenant's ids exactly as ids that exist nowhere, and changes nothing", async () => {
    const withIds = operations.filter((op) => op.pathParams.length > 0 || op.path === '/v1/enrollments/actions');
    const nobody = {
      ...acme,
      sequenceId: `seq_${randomUUID()}`,
      enrollmentId: `enr_${randomUUID()}`,
      identityId: `idn_${randomUUID()}`,
      recipientId: `rcp_${randomUUID()}`,
    };
    const hide = (answer: Answer, ids: TenantData) =>
      JSON.stringify(answer.body)
        .replaceAll(ids.sequenceId, '<id>')
        .replaceAll(ids.enrollmentId, '<id>')
        .replaceAll(ids.identityId, '<id>')
        .replaceAll(ids.recipientId, '<id>');
    const leaks: string[] = [];
    for (const op of withIds) {
      const what = `${op.method} ${op.path}`;
      const theirs = await call(
        op.service,
        op.method,
        target(op, pathValues(acme)),
        TENANTS.globex.key,
        validBody(op, acme),
      );
      const missing = await call(
        op.service,
        op.method,
        target(op, pathValues(acme, nobody)),
        TENANTS.globex.key,
        validBody(op, nobody),
      );
      expectNo5xx(theirs, what);
      const expectedStatus = op.pathParams.length > 0 ? 404 : missing.status;
      if (theirs.status !== expectedStatus || hide(theirs, acme) !== hide(missing, nobody))
        leaks.push(
          `${what}: acme's ids -> ${theirs.status} ${hide(theirs, acme)}; unknown ids -> ${missing.status} ${hide(missing, nobody)}`,
        );
      await expectUnchangedIfRefused(theirs.status >= 400 ? theirs : { status: 400, body: null }, what);
    }
    expect(leaks).toEqual([]);
  });

  it('answers random and malformed bodies with a 4xx naming the field, never a 5xx', async () => {
    const withBody = operations.filter((op) => op.body);
    const cases = fc.constantFrom(...withBody).chain((op) => badBodies(op.body ?? {}).map((bad) => ({ op, bad })));
    await fc.assert(
      fc.asyncProperty(cases, async ({ op, bad }) => {
        const what = `${op.method} ${op.path} [${bad.mutation}] ${(bad.raw ?? JSON.stringify(bad.body) ?? '').slice(0, 200)}`;
        const answer = await call(
          op.service,
          op.method,
          target(op, pathValues(acme)),
          TENANTS.acme.key,
          bad.body,
          bad.raw,
        );
        expectNo5xx(answer, what);
        if (bad.field) expectFieldsNamed(answer, what, [bad.field, '(root)']);
        await expectUnchangedIfRefused(answer, what);
      }),
      { numRuns: RUNS * 2, seed: SEED },
    );
  });

  it('answers hostile path parameters with a 4xx, never a 5xx', async () => {
    const withParams = operations.filter((op) => op.pathParams.length > 0);
    const cases = fc.record({
      op: fc.constantFrom(...withParams),
      // An empty segment is no id at all (/v1/sequences/ is the list); a lone surrogate has no URL form.
      value: fc.oneof(
        hostileString.filter((v) => v !== '' && !/[\uD800-\uDFFF]/.test(v)),
        fc.integer({ min: 65, max: 10_000 }).map((n) => 'x'.repeat(n)),
      ),
    });
    await fc.assert(
      fc.asyncProperty(cases, async ({ op, value }) => {
        const values = Object.fromEntries(op.pathParams.map((name) => [name, value]));
        const what = `${op.method} ${op.path} with ${JSON.stringify(value).slice(0, 100)}`;
        const answer = await call(op.service, op.method, target(op, values), TENANTS.acme.key, validBody(op, acme));
        expectNo5xx(answer, what);
        if (answer.status < 400) throw new Error(`${what} answered ${answer.status} for an id nobody has`);
        expectFieldsNamed(answer, what, op.pathParams);
        await expectUnchangedIfRefused(answer, what);
      }),
      { numRuns: RUNS, seed: SEED },
    );
  });

  it('answers odd query strings with a 4xx naming the parameter, never a 5xx', async () => {
    const withQuery = operations.filter((op) => op.queryParams.length > 0);
    const cases = fc.constantFrom(...withQuery).chain((op) => badQueries(op.queryParams).map((q) => ({ op, ...q })));
    await fc.assert(
      fc.asyncProperty(cases, async ({ op, query, names }) => {
        const what = `${op.method} ${op.path}?${query.slice(0, 200)}`;
        const path = `${fillPath(op.path, pathValues(acme))}?${query}`;
        const answer = await call(op.service, op.method, path, TENANTS.acme.key);
        expectNo5xx(answer, what);
        expectFieldsNamed(answer, what, [...op.queryParams.map((p) => p.name), ...names]);
        await expectUnchangedIfRefused(answer, what);
      }),
      { numRuns: RUNS, seed: SEED },
    );
  });

  // A user's command carries no event id: the pipeline records none, so a refusal writes nothing.
  it('leaves no trace of a user action it refuses with 409', async () => {
    const before = await stateDigest(env.databaseUrl, [env.schemaOf('enrollment')]);
    const path = `/v1/enrollments/${acme.enrollmentId}/manual-email/send`;
    const answer = await call('enrollment', 'POST', path, TENANTS.acme.key, {});
    expect(answer.status).toBe(409);
    expect(await stateDigest(env.databaseUrl, [env.schemaOf('enrollment')])).toEqual(before);
  });
});
