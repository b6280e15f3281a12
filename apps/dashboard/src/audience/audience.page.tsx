import {
  Alert,
  Anchor,
  Badge,
  Button,
  Checkbox,
  Group,
  Loader,
  MultiSelect,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useOutletContext } from 'react-router-dom';
import { enrollmentApi, read } from '../api/client';
import type { Enrollment, RecipientStatus, Sequence } from '../api/types';
import { RECIPIENT_STATUS_COLOR, RECIPIENT_STATUS_LABEL, humanize } from '../labels';
import { stepsOf } from '../sequences/sequences.page';
import { CsvEnrol } from './csv-enrol';
import { RecipientActionsBar } from './recipient-actions-bar';
import { RecipientDrawer } from './recipient-drawer';

const PAGE = 200;

/** Recipients with status and substatus, filtered by status chips, step and date, with the actions each allows. */
export function AudiencePage() {
  const sequence = useOutletContext<Sequence>();
  const steps = useMemo(() => new Map(stepsOf(sequence.definition).map((step) => [step.id, step])), [sequence]);
  const [statuses, setStatuses] = useState<string[]>([]);
  const [stepId, setStepId] = useState<string | null>(null);
  const [since, setSince] = useState('');
  const [search, setSearch] = useState('');
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [open, setOpen] = useState<string | null>(null);

  const list = useInfiniteQuery({
    queryKey: ['enrollments', sequence.id, statuses.join(','), stepId, since],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      read<{ items: Enrollment[]; nextCursor: string | null }>(
        enrollmentApi.GET('/v1/sequences/{sequenceId}/enrollments', {
          params: {
            path: { sequenceId: sequence.id },
            query: {
              limit: PAGE,
              ...(statuses.length ? { status: statuses.join(',') } : {}),
              ...(stepId ? { stepId } : {}),
              ...(since ? { updatedSince: since } : {}),
              ...(pageParam ? { cursor: pageParam } : {}),
            },
          },
        }),
      ),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });

  const rows = (list.data?.pages ?? [])
    .flatMap((page) => page.items)
    .filter((e) => {
      const needle = search.trim().toLowerCase();
      if (!needle) return true;
      const r = e.recipient;
      return [r.email, r.phone, r.linkedinProfile].some((value) => value?.toLowerCase().includes(needle));
    });
  const chosen = rows.filter((row) => selected.has(row.id));
  const toggle = (id: string) =>
    setSelected((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  const refresh = () => void list.refetch();

  return (
    <Stack>
      <CsvEnrol sequenceId={sequence.id} onEnrolled={refresh} />
      <Group align="flex-end">
        <MultiSelect
          label="Status"
          placeholder={statuses.length ? undefined : 'Any status'}
          data={Object.entries(RECIPIENT_STATUS_LABEL).map(([value, label]) => ({ value, label }))}
          value={statuses}
          onChange={setStatuses}
          clearable
          w={300}
        />
        <Select
          label="Current step"
          placeholder="Any step"
          data={[...steps.values()].map((step) => ({ value: step.id, label: step.name }))}
          value={stepId}
          onChange={setStepId}
          clearable
          w={220}
        />
        <TextInput label="Updated since" type="date" value={since} onChange={(e) => setSince(e.currentTarget.value)} />
        <TextInput
          label="Search"
          placeholder="Email, phone or profile"
          value={search}
          onChange={(e) => setSearch(e.currentTarget.value)}
        />
        <Button variant="default" onClick={refresh}>
          Refresh
        </Button>
      </Group>
      <RecipientActionsBar
        selected={chosen}
        onDone={() => {
          setSelected(new Set());
          refresh();
        }}
      />
      {list.isPending && <Loader aria-label="Loading recipients" />}
      {list.error && <Alert color="red">{list.error.message}</Alert>}
      {list.data && (
        <Table striped aria-label="Recipients">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>
                <Checkbox
                  aria-label="Select all shown"
                  checked={rows.length > 0 && chosen.length === rows.length}
                  indeterminate={chosen.length > 0 && chosen.length < rows.length}
                  onChange={(e) => setSelected(e.currentTarget.checked ? new Set(rows.map((r) => r.id)) : new Set())}
                />
              </Table.Th>
              <Table.Th>Recipient</Table.Th>
              <Table.Th>Status</Table.Th>
              <Table.Th>Substatus</Table.Th>
              <Table.Th>Step</Table.Th>
              <Table.Th>Updated</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((row) => {
              const who =
                row.recipient.email ?? row.recipient.phone ?? row.recipient.linkedinProfile ?? row.recipientId;
              return (
                <Table.Tr key={row.id} data-enrollment-id={row.id} data-status={row.status}>
                  <Table.Td>
                    <Checkbox
                      aria-label={`Select ${who}`}
                      checked={selected.has(row.id)}
                      onChange={() => toggle(row.id)}
                    />
                  </Table.Td>
                  <Table.Td>
                    <Anchor component="button" type="button" onClick={() => setOpen(row.id)}>
                      {who}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>
                    <Badge color={RECIPIENT_STATUS_COLOR[row.status as RecipientStatus]} variant="filled">
                      {RECIPIENT_STATUS_LABEL[row.status]}
                    </Badge>
                  </Table.Td>
                  <Table.Td>{row.substatus ? humanize(row.substatus) : ''}</Table.Td>
                  <Table.Td>
                    {row.currentNodeId ? (steps.get(row.currentNodeId)?.name ?? row.currentNodeId) : ''}
                  </Table.Td>
                  <Table.Td>{new Date(row.updatedAt).toLocaleString()}</Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      )}
      {list.data && rows.length === 0 && <Text>No recipients match.</Text>}
      {list.hasNextPage && (
        <Button variant="default" onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>
          Load more
        </Button>
      )}
      <RecipientDrawer enrollmentId={open} steps={steps} onClose={() => setOpen(null)} onChanged={refresh} />
    </Stack>
  );
}
