export interface TenantData {
  identityId: string;
  sequenceId: string;
  enrollmentId: string;
  recipientId: string;
  email: string;
}

export type Api = <T = unknown>(method: string, path: string, body?: unknown) => Promise<{ status: number; body: T }>;

export function apiAs(baseUrl: string, apiKey: string | undefined): Api {
  return async <T>(method: string, path: string, body?: unknown) => {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (apiKey !== undefined) headers['x-api-key'] = apiKey;
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? safeJson(text) : undefined) as T };
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/**
 * A launched sequence with one recipient parked on a task step (no timer comes due while the
 * test runs), so the data holds still and any write the bad input causes shows in the digest.
 */
export async function seedTenant(api: Api): Promise<TenantData> {
  const expectOk = <T>(what: string, response: { status: number; body: T }): T => {
    if (response.status >= 300)
      throw new Error(`${what} answered ${response.status}: ${JSON.stringify(response.body)}`);
    return response.body;
  };
  const identity = expectOk(
    'create identity',
    await api<{ id: string }>('POST', '/v1/identities', { channel: 'email', address: 'recruiter@acme.example' }),
  );
  const sequence = expectOk(
    'create sequence',
    await api<{ id: string }>('POST', '/v1/sequences', {
      name: 'Backend hiring',
      steps: [
        { kind: 'step', id: 'call', type: 'task', name: 'Call the candidate' },
        {
          kind: 'step',
          id: 'intro',
          type: 'automated_email',
          name: 'Intro',
          identityId: identity.id,
          subject: 'A role for you',
          body: 'Hi',
        },
      ],
    }),
  );
  expectOk('launch', await api('POST', `/v1/sequences/${sequence.id}/launch`));
  const email = 'grace@candidates.example';
  const enrolled = expectOk(
    'enroll',
    await api<{ enrolled: { enrollmentId: string; recipientId: string }[] }>(
      'POST',
      `/v1/sequences/${sequence.id}/enrollments`,
      {
        recipients: [{ email, firstName: 'Grace' }],
      },
    ),
  );
  const enrollmentId = enrolled.enrolled[0]?.enrollmentId;
  if (!enrollmentId) throw new Error('the seed recipient was not enrolled');
  return {
    identityId: identity.id,
    sequenceId: sequence.id,
    enrollmentId,
    recipientId: enrolled.enrolled[0].recipientId,
    email,
  };
}
