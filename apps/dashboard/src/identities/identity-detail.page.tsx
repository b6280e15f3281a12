import { Alert, Anchor, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { Link, useParams } from 'react-router-dom';
import { useIdentity } from '../api/queries';
import { ConnectionForm } from './connection.form';
import { DeleteIdentity } from './delete-identity';
import { HealthBadge } from './health-badge';
import { IdentitySettingsForm } from './identity-settings.form';
import { VerifyPanel } from './verify-panel';

const CHANNELS: Record<string, string> = { email: 'Email', sms: 'SMS', social: 'LinkedIn' };

/** One sender identity: its health, limits and hours, connection, verification, and deletion. */
export function IdentityDetailPage() {
  const { identityId = '' } = useParams();
  const identity = useIdentity(identityId);
  return (
    <>
      <Anchor component={Link} to="/identities">
        ← All identities
      </Anchor>
      {identity.isPending && <Loader aria-label="Loading identity" />}
      {identity.error && (
        <Alert color="red" role="alert">
          {identity.error.message}
        </Alert>
      )}
      {identity.data && (
        <Stack mt="sm">
          <Group>
            <Title order={1}>{identity.data.address}</Title>
            <HealthBadge authState={identity.data.authState} />
          </Group>
          <Text>
            {CHANNELS[identity.data.channel] ?? identity.data.channel}
            {identity.data.displayName ? ` · ${identity.data.displayName}` : ''}
          </Text>
          <IdentitySettingsForm identity={identity.data} />
          {identity.data.channel === 'email' && (
            <>
              <ConnectionForm identity={identity.data} />
              <VerifyPanel identity={identity.data} />
            </>
          )}
          <DeleteIdentity identity={identity.data} />
        </Stack>
      )}
    </>
  );
}
