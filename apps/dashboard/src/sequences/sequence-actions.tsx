import { Button, Group, Text } from '@mantine/core';
import { isSequenceActionAllowed, type SequenceAction } from '@stepwise/contracts/actions';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { enrollmentApi, read } from '../api/client';
import type { Sequence } from '../api/types';

const BUTTONS: { action: Exclude<SequenceAction, 'edit'>; label: string; color?: string }[] = [
  { action: 'launch', label: 'Launch' },
  { action: 'pause', label: 'Pause' },
  { action: 'resume', label: 'Resume' },
  { action: 'duplicate', label: 'Duplicate' },
  { action: 'archive', label: 'Archive' },
  { action: 'delete', label: 'Delete', color: 'red.9' },
];

/** Each button enabled by the same rules enrollment enforces (libs/contracts); a 409 is still shown. */
export function SequenceActions(props: { sequence: Sequence; onChanged: () => void }) {
  const { sequence } = props;
  const navigate = useNavigate();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);

  async function run(action: (typeof BUTTONS)[number]['action']) {
    if (action === 'delete' && !window.confirm(`Delete sequence "${sequence.name}"?`)) return;
    setBusy(action);
    setError(null);
    try {
      const path = { params: { path: { sequenceId: sequence.id } } };
      if (action === 'delete') await read(enrollmentApi.DELETE('/v1/sequences/{sequenceId}', path));
      else if (action === 'duplicate') {
        const copy = await read<Sequence>(enrollmentApi.POST('/v1/sequences/{sequenceId}/duplicate', path));
        navigate(`/sequences/${copy.id}/overview`);
      } else await read(enrollmentApi.POST(`/v1/sequences/{sequenceId}/${action}`, path));
      props.onChanged();
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(null);
    }
  }

  return (
    <Group gap={4} wrap="wrap">
      {BUTTONS.map(({ action, label, color }) => (
        <Button
          key={action}
          size="compact-xs"
          variant="light"
          color={color}
          disabled={!isSequenceActionAllowed(sequence.status, action)}
          loading={busy === action}
          onClick={() => void run(action)}
          aria-label={`${label} ${sequence.name}`}
        >
          {label}
        </Button>
      ))}
      {error && (
        <Text c="red.9" size="xs" role="alert">
          {error}
        </Text>
      )}
    </Group>
  );
}
