import { waitFor } from './wait-for';

export interface SkeletonOptions {
  enrollmentUrl: string;
  analyticsUrl: string;
  apiKey: string;
  recipients?: number;
  progress?: (line: string) => void;
}

export interface SkeletonResult {
  sequenceId: string;
  enrollments: { id: string; status: string }[];
  snapshot: SnapshotView;
}

export interface SnapshotView {
  sequenceId: string;
  steps: {
    stepId: string;
    recipientsAttempted: number;
    metrics: Record<string, { count: number; percent: number } | undefined>;
  }[];
}

/**
 * The demo and the end-to-end test: one automated email step, launched, three recipients enrolled,
 * followed through the dispatcher and channel-email to Completed and into the analytics snapshot.
 */
export async function runWalkingSkeleton(options: SkeletonOptions): Promise<SkeletonResult> {
  const count = options.recipients ?? 3;
  const say = options.progress ?? (() => undefined);
  const api = apiClient(options.apiKey);
  const run = Date.now().toString(36);

  const identity = await api<{ id: string }>('POST', `${options.enrollmentUrl}/v1/identities`, {
    channel: 'email',
    address: `recruiter-${run}@stepwise.example`,
    displayName: 'Stepwise Recruiting',
  });
  const sequence = await api<{ id: string }>('POST', `${options.enrollmentUrl}/v1/sequences`, {
    name: `Walking skeleton ${run}`,
    steps: [
      {
        kind: 'step',
        id: 'intro-email',
        type: 'automated_email',
        name: 'Intro email',
        identityId: identity.id,
        subject: 'A role for you, {{firstName | "there"}}',
        body: 'Hi {{firstName | "there"}}, we are hiring backend engineers. Interested?',
      },
    ],
  });
  say(`created sequence ${sequence.id}`);
  await api('POST', `${options.enrollmentUrl}/v1/sequences/${sequence.id}/launch`);
  say('launched it');
  const recipients = Array.from({ length: count }, (_, i) => ({
    email: `candidate-${run}-${i}@example.com`,
    firstName: `Candidate ${i}`,
  }));
  const enrolled = await api<{ enrolled: { enrollmentId: string }[]; rejected: unknown[] }>(
    'POST',
    `${options.enrollmentUrl}/v1/sequences/${sequence.id}/enrollments`,
    { recipients },
  );
  if (enrolled.rejected.length > 0) throw new Error(`enrollment refused rows: ${JSON.stringify(enrolled.rejected)}`);
  say(`enrolled ${enrolled.enrolled.length} recipients`);

  const enrollments = await waitFor(
    `all ${count} recipients to complete`,
    async () => {
      const statuses = await Promise.all(
        enrolled.enrolled.map(async ({ enrollmentId }) => {
          const view = await api<{ status: string }>('GET', `${options.enrollmentUrl}/v1/enrollments/${enrollmentId}`);
          return { id: enrollmentId, status: view.status };
        }),
      );
      return statuses.every((s) => s.status === 'completed') && statuses;
    },
    { timeoutMs: 60_000, intervalMs: 250 },
  );
  say(`all ${count} recipients completed`);

  const snapshot = await waitFor(
    'the snapshot to count every recipient as delivered',
    async () => {
      const view = await api<SnapshotView>('GET', `${options.analyticsUrl}/v1/sequences/${sequence.id}/snapshot`);
      const step = view.steps[0];
      return step?.recipientsAttempted === count && step.metrics.deliveryRate?.count === count && view;
    },
    { timeoutMs: 60_000, intervalMs: 250 },
  );
  return { sequenceId: sequence.id, enrollments, snapshot };
}

function apiClient(apiKey: string) {
  return async <T = unknown>(method: string, url: string, body?: unknown): Promise<T> => {
    const response = await fetch(url, {
      method,
      headers: { 'x-api-key': apiKey, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${url} answered ${response.status}: ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  };
}
