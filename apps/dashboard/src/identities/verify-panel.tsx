import { Alert, Button, Group, List, Paper, Text, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { enrollmentApi, read } from '../api/client';
import type { ConnectionCheck, IdentityDetail, Verification, VerifyAnswer } from '../api/types';

/**
 * Asks channel-email to log in with the stored connection. Its answer, per protocol, is written for
 * the recruiter (what failed and what to change); a 202 means it has not answered yet, and the
 * identity's lastVerification shows the answer once it arrives.
 */
export function VerifyPanel({ identity }: { identity: IdentityDetail }) {
  const queryClient = useQueryClient();
  const [busy, setBusy] = useState(false);
  const [pending, setPending] = useState(false);
  const [answered, setAnswered] = useState<Verification | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function verify() {
    setBusy(true);
    setError(null);
    setPending(false);
    setAnswered(null);
    try {
      const answer = await read<VerifyAnswer>(
        enrollmentApi.POST('/v1/identities/{identityId}/verify', { params: { path: { identityId: identity.id } } }),
      );
      setPending(answer.status === 'pending');
      if (answer.result) setAnswered(answer.result);
      await queryClient.invalidateQueries({ queryKey: ['identities'] });
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  }

  // This click's answer first: the stored one may still be the check that ran when the connection was saved.
  const last = answered ?? identity.lastVerification;
  return (
    <Paper withBorder p="md" radius="md" component="section" aria-labelledby="verify-title">
      <Title order={2} size="h3" id="verify-title" mb="sm">
        Verification
      </Title>
      <Group>
        <Button onClick={() => void verify()} loading={busy} disabled={!identity.connection}>
          Verify connection
        </Button>
        {!identity.connection && <Text size="sm">Save a connection first.</Text>}
      </Group>
      <div aria-live="polite">
        {pending && (
          <Text mt="sm" role="status">
            Channel-email has not answered yet; the result appears here when it does.
          </Text>
        )}
        {last && <VerificationResult verification={last} />}
      </div>
      {error && (
        <Alert color="red" mt="sm" role="alert">
          {error}
        </Alert>
      )}
    </Paper>
  );
}

function VerificationResult({ verification }: { verification: Verification }) {
  return (
    <section aria-label="Last verification" data-verification-id={verification.id}>
      <Text mt="sm" fw={600}>
        Last checked {new Date(verification.checkedAt).toLocaleString()}: {verification.ok ? 'all good' : 'a problem'}
      </Text>
      <List mt={4} spacing={4}>
        <CheckItem name="SMTP" check={verification.smtp} />
        {verification.imap && <CheckItem name="IMAP" check={verification.imap} />}
      </List>
    </section>
  );
}

function CheckItem({ name, check }: { name: string; check: ConnectionCheck }) {
  return (
    <List.Item>
      <Text span fw={600} c={check.ok ? 'teal.9' : 'red.9'}>
        {name}: {check.ok ? 'login works' : 'failed'}
      </Text>
      {check.problem && <Text span>{` ${check.problem}`}</Text>}
    </List.Item>
  );
}
