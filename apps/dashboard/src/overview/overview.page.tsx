import { BarChart } from '@mantine/charts';
import { Alert, Group, Loader, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { Fragment } from 'react';
import { useParams } from 'react-router-dom';
import { useOverview, useSnapshot } from '../api/queries';
import type { SequenceOverview, SequenceSnapshot } from '../api/types';
import { StepCard } from './step-card';

/** The Overview tab: channel KPIs, the flow preview and the Step-wise Success Snapshot, refreshed live. */
export function OverviewPage() {
  const { sequenceId = '' } = useParams();
  const snapshot = useSnapshot(sequenceId);
  const overview = useOverview(sequenceId);
  return (
    <Stack>
      {overview.data && <ChannelKpis overview={overview.data} />}
      {overview.data && overview.data.flow.length > 0 && <FlowPreview overview={overview.data} />}
      <Title order={2}>Step-wise Success Snapshot</Title>
      {snapshot.isPending && <Loader aria-label="Loading snapshot" />}
      {snapshot.error && <Alert color="red">{snapshot.error.message}</Alert>}
      {snapshot.data && <Snapshot snapshot={snapshot.data} />}
    </Stack>
  );
}

function Snapshot({ snapshot }: { snapshot: SequenceSnapshot }) {
  if (snapshot.steps.length === 0) {
    return <Text>No figures yet: the snapshot fills in once the sequence is launched.</Text>;
  }
  // A branch row sits right before the first step on either of its paths.
  const branchBefore = new Map<number, SequenceSnapshot['branches'][number]>();
  for (const branch of snapshot.branches) {
    const first = snapshot.steps.find((step) => step.branchId === branch.branchId);
    if (first) branchBefore.set(first.position, branch);
  }
  return (
    <Stack gap="sm" aria-label="Step-wise Success Snapshot" role="list">
      {snapshot.steps.map((step, index) => {
        const branch = branchBefore.get(step.position);
        return (
          <Fragment key={step.stepId}>
            {branch && (
              <Paper withBorder p="sm" radius="md" bg="gray.0" role="listitem" aria-label={`Branch ${branch.name}`}>
                <Group>
                  <Text fw={700}>Branch: {branch.name}</Text>
                  <Text>Yes path: {branch.paths.yes ?? '–'}</Text>
                  <Text>No path: {branch.paths.no ?? '–'}</Text>
                </Group>
              </Paper>
            )}
            <div role="listitem">
              <StepCard step={step} index={index} />
            </div>
          </Fragment>
        );
      })}
    </Stack>
  );
}

function Kpi({ label, value }: { label: string; value: number }) {
  return (
    <div>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text fw={700} size="xl">
        {value.toLocaleString()}
      </Text>
    </div>
  );
}

function ChannelKpis({ overview }: { overview: SequenceOverview }) {
  const groups: { title: string; kpis: [string, number][] }[] = [
    {
      title: 'All channels',
      kpis: [
        ['Total contacts', overview.allChannels.totalContacts],
        ['Started', overview.allChannels.started],
        ['Contacted', overview.allChannels.contacted],
        ['Replied', overview.allChannels.replied],
        ['Positive', overview.allChannels.positive],
      ],
    },
    {
      title: 'Email',
      kpis: [
        ['Sent', overview.email.sent],
        ['Clicked', overview.email.clicked],
        ['Replied', overview.email.replied],
        ['Positive', overview.email.positive],
        ['Bounced', overview.email.bounced],
      ],
    },
    {
      title: 'LinkedIn',
      kpis: [
        ['Engaged', overview.linkedin.engaged],
        ['Invited', overview.linkedin.invited],
        ['Accepted', overview.linkedin.accepted],
        ['Contacted', overview.linkedin.contacted],
        ['Replied', overview.linkedin.replied],
        ['Positive', overview.linkedin.positive],
      ],
    },
    {
      title: 'Tasks',
      kpis: [
        ['Pending', overview.tasks.pending],
        ['Completed', overview.tasks.completed],
      ],
    },
  ];
  return (
    <SimpleGrid cols={{ base: 1, md: 2, xl: 4 }} aria-label="Channel KPIs">
      {groups.map((group) => (
        <Paper key={group.title} withBorder p="md" radius="md" component="section" aria-label={group.title}>
          <Title order={2} size="h5" mb="xs">
            {group.title}
          </Title>
          <Group gap="lg">
            {group.kpis.map(([label, value]) => (
              <Kpi key={label} label={label} value={value} />
            ))}
          </Group>
        </Paper>
      ))}
    </SimpleGrid>
  );
}

function FlowPreview({ overview }: { overview: SequenceOverview }) {
  const data = overview.flow.map((step, index) => ({
    step: `${index + 1}. ${step.name}`,
    Recipients: step.recipients,
  }));
  return (
    <Paper withBorder p="md" radius="md" component="section" aria-label="Flow preview">
      <Title order={2} size="h5" mb="xs">
        Leads at each step
      </Title>
      <BarChart h={180} data={data} dataKey="step" series={[{ name: 'Recipients', color: 'indigo.8' }]} />
    </Paper>
  );
}
