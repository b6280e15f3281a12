import { Alert, Button, Container, Paper, PasswordInput, Stack, Text, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router-dom';
import { saveApiKey, signOut } from './session';

/** Signs in with a tenant API key: kept only if enrollment accepts it, so a typo never looks signed in. */
export function SignInPage() {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [key, setKey] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    const response = await fetch('/api/enrollment/v1/sequences', { headers: { 'x-api-key': key.trim() } });
    setBusy(false);
    if (response.status === 401) return setError('This API key is not known. Check it and try again.');
    if (!response.ok) return setError(`The enrollment service answered ${response.status}. Try again shortly.`);
    signOut();
    queryClient.clear();
    saveApiKey(key.trim());
    navigate('/sequences');
  }

  return (
    <Container size={420} py={80} component="main">
      <Title order={1} ta="center">
        Stepwise
      </Title>
      <Text c="dimmed" ta="center" mb="lg">
        Sign in with your team&apos;s API key
      </Text>
      <Paper withBorder p="lg" radius="md" component="form" onSubmit={submit}>
        <Stack>
          <PasswordInput
            label="Tenant API key"
            description="Kept in this browser tab only"
            required
            value={key}
            onChange={(e) => setKey(e.currentTarget.value)}
            autoComplete="off"
          />
          {error && (
            <Alert color="red" role="alert" title="Not signed in">
              {error}
            </Alert>
          )}
          <Button type="submit" loading={busy}>
            Sign in
          </Button>
        </Stack>
      </Paper>
    </Container>
  );
}
