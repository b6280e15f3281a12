import { Alert, Button, Group, Text } from '@mantine/core';
import { RECIPIENT_ACTIONS, isAllowed, type RecipientAction } from '@stepwise/contracts/actions';
import { useState } from 'react';
import { enrollmentApi, read } from '../api/client';
import type { ActionResult, Enrollment } from '../api/types';
import { ACTION_LABEL } from '../labels';

/**
 * One button per action of the matrix in libs/contracts, the one enrollment enforces: enabled when
 * every selected recipient's status allows it. Whatever the API still refuses is listed with its reason.
 */
export function RecipientActionsBar(props: { selected: Enrollment[]; onDone: () => void }) {
  const { selected } = props;
  const [result, setResult] = useState<{ action: RecipientAction; result: ActionResult } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<RecipientAction | null>(null);

  async function apply(action: RecipientAction) {
    setBusy(action);
    setError(null);
    try {
      const outcome = await read<ActionResult>(
        enrollmentApi.POST('/v1/enrollments/actions', {
          body: { action, enrollmentIds: selected.map((enrollment) => enrollment.id) },
        }),
      );
      setResult({ action, result: outcome });
      props.onDone();
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(null);
    }
  }

  return (
    <div>
      <Group gap="xs" role="toolbar" aria-label="Recipient actions">
        <Text size="sm" fw={600}>
          {selected.length} selected
        </Text>
        {RECIPIENT_ACTIONS.map((action) => (
          <Button
            key={action}
            size="xs"
            variant={action === 'delete' || action === 'stop' ? 'outline' : 'light'}
            color={action === 'delete' || action === 'stop' ? 'red.9' : undefined}
            data-action={action}
            disabled={selected.length === 0 || !selected.every((enrollment) => isAllowed(enrollment.status, action))}
            loading={busy === action}
            onClick={() => void apply(action)}
          >
            {ACTION_LABEL[action]}
          </Button>
        ))}
      </Group>
      {error && (
        <Alert color="red" mt="xs" role="alert">
          {error}
        </Alert>
      )}
      {result && (
        <Alert
          color={result.result.refused.length ? 'yellow' : 'green'}
          mt="xs"
          role="status"
          aria-label="Action result"
        >
          {ACTION_LABEL[result.action]}: {result.result.applied.length} applied
          {result.result.refused.length > 0 && `, ${result.result.refused.length} refused`}
          {result.result.refused.map((refused) => (
            <Text key={refused.enrollmentId} size="sm">
              {refused.enrollmentId}: {refused.reason}
            </Text>
          ))}
        </Alert>
      )}
    </div>
  );
}
