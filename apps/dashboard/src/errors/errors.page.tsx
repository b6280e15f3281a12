import { Alert, Button, Group, Loader, Paper, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useOutletContext } from 'react-router-dom';
import { enrollmentApi, read } from '../api/client';
import type { ActionResult, Enrollment, Sequence } from '../api/types';
import { humanize } from '../labels';

interface Cause {
  key: string;
  type: string;
  message: string;
  fix: string;
  enrollments: Enrollment[];
}

/** Recipients in Error grouped by cause, each group with the fix enrollment suggests and a bulk retry. */
export function ErrorsPage() {
  const sequence = useOutletContext<Sequence>();
  const errored = useQuery({
    queryKey: ['errors', sequence.id],
    queryFn: () =>
      read<{ items: Enrollment[] }>(
        enrollmentApi.GET('/v1/sequences/{sequenceId}/enrollments', {
          params: { path: { sequenceId: sequence.id }, query: { status: 'error', limit: 1000 } },
        }),
      ),
    refetchInterval: 5000,
  });
  const causes = groupByCause(errored.data?.items ?? []);
  return (
    <Stack>
      <Title order={2}>Recipients in error</Title>
      {errored.isPending && <Loader aria-label="Loading errors" />}
      {errored.error && <Alert color="red">{errored.error.message}</Alert>}
      {errored.data && causes.length === 0 && <Text>No recipient is in error.</Text>}
      {causes.map((cause) => (
        <CauseCard key={cause.key} cause={cause} onRetried={() => void errored.refetch()} />
      ))}
    </Stack>
  );
}

function CauseCard({ cause, onRetried }: { cause: Cause; onRetried: () => void }) {
  const [result, setResult] = useState<ActionResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function retry() {
    setBusy(true);
    setError(null);
    try {
      setResult(
        await read<ActionResult>(
          enrollmentApi.POST('/v1/enrollments/actions', {
            body: { action: 'retry', enrollmentIds: cause.enrollments.map((e) => e.id) },
          }),
        ),
      );
      onRetried();
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  }

  const shown = cause.enrollments.slice(0, 5).map((e) => e.recipient.email ?? e.recipient.phone ?? e.recipientId);
  return (
    <Paper withBorder p="md" radius="md" component="section" aria-label={`Cause: ${humanize(cause.type)}`}>
      <Group justify="space-between" align="flex-start">
        <Stack gap={4}>
          <Title order={3} size="h5">
            {humanize(cause.type)} · {cause.enrollments.length} recipient{cause.enrollments.length === 1 ? '' : 's'}
          </Title>
          <Text size="sm">{cause.message}</Text>
          <Text size="sm" fw={600}>
            Fix: {cause.fix}
          </Text>
          <Text size="xs" c="dimmed">
            {shown.join(', ')}
            {cause.enrollments.length > shown.length ? ` and ${cause.enrollments.length - shown.length} more` : ''}
          </Text>
        </Stack>
        <Button onClick={() => void retry()} loading={busy} color="red.9">
          Retry {cause.enrollments.length}
        </Button>
      </Group>
      {error && (
        <Alert color="red" mt="sm" role="alert">
          {error}
        </Alert>
      )}
      {result && (
        <Alert color={result.refused.length ? 'yellow' : 'green'} mt="sm" role="status" aria-label="Retry result">
          {result.applied.length} retried{result.refused.length ? `, ${result.refused.length} refused` : ''}
          {result.refused.map((r) => (
            <Text key={r.enrollmentId} size="sm">
              {r.enrollmentId}: {r.reason}
            </Text>
          ))}
        </Alert>
      )}
    </Paper>
  );
}

/** One group per error type and fix: recipients missing the same field share a fix, whatever their name. */
export function groupByCause(enrollments: readonly Enrollment[]): Cause[] {
  const groups = new Map<string, Cause>();
  for (const enrollment of enrollments) {
    const error = enrollment.error ?? { type: 'unknown', message: 'No cause recorded', suggestedFix: 'retry the step' };
    // A fix names the exact call for its recipient (PATCH /v1/recipients/<id>); the cause is the
    // same for all of them, so the group shows the call with the id as a placeholder.
    const fix = error.suggestedFix.split(enrollment.recipientId).join('{recipientId}');
    const key = `${error.type}\u0000${error.message}\u0000${fix}`;
    const group = groups.get(key) ?? { key, type: error.type, message: error.message, fix, enrollments: [] };
    group.enrollments.push(enrollment);
    groups.set(key, group);
  }
  return [...groups.values()].sort((a, b) => b.enrollments.length - a.enrollments.length);
}
