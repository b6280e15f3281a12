import { Alert, Anchor, Badge, Group, Loader, Tabs, Text, Title } from '@mantine/core';
import { Link, Outlet, useLocation, useNavigate, useParams } from 'react-router-dom';
import { useQueryClient } from '@tanstack/react-query';
import { ApiError } from '../api/client';
import { useSequence } from '../api/queries';
import { SEQUENCE_STATUS_COLOR, humanize } from '../labels';
import { SequenceActions } from '../sequences/sequence-actions';

const TABS = [
  { value: 'overview', label: 'Overview' },
  { value: 'audience', label: 'Audience' },
  { value: 'errors', label: 'Errors' },
  { value: 'activity', label: 'Activity' },
  { value: 'stats', label: 'Campaign statistics' },
];

/** One sequence's tabs; another tenant's sequence is a 404 from the API and shown as not found. */
export function SequenceLayout() {
  const { sequenceId = '' } = useParams();
  const location = useLocation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const sequence = useSequence(sequenceId);
  const tab = location.pathname.split('/').pop() ?? 'overview';

  if (sequence.isPending) return <Loader aria-label="Loading sequence" />;
  if (sequence.error) {
    const notFound = sequence.error instanceof ApiError && sequence.error.status === 404;
    return (
      <>
        <Title order={1}>{notFound ? 'Sequence not found' : 'Could not load the sequence'}</Title>
        <Alert color="red" mt="md" role="alert">
          {notFound ? `There is no sequence ${sequenceId} in your workspace.` : sequence.error.message}
        </Alert>
        <Anchor component={Link} to="/sequences" mt="md" display="block">
          Back to sequences
        </Anchor>
      </>
    );
  }
  const data = sequence.data;
  return (
    <>
      <Anchor component={Link} to="/sequences" size="sm">
        ← Sequences
      </Anchor>
      <Group justify="space-between" align="center" mt="xs" mb="sm">
        <Group>
          <Title order={1}>{data.name}</Title>
          <Badge color={SEQUENCE_STATUS_COLOR[data.status]} variant="filled" size="lg">
            {humanize(data.status)}
          </Badge>
          {!data.openTrackingEnabled && <Text c="dimmed">Open tracking off</Text>}
        </Group>
        <SequenceActions
          sequence={data}
          onChanged={() => {
            void queryClient.invalidateQueries({ queryKey: ['sequence', sequenceId] });
            void queryClient.invalidateQueries({ queryKey: ['sequences'] });
          }}
        />
      </Group>
      <Tabs value={tab} onChange={(value) => value && navigate(`/sequences/${sequenceId}/${value}`)} mb="md">
        <Tabs.List>
          {TABS.map((t) => (
            <Tabs.Tab key={t.value} value={t.value}>
              {t.label}
            </Tabs.Tab>
          ))}
        </Tabs.List>
      </Tabs>
      <Outlet context={data} />
    </>
  );
}
