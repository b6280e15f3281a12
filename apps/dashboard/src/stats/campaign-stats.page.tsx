import { BarChart } from '@mantine/charts';
import { Alert, Group, Loader, Paper, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useParams } from 'react-router-dom';
import { analyticsApi, read } from '../api/client';
import type { CampaignStats } from '../api/types';

const day = (date: Date) => date.toISOString().slice(0, 10);

/** Reach outs created in a date range (UTC days) and what became of them; one sequence or the whole tenant. */
export function CampaignStatsPage() {
  const { sequenceId } = useParams();
  const today = new Date();
  const [from, setFrom] = useState(day(new Date(today.getTime() - 29 * 86_400_000)));
  const [to, setTo] = useState(day(today));
  const stats = useQuery({
    queryKey: ['campaign-stats', sequenceId ?? 'all', from, to],
    queryFn: () =>
      sequenceId
        ? read<CampaignStats>(
            analyticsApi.GET('/v1/sequences/{sequenceId}/campaign-stats', {
              params: { path: { sequenceId }, query: { from, to } },
            }),
          )
        : read<CampaignStats>(analyticsApi.GET('/v1/campaign-stats', { params: { query: { from, to } } })),
    enabled: Boolean(from && to),
    placeholderData: (previous) => previous,
  });
  const figures: [string, number][] = stats.data
    ? [
        ['Reach Outs', stats.data.reachOuts],
        ['In Progress', stats.data.inProgress],
        ['Opens', stats.data.opens],
        ['Responses', stats.data.responses],
        ['Interested', stats.data.interested],
      ]
    : [];
  return (
    <Stack>
      {sequenceId ? <Title order={2}>Campaign statistics</Title> : <Title order={1}>Campaign statistics</Title>}
      <Group align="flex-end">
        <TextInput label="From" type="date" value={from} max={to} onChange={(e) => setFrom(e.currentTarget.value)} />
        <TextInput label="To" type="date" value={to} min={from} onChange={(e) => setTo(e.currentTarget.value)} />
        <Text size="sm" c="dimmed">
          Reach outs created on these days (UTC), {sequenceId ? 'this sequence' : 'every sequence'}
        </Text>
      </Group>
      {stats.isPending && <Loader aria-label="Loading statistics" />}
      {stats.error && (
        <Alert color="red" role="alert">
          {stats.error.message}
        </Alert>
      )}
      {stats.data && (
        <>
          <SimpleGrid cols={{ base: 2, md: 5 }} aria-label="Campaign figures">
            {figures.map(([label, value]) => (
              <Paper key={label} withBorder p="md" radius="md" data-figure={label}>
                <Text size="sm" c="dimmed">
                  {label}
                </Text>
                <Text fz={28} fw={800}>
                  {value.toLocaleString()}
                </Text>
              </Paper>
            ))}
          </SimpleGrid>
          <Paper withBorder p="md" radius="md">
            <BarChart
              h={220}
              data={figures.map(([label, value]) => ({ figure: label, Count: value }))}
              dataKey="figure"
              series={[{ name: 'Count', color: 'indigo.8' }]}
            />
          </Paper>
        </>
      )}
    </Stack>
  );
}
