import { Alert, Badge, Button, Drawer, Group, Loader, Stack, Text, Timeline } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { enrollmentApi, read } from '../api/client';
import type { EnrollmentDetail, StepNode } from '../api/types';
import { RECIPIENT_STATUS_COLOR, RECIPIENT_STATUS_LABEL, humanize } from '../labels';

/** One recipient: fields, error with its fix, the timeline, and the step's own action when it waits on one. */
export function RecipientDrawer(props: {
  enrollmentId: string | null;
  steps: Map<string, StepNode>;
  onClose: () => void;
  onChanged: () => void;
}) {
  const detail = useQuery({
    queryKey: ['enrollment', props.enrollmentId],
    enabled: Boolean(props.enrollmentId),
    queryFn: () =>
      read<EnrollmentDetail>(
        enrollmentApi.GET('/v1/enrollments/{enrollmentId}', {
          params: { path: { enrollmentId: props.enrollmentId as string } },
        }),
      ),
  });
  const [message, setMessage] = useState<string | null>(null);
  const data = detail.data;
  const step = data?.currentNodeId ? props.steps.get(data.currentNodeId) : undefined;

  async function stepAction(kind: 'task' | 'manual-email') {
    if (!data) return;
    const path = { params: { path: { enrollmentId: data.id } } };
    try {
      if (kind === 'task') await read(enrollmentApi.POST('/v1/enrollments/{enrollmentId}/task/complete', path));
      else await read(enrollmentApi.POST('/v1/enrollments/{enrollmentId}/manual-email/send', { ...path, body: {} }));
      setMessage(kind === 'task' ? 'Task completed' : 'Manual email sent');
      await detail.refetch();
      props.onChanged();
    } catch (e) {
      setMessage((e as Error).message);
    }
  }

  return (
    <Drawer
      opened={Boolean(props.enrollmentId)}
      onClose={props.onClose}
      position="right"
      size="lg"
      title="Recipient"
      closeButtonProps={{ 'aria-label': 'Close' }}
    >
      {detail.isPending && <Loader aria-label="Loading recipient" />}
      {detail.error && <Alert color="red">{detail.error.message}</Alert>}
      {data && (
        <Stack>
          <Text fw={700}>{data.recipient.email ?? data.recipient.phone ?? data.recipient.linkedinProfile}</Text>
          <Group>
            <Badge color={RECIPIENT_STATUS_COLOR[data.status]} variant="filled">
              {RECIPIENT_STATUS_LABEL[data.status]}
            </Badge>
            {data.substatus && <Text size="sm">{humanize(data.substatus)}</Text>}
            {step && <Text size="sm">on {step.name}</Text>}
          </Group>
          {data.error && (
            <Alert color="red" title={humanize(data.error.type)}>
              {data.error.message}
              <Text size="sm" fw={600} mt={4}>
                Fix: {data.error.suggestedFix}
              </Text>
            </Alert>
          )}
          {data.status === 'pending_action' && step?.type === 'task' && (
            <Button onClick={() => void stepAction('task')}>Complete task</Button>
          )}
          {data.status === 'pending_action' && step?.type === 'manual_email' && (
            <Button onClick={() => void stepAction('manual-email')}>Send manual email</Button>
          )}
          {message && <Text role="status">{message}</Text>}
          <Timeline active={data.timeline.length} bulletSize={14} lineWidth={2} aria-label="Timeline">
            {data.timeline.map((entry, index) => (
              <Timeline.Item
                key={index}
                title={`${entry.fromStatus ? `${humanize(entry.fromStatus)} → ` : ''}${humanize(entry.toStatus)}`}
              >
                <Text size="sm">
                  {humanize(entry.cause)}
                  {entry.substatus ? ` · ${humanize(entry.substatus)}` : ''}
                  {entry.stepId ? ` · ${props.steps.get(entry.stepId)?.name ?? entry.stepId}` : ''}
                </Text>
                <Text size="xs" c="dimmed">
                  {new Date(entry.occurredAt).toLocaleString()}
                </Text>
              </Timeline.Item>
            ))}
          </Timeline>
        </Stack>
      )}
    </Drawer>
  );
}
