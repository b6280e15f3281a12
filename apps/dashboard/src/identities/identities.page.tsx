import {
  Alert,
  Anchor,
  Button,
  Group,
  Loader,
  NumberInput,
  Paper,
  Select,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router-dom';
import { enrollmentApi, read } from '../api/client';
import { useIdentities } from '../api/queries';
import type { Identity } from '../api/types';
import { HealthBadge } from './health-badge';

const DAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

/** Sender identities with their limits, working hours, holidays and health. */
export function IdentitiesPage() {
  const identities = useIdentities();
  return (
    <>
      <Title order={1} mb="md">
        Sender identities
      </Title>
      <CreateIdentity />
      {identities.isPending && <Loader aria-label="Loading identities" />}
      {identities.error && <Alert color="red">{identities.error.message}</Alert>}
      {identities.data && (
        <Table striped mt="md" aria-label="Identities">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Channel</Table.Th>
              <Table.Th>Address</Table.Th>
              <Table.Th>Time zone</Table.Th>
              <Table.Th>Limits (hour / day / week)</Table.Th>
              <Table.Th>Working hours</Table.Th>
              <Table.Th>Holidays</Table.Th>
              <Table.Th>Health</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {identities.data.items.map((identity) => (
              <Table.Tr key={identity.id}>
                <Table.Td>{identity.channel}</Table.Td>
                <Table.Td>
                  <Anchor component={Link} to={`/identities/${identity.id}`}>
                    {identity.address}
                  </Anchor>
                  {identity.displayName ? ` (${identity.displayName})` : ''}
                </Table.Td>
                <Table.Td>{identity.timezone}</Table.Td>
                <Table.Td>
                  {[identity.hourlyLimit, identity.dailyLimit, identity.weeklyLimit].map((l) => l ?? '–').join(' / ')}
                </Table.Td>
                <Table.Td>{workingHours(identity)}</Table.Td>
                <Table.Td>{identity.workingHours?.holidays?.join(', ') || '–'}</Table.Td>
                <Table.Td>
                  <HealthBadge authState={identity.authState} />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {identities.data?.items.length === 0 && <Text mt="md">No sender identity yet.</Text>}
    </>
  );
}

function workingHours(identity: Identity): string {
  const hours = identity.workingHours;
  if (!hours) return 'Any time';
  return `${hours.days.map((d) => DAYS[d - 1]).join(', ')} ${hours.start}–${hours.end}`;
}

function CreateIdentity() {
  const queryClient = useQueryClient();
  const [channel, setChannel] = useState<string | null>('email');
  const [address, setAddress] = useState('');
  const [timezone, setTimezone] = useState('UTC');
  const [dailyLimit, setDailyLimit] = useState<number | string>('');
  const [error, setError] = useState<string | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    try {
      await read(
        enrollmentApi.POST('/v1/identities', {
          body: {
            channel: channel as 'email' | 'sms' | 'social',
            address,
            timezone,
            ...(typeof dailyLimit === 'number' ? { dailyLimit } : {}),
          },
        }),
      );
      setAddress('');
      await queryClient.invalidateQueries({ queryKey: ['identities'] });
    } catch (e) {
      setError((e as Error).message);
    }
  }

  return (
    <Paper withBorder p="md" radius="md" component="form" onSubmit={submit} aria-label="Add an identity">
      <Group align="flex-end">
        <Select
          label="Channel"
          data={[
            { value: 'email', label: 'Email' },
            { value: 'sms', label: 'SMS' },
            { value: 'social', label: 'LinkedIn' },
          ]}
          value={channel}
          onChange={setChannel}
          allowDeselect={false}
          w={140}
        />
        <TextInput label="Address" required value={address} onChange={(e) => setAddress(e.currentTarget.value)} />
        <TextInput label="Time zone" value={timezone} onChange={(e) => setTimezone(e.currentTarget.value)} />
        <NumberInput label="Daily limit" min={1} value={dailyLimit} onChange={setDailyLimit} w={120} />
        <Button type="submit">Add identity</Button>
      </Group>
      {error && (
        <Alert color="red" mt="sm" role="alert">
          {error}
        </Alert>
      )}
    </Paper>
  );
}
