import { Alert, Button, Group, Paper, Text, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { enrollmentApi, read } from '../api/client';
import type { IdentityDetail } from '../api/types';

/** Two clicks to delete; enrollment refuses (409) while a running sequence sends from it, naming it. */
export function DeleteIdentity({ identity }: { identity: IdentityDetail }) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function remove() {
    setError(null);
    try {
      await read(
        enrollmentApi.DELETE('/v1/identities/{identityId}', { params: { path: { identityId: identity.id } } }),
      );
      await queryClient.invalidateQueries({ queryKey: ['identities'] });
      void navigate('/identities');
    } catch (e) {
      setError((e as Error).message);
      setConfirming(false);
    }
  }

  return (
    <Paper withBorder p="md" radius="md" component="section" aria-labelledby="delete-title">
      <Title order={2} size="h3" id="delete-title" mb="sm">
        Delete
      </Title>
      {confirming ? (
        <Group>
          <Text>Delete {identity.address}? Its connection is removed too.</Text>
          <Button color="red.9" onClick={() => void remove()}>
            Yes, delete
          </Button>
          <Button variant="default" onClick={() => setConfirming(false)}>
            Cancel
          </Button>
        </Group>
      ) : (
        <Button color="red.9" variant="outline" onClick={() => setConfirming(true)}>
          Delete identity
        </Button>
      )}
      {error && (
        <Alert color="red" mt="sm" role="alert" title="Not deleted">
          {error}
        </Alert>
      )}
    </Paper>
  );
}
