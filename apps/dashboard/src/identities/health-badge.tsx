import { Badge } from '@mantine/core';

/** The login state channel-email reported for the identity (enrollment mirrors it as authState). */
export function HealthBadge({ authState }: { authState: string }) {
  const ok = authState === 'ok';
  return (
    <Badge color={ok ? 'teal.9' : 'red.9'} variant="filled">
      {ok ? 'Connected' : `Needs reconnect (${authState})`}
    </Badge>
  );
}
