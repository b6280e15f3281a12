import {
  Alert,
  Button,
  Group,
  NumberInput,
  Paper,
  Select,
  Stack,
  Switch,
  Text,
  TextInput,
  Textarea,
  Title,
} from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router-dom';
import { enrollmentApi, read } from '../api/client';
import { useIdentities } from '../api/queries';
import type { Identity, Sequence, StepType } from '../api/types';
import { STEP_TYPE_LABEL } from '../labels';

interface DraftStep {
  type: StepType;
  name: string;
  identityId: string | null;
  subject: string;
  body: string;
  delayAmount: number;
  delayUnit: 'minutes' | 'hours' | 'days' | 'business_days';
}

const CHANNEL_OF: Partial<Record<StepType, Identity['channel']>> = {
  automated_email: 'email',
  manual_email: 'email',
  marketing_email: 'email',
  sms: 'sms',
  linkedin_connection_request: 'social',
  linkedin_message: 'social',
};
const EMAIL_TYPES: StepType[] = ['automated_email', 'manual_email', 'marketing_email'];

const emptyStep = (): DraftStep => ({
  type: 'automated_email',
  name: '',
  identityId: null,
  subject: '',
  body: '',
  delayAmount: 0,
  delayUnit: 'days',
});

/**
 * A new draft sequence of linear steps (branches are made through the API for now). Nothing is
 * checked here that enrollment checks: its 400 names each bad field and is shown as it comes.
 */
export function CreateSequencePage() {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const identities = useIdentities();
  const [name, setName] = useState('');
  const [openTracking, setOpenTracking] = useState(true);
  const [steps, setSteps] = useState<DraftStep[]>([emptyStep()]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const update = (index: number, change: Partial<DraftStep>) =>
    setSteps((current) => current.map((step, i) => (i === index ? { ...step, ...change } : step)));

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const created = await read<Sequence>(
        enrollmentApi.POST('/v1/sequences', {
          body: {
            name,
            openTrackingEnabled: openTracking,
            // enrollment's default, sent because the document lists the field as required
            enrollmentRule: { kind: 'once' },
            steps: steps.map((step, index) => ({
              kind: 'step' as const,
              id: `step-${index + 1}`,
              type: step.type,
              name: step.name,
              delay: { amount: step.delayAmount, unit: step.delayUnit },
              ...(step.identityId ? { identityId: step.identityId } : {}),
              ...(EMAIL_TYPES.includes(step.type) ? { subject: step.subject } : {}),
              body: step.body,
              sameThreadAsPrevious: false,
              skipTaskWhenOverdue: false,
            })),
          },
        }),
      );
      await queryClient.invalidateQueries({ queryKey: ['sequences'] });
      navigate(`/sequences/${created.id}/overview`);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={submit} aria-label="New sequence">
      <Title order={1} mb="md">
        New sequence
      </Title>
      <Stack>
        <Group align="flex-end">
          <TextInput label="Name" required value={name} onChange={(e) => setName(e.currentTarget.value)} w={360} />
          <Switch
            label="Open tracking"
            checked={openTracking}
            onChange={(e) => setOpenTracking(e.currentTarget.checked)}
          />
        </Group>
        {steps.map((step, index) => {
          const channel = CHANNEL_OF[step.type];
          const senders = (identities.data?.items ?? []).filter((identity) => identity.channel === channel);
          return (
            <Paper key={index} withBorder p="md" radius="md" component="fieldset" aria-label={`Step ${index + 1}`}>
              <Group justify="space-between">
                <Text fw={700} component="legend">
                  Step {index + 1}
                </Text>
                <Button
                  variant="default"
                  size="xs"
                  disabled={steps.length === 1}
                  onClick={() => setSteps((current) => current.filter((_, i) => i !== index))}
                >
                  Remove step {index + 1}
                </Button>
              </Group>
              <Group align="flex-end" mt="xs">
                <Select
                  label={`Step ${index + 1} type`}
                  data={Object.entries(STEP_TYPE_LABEL).map(([value, label]) => ({ value, label }))}
                  value={step.type}
                  onChange={(value) => value && update(index, { type: value as StepType, identityId: null })}
                  allowDeselect={false}
                  w={240}
                />
                <TextInput
                  label={`Step ${index + 1} name`}
                  required
                  value={step.name}
                  onChange={(e) => update(index, { name: e.currentTarget.value })}
                />
                {channel && (
                  <Select
                    label={`Step ${index + 1} sender`}
                    placeholder="Choose an identity"
                    data={senders.map((identity) => ({ value: identity.id, label: identity.address }))}
                    value={step.identityId}
                    onChange={(value) => update(index, { identityId: value })}
                    w={240}
                  />
                )}
                <NumberInput
                  label={`Step ${index + 1} delay`}
                  min={0}
                  value={step.delayAmount}
                  onChange={(value) => update(index, { delayAmount: Number(value) || 0 })}
                  w={100}
                />
                <Select
                  label={`Step ${index + 1} delay unit`}
                  data={['minutes', 'hours', 'days', 'business_days']}
                  value={step.delayUnit}
                  onChange={(value) => value && update(index, { delayUnit: value as DraftStep['delayUnit'] })}
                  allowDeselect={false}
                  w={150}
                />
              </Group>
              {EMAIL_TYPES.includes(step.type) && (
                <TextInput
                  mt="xs"
                  label={`Step ${index + 1} subject`}
                  value={step.subject}
                  onChange={(e) => update(index, { subject: e.currentTarget.value })}
                />
              )}
              <Textarea
                mt="xs"
                label={`Step ${index + 1} body`}
                description="Variables such as {{firstName}} are filled from each recipient"
                autosize
                minRows={2}
                value={step.body}
                onChange={(e) => update(index, { body: e.currentTarget.value })}
              />
            </Paper>
          );
        })}
        <Group>
          <Button variant="default" onClick={() => setSteps((current) => [...current, emptyStep()])}>
            Add step
          </Button>
          <Button type="submit" loading={busy}>
            Create draft
          </Button>
        </Group>
        {error && (
          <Alert color="red" role="alert" title="Not created">
            {error}
          </Alert>
        )}
      </Stack>
    </form>
  );
}
