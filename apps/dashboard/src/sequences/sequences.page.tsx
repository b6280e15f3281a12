import { Alert, Anchor, Badge, Button, Group, Loader, Switch, Table, Text, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { useIdentities, useOverview, useSequences } from '../api/queries';
import type { Identity, Sequence, SequenceNode } from '../api/types';
import { SEQUENCE_STATUS_COLOR, humanize } from '../labels';
import { SequenceActions } from './sequence-actions';

export function SequencesPage() {
  const [archived, setArchived] = useState(false);
  const sequences = useSequences(archived);
  const identities = useIdentities();
  const queryClient = useQueryClient();
  const byId = new Map((identities.data?.items ?? []).map((identity) => [identity.id, identity]));

  return (
    <>
      <Group justify="space-between" mb="md">
        <Title order={1}>Sequences</Title>
        <Group>
          <Switch label="Show archived" checked={archived} onChange={(e) => setArchived(e.currentTarget.checked)} />
          <Button component={Link} to="/sequences/new">
            New sequence
          </Button>
        </Group>
      </Group>
      {sequences.isPending && <Loader aria-label="Loading sequences" />}
      {sequences.error && <Alert color="red">{sequences.error.message}</Alert>}
      {sequences.data && sequences.data.items.length === 0 && <Text>No sequences yet.</Text>}
      {sequences.data && sequences.data.items.length > 0 && (
        <Table striped highlightOnHover aria-label="Sequences">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Name</Table.Th>
              <Table.Th>Status</Table.Th>
              <Table.Th>Sender identities</Table.Th>
              <Table.Th>Steps</Table.Th>
              <Table.Th>Recipients</Table.Th>
              <Table.Th>Replied</Table.Th>
              <Table.Th>Actions</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {sequences.data.items.map((sequence) => (
              <SequenceRow
                key={sequence.id}
                sequence={sequence}
                identities={byId}
                onChanged={() => queryClient.invalidateQueries({ queryKey: ['sequences'] })}
              />
            ))}
          </Table.Tbody>
        </Table>
      )}
    </>
  );
}

function SequenceRow(props: { sequence: Sequence; identities: Map<string, Identity>; onChanged: () => void }) {
  const { sequence } = props;
  const overview = useOverview(sequence.id, false);
  const steps = stepsOf(sequence.definition);
  const senders = [...new Set(steps.map((step) => step.identityId).filter((id): id is string => Boolean(id)))];
  return (
    <Table.Tr data-sequence-id={sequence.id}>
      <Table.Td>
        <Anchor component={Link} to={`/sequences/${sequence.id}/overview`}>
          {sequence.name}
        </Anchor>
      </Table.Td>
      <Table.Td>
        <Badge color={SEQUENCE_STATUS_COLOR[sequence.status]} variant="filled">
          {humanize(sequence.status)}
        </Badge>
      </Table.Td>
      <Table.Td>
        {senders.map((id) => props.identities.get(id)?.address ?? id).join(', ') || <Text c="dimmed">none</Text>}
      </Table.Td>
      <Table.Td>{steps.length}</Table.Td>
      <Table.Td>{overview.data?.allChannels.totalContacts ?? '–'}</Table.Td>
      <Table.Td>{overview.data?.allChannels.replied ?? '–'}</Table.Td>
      <Table.Td>
        <SequenceActions sequence={sequence} onChanged={props.onChanged} />
      </Table.Td>
    </Table.Tr>
  );
}

export function stepsOf(nodes: readonly SequenceNode[]) {
  return nodes.flatMap((node): Extract<SequenceNode, { kind: 'step' }>[] =>
    node.kind === 'step' ? [node] : [...stepsOf(node.yes), ...stepsOf(node.no)],
  );
}
