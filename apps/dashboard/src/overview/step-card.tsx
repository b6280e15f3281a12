import { Badge, Group, Paper, SimpleGrid, Stack, Text, Tooltip, UnstyledButton } from '@mantine/core';
import type { MetricName, RateMetric, StepSnapshot } from '../api/types';
import { STEP_TYPE_LABEL } from '../labels';
import { metricLabel } from './metric-definitions';

const formatPercent = (percent: number | null) => (percent === null ? '–' : `${percent}%`);

/** One step of the Step-wise Success Snapshot: Recipients Attempted first, every rate a share of it. */
export function StepCard({ step, index }: { step: StepSnapshot; index: number }) {
  const metrics = Object.entries(step.metrics) as [MetricName, RateMetric | { count: number }][];
  return (
    <Paper
      withBorder
      p="md"
      radius="md"
      component="article"
      aria-label={`Step ${index + 1}: ${step.name}`}
      data-step-id={step.stepId}
      ml={step.branchPath ? 'xl' : 0}
    >
      <Group justify="space-between" align="flex-start">
        <Stack gap={2}>
          <Group gap="xs">
            <Text fw={700}>Step {index + 1}</Text>
            <Badge variant="outline" color="dark">
              {STEP_TYPE_LABEL[step.type]}
            </Badge>
            {step.branchPath && (
              <Badge color={step.branchPath === 'yes' ? 'teal.9' : 'red.9'} variant="filled">
                {step.branchPath === 'yes' ? 'Yes path' : 'No path'}
              </Badge>
            )}
          </Group>
          <Text size="lg">{step.name}</Text>
        </Stack>
        <Tooltip
          label={`In queue: ${step.queued} · Attempted: ${step.attempted}`}
          withArrow
          events={{ hover: true, focus: true, touch: true }}
        >
          <UnstyledButton data-testid="recipients-attempted">
            <Text size="xs" c="dimmed" ta="right">
              {step.type === 'task' ? 'Recipients / Tasks Created' : 'Recipients Attempted'}
            </Text>
            <Text fz={32} fw={800} ta="right" lh={1.1}>
              {step.recipientsAttempted.toLocaleString()}
            </Text>
          </UnstyledButton>
        </Tooltip>
      </Group>
      <SimpleGrid cols={{ base: 2, md: 4, lg: 7 }} mt="sm" spacing="sm">
        {metrics
          .filter(([name]) => name !== 'tasksCreated')
          .map(([name, metric]) => {
            const { label, tooltip } = metricLabel(name, step.type);
            const rate = metric as RateMetric;
            return (
              <Tooltip key={name} label={tooltip} withArrow events={{ hover: true, focus: true, touch: true }}>
                <UnstyledButton data-metric={name}>
                  <Text size="xs" c="dimmed" td="underline dotted">
                    {label}
                  </Text>
                  <Text fw={700} size="lg">
                    {formatPercent(rate.percent)}{' '}
                    <Text span size="sm" c="dimmed" fw={400}>
                      ({rate.count.toLocaleString()})
                    </Text>
                  </Text>
                </UnstyledButton>
              </Tooltip>
            );
          })}
      </SimpleGrid>
    </Paper>
  );
}
