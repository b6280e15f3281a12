import {
  Alert,
  Button,
  Checkbox,
  Group,
  NumberInput,
  Paper,
  Switch,
  Text,
  TextInput,
  Textarea,
  Title,
} from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import type { IdentityDetail } from '../api/types';
import { updateIdentity } from './update-identity';

const DAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

const limit = (value: number | string): number | null => (typeof value === 'number' ? value : null);

/** Limits, time zone, working hours and holidays: everything enrollment schedules sends by. */
export function IdentitySettingsForm({ identity }: { identity: IdentityDetail }) {
  const queryClient = useQueryClient();
  const hours = identity.workingHours;
  const [displayName, setDisplayName] = useState(identity.displayName ?? '');
  const [timezone, setTimezone] = useState(identity.timezone);
  const [hourly, setHourly] = useState<number | string>(identity.hourlyLimit ?? '');
  const [daily, setDaily] = useState<number | string>(identity.dailyLimit ?? '');
  const [weekly, setWeekly] = useState<number | string>(identity.weeklyLimit ?? '');
  const [restricted, setRestricted] = useState(hours !== null);
  const [days, setDays] = useState<string[]>((hours?.days ?? [1, 2, 3, 4, 5]).map(String));
  const [start, setStart] = useState(hours?.start ?? '09:00');
  const [end, setEnd] = useState(hours?.end ?? '17:00');
  const [holidays, setHolidays] = useState((hours?.holidays ?? []).join('\n'));
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    setSaved(false);
    const holidayList = holidays
      .split(/[\s,]+/)
      .map((d) => d.trim())
      .filter(Boolean);
    try {
      await updateIdentity(identity.id, {
        displayName: displayName.trim() === '' ? null : displayName,
        timezone,
        hourlyLimit: limit(hourly),
        dailyLimit: limit(daily),
        weeklyLimit: limit(weekly),
        workingHours: restricted
          ? { days: days.map(Number).sort(), start, end, ...(holidayList.length ? { holidays: holidayList } : {}) }
          : null,
      });
      setSaved(true);
      await queryClient.invalidateQueries({ queryKey: ['identities'] });
    } catch (e) {
      setError((e as Error).message);
    }
  }

  return (
    <Paper withBorder p="md" radius="md" component="form" onSubmit={submit} aria-labelledby="settings-title">
      <Title order={2} size="h3" id="settings-title" mb="sm">
        Limits and working hours
      </Title>
      <Group align="flex-end">
        <TextInput label="Display name" value={displayName} onChange={(e) => setDisplayName(e.currentTarget.value)} />
        <TextInput
          label="Time zone"
          description="IANA name, e.g. Europe/Berlin"
          required
          value={timezone}
          onChange={(e) => setTimezone(e.currentTarget.value)}
        />
      </Group>
      <Group align="flex-end" mt="sm">
        <NumberInput
          label="Hourly limit"
          description="Empty: no limit"
          min={1}
          value={hourly}
          onChange={setHourly}
          w={150}
        />
        <NumberInput
          label="Daily limit"
          description="Empty: no limit"
          min={1}
          value={daily}
          onChange={setDaily}
          w={150}
        />
        <NumberInput
          label="Weekly limit"
          description="Empty: no limit"
          min={1}
          value={weekly}
          onChange={setWeekly}
          w={150}
        />
      </Group>
      <Switch
        mt="md"
        label="Send only during working hours"
        checked={restricted}
        onChange={(e) => setRestricted(e.currentTarget.checked)}
      />
      {restricted && (
        <>
          <Checkbox.Group label="Working days" value={days} onChange={setDays} mt="sm">
            <Group mt={4}>
              {DAYS.map((day, i) => (
                <Checkbox key={day} value={String(i + 1)} label={day} />
              ))}
            </Group>
          </Checkbox.Group>
          <Group mt="sm" align="flex-end">
            <TextInput label="From (HH:MM)" value={start} onChange={(e) => setStart(e.currentTarget.value)} w={130} />
            <TextInput label="Until (HH:MM)" value={end} onChange={(e) => setEnd(e.currentTarget.value)} w={130} />
          </Group>
          <Textarea
            mt="sm"
            label="Holidays"
            description="Dates off, YYYY-MM-DD, one per line"
            autosize
            minRows={2}
            value={holidays}
            onChange={(e) => setHolidays(e.currentTarget.value)}
          />
        </>
      )}
      <Group mt="md">
        <Button type="submit">Save limits and hours</Button>
        {saved && (
          <Text role="status" c="teal.9">
            Saved
          </Text>
        )}
      </Group>
      {error && (
        <Alert color="red" mt="sm" role="alert">
          {error}
        </Alert>
      )}
    </Paper>
  );
}
