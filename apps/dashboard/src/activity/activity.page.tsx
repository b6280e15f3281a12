import { Alert, Badge, Button, Group, Loader, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useMemo, useState, type FormEvent } from 'react';
import { useOutletContext } from 'react-router-dom';
import type { RecipientStatus } from '@stepwise/contracts/actions';
import { enrollmentApi, read } from '../api/client';
import type { Sequence } from '../api/types';
import { RECIPIENT_STATUS_COLOR, RECIPIENT_STATUS_LABEL, humanize } from '../labels';
import { stepsOf } from '../sequences/sequences.page';

interface ActivityEntry {
  id: string;
  enrollmentId: string;
  email: string | null;
  stepId: string | null;
  fromStatus: RecipientStatus | null;
  toStatus: RecipientStatus;
  substatus: string | null;
  cause: string;
  occurredAt: string;
}

interface Filters {
  stepId?: string;
  email?: string;
  from?: string;
  to?: string;
}

const PAGE_SIZE = 50;

/** A datetime-local value (the browser's local time) as the API's ISO instant. */
const instant = (local: string) => (local ? new Date(local).toISOString() : undefined);

/**
 * The sequence's activity log: every recipient's status changes, newest first, filtered by step,
 * recipient email and date range, a page at a time (the API's cursor).
 */
export function ActivityPage() {
  const sequence = useOutletContext<Sequence>();
  const steps = useMemo(() => stepsOf(sequence.definition), [sequence]);
  const stepName = useMemo(() => new Map(steps.map((s) => [s.id, s.name])), [steps]);
  const [draft, setDraft] = useState({ stepId: '', email: '', from: '', to: '' });
  const [filters, setFilters] = useState<Filters>({});

  const activity = useInfiniteQuery({
    queryKey: ['activity', sequence.id, filters],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      read<{ items: ActivityEntry[]; nextCursor: string | null }>(
        enrollmentApi.GET('/v1/sequences/{sequenceId}/activity', {
          params: { path: { sequenceId: sequence.id }, query: { ...filters, cursor: pageParam, limit: PAGE_SIZE } },
        }),
      ),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });

  function apply(event: FormEvent) {
    event.preventDefault();
    setFilters({
      stepId: draft.stepId || undefined,
      email: draft.email.trim() || undefined,
      from: instant(draft.from),
      to: instant(draft.to),
    });
  }

  const entries = activity.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <Stack>
      <Title order={2}>Activity log</Title>
      <form onSubmit={apply} aria-label="Activity filters">
        <Group align="flex-end">
          <Select
            label="Step"
            placeholder="Every step"
            clearable
            data={steps.map((s) => ({ value: s.id, label: s.name }))}
            value={draft.stepId || null}
            onChange={(value) => setDraft({ ...draft, stepId: value ?? '' })}
          />
          <TextInput
            label="Recipient email"
            type="email"
            value={draft.email}
            onChange={(e) => setDraft({ ...draft, email: e.currentTarget.value })}
          />
          <TextInput
            label="From"
            type="datetime-local"
            value={draft.from}
            onChange={(e) => setDraft({ ...draft, from: e.currentTarget.value })}
          />
          <TextInput
            label="To"
            type="datetime-local"
            value={draft.to}
            onChange={(e) => setDraft({ ...draft, to: e.currentTarget.value })}
          />
          <Button type="submit">Filter</Button>
        </Group>
      </form>
      {activity.isPending && <Loader aria-label="Loading activity" />}
      {activity.error && (
        <Alert color="red" role="alert">
          {activity.error.message}
        </Alert>
      )}
      {activity.data && entries.length === 0 && <Text>No activity matches these filters.</Text>}
      {entries.length > 0 && (
        <Table striped aria-label="Activity entries">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>When</Table.Th>
              <Table.Th>Recipient</Table.Th>
              <Table.Th>Step</Table.Th>
              <Table.Th>Status</Table.Th>
              <Table.Th>What happened</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {entries.map((entry) => (
              <Table.Tr key={entry.id} data-enrollment-id={entry.enrollmentId}>
                <Table.Td>{new Date(entry.occurredAt).toLocaleString()}</Table.Td>
                <Table.Td>{entry.email ?? entry.enrollmentId}</Table.Td>
                <Table.Td>{entry.stepId ? (stepName.get(entry.stepId) ?? entry.stepId) : '—'}</Table.Td>
                <Table.Td>
                  <Badge color={RECIPIENT_STATUS_COLOR[entry.toStatus]} variant="filled">
                    {RECIPIENT_STATUS_LABEL[entry.toStatus]}
                  </Badge>
                  {entry.substatus && (
                    <Text span size="xs" c="dimmed" ml={6}>
                      {humanize(entry.substatus)}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>{entry.cause}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {activity.hasNextPage && (
        <Button variant="default" onClick={() => void activity.fetchNextPage()} loading={activity.isFetchingNextPage}>
          Show older entries
        </Button>
      )}
    </Stack>
  );
}
