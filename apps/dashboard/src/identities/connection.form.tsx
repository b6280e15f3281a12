import {
  Alert,
  Button,
  Fieldset,
  Group,
  NumberInput,
  Paper,
  PasswordInput,
  Select,
  Switch,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import type { IdentityDetail, LoginView, ServerView } from '../api/types';
import { updateIdentity, type UpdateIdentityBody } from './update-identity';

type Tls = ServerView['tls'];
type Connection = NonNullable<UpdateIdentityBody['connection']>;
type Login = Connection['smtp']['auth'];

interface ServerFields {
  host: string;
  port: number | string;
  tls: Tls;
  authType: 'password' | 'oauth2';
  username: string;
  provider: 'google' | 'microsoft';
  clientId: string;
  tokenUrl: string;
  // Write-only: never filled from the server, which only says "set".
  password: string;
  clientSecret: string;
  refreshToken: string;
}

function fieldsOf(server: ServerView | undefined, defaultPort: number): ServerFields {
  const auth: LoginView | undefined = server?.auth;
  return {
    host: server?.host ?? '',
    port: server?.port ?? defaultPort,
    tls: server?.tls ?? 'starttls',
    authType: auth?.type ?? 'password',
    username: auth?.username ?? '',
    provider: auth?.type === 'oauth2' ? auth.provider : 'google',
    clientId: auth?.type === 'oauth2' ? auth.clientId : '',
    tokenUrl: auth?.type === 'oauth2' ? (auth.tokenUrl ?? '') : '',
    password: '',
    clientSecret: '',
    refreshToken: '',
  };
}

function loginOf(f: ServerFields): Login {
  if (f.authType === 'password') return { type: 'password', username: f.username, password: f.password };
  return {
    type: 'oauth2',
    provider: f.provider,
    username: f.username,
    clientId: f.clientId,
    clientSecret: f.clientSecret,
    refreshToken: f.refreshToken,
    ...(f.tokenUrl ? { tokenUrl: f.tokenUrl } : {}),
  };
}

/**
 * The SMTP server to send through and the IMAP mailbox replies arrive in. Secrets go to the API and
 * never come back: a stored one shows as "set", and changing the connection means typing it again.
 */
export function ConnectionForm({ identity }: { identity: IdentityDetail }) {
  const queryClient = useQueryClient();
  const stored = identity.connection;
  const [smtp, setSmtp] = useState(() => fieldsOf(stored?.smtp, 587));
  const [withImap, setWithImap] = useState(Boolean(stored?.imap));
  const [imap, setImap] = useState(() => fieldsOf(stored?.imap, 993));
  const [mailbox, setMailbox] = useState(stored?.imap?.mailbox ?? 'INBOX');
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);

  async function save(connection: Connection | null) {
    setError(null);
    setSaved(false);
    try {
      await updateIdentity(identity.id, { connection });
      // Typed secrets are not kept in the page once stored: the server only says "set" from now on.
      const forget = (f: ServerFields) => ({ ...f, password: '', clientSecret: '', refreshToken: '' });
      setSmtp(forget);
      setImap(forget);
      setSaved(true);
      await queryClient.invalidateQueries({ queryKey: ['identities'] });
    } catch (e) {
      setError((e as Error).message);
    }
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    void save({
      smtp: { host: smtp.host, port: Number(smtp.port), tls: smtp.tls, auth: loginOf(smtp) },
      ...(withImap
        ? { imap: { host: imap.host, port: Number(imap.port), tls: imap.tls, auth: loginOf(imap), mailbox } }
        : {}),
    });
  }

  return (
    <Paper withBorder p="md" radius="md" component="form" onSubmit={submit} aria-labelledby="connection-title">
      <Title order={2} size="h3" id="connection-title" mb="sm">
        Connection
      </Title>
      <Text size="sm" mb="sm">
        {stored
          ? `Sends through ${stored.smtp.host}:${stored.smtp.port}${stored.imap ? `, replies read from ${stored.imap.host}:${stored.imap.port}` : ''} (revision ${stored.revision}).`
          : 'No connection: this identity sends through the shared relay.'}
      </Text>
      <ServerFieldset legend="SMTP (sending)" prefix="SMTP" value={smtp} onChange={setSmtp} stored={stored?.smtp} />
      <Switch
        mt="md"
        label="Read replies over IMAP"
        checked={withImap}
        onChange={(e) => setWithImap(e.currentTarget.checked)}
      />
      {withImap && (
        <>
          <ServerFieldset legend="IMAP (replies)" prefix="IMAP" value={imap} onChange={setImap} stored={stored?.imap} />
          <TextInput label="IMAP mailbox" mt="sm" value={mailbox} onChange={(e) => setMailbox(e.currentTarget.value)} />
        </>
      )}
      <Group mt="md">
        <Button type="submit">Save connection</Button>
        {stored && (
          <Button type="button" variant="outline" color="red.9" onClick={() => void save(null)}>
            Remove connection
          </Button>
        )}
        {saved && (
          <Text role="status" c="teal.9">
            Connection saved; channel-email verifies it now
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

function ServerFieldset(props: {
  legend: string;
  prefix: string;
  value: ServerFields;
  onChange: (value: ServerFields) => void;
  stored: ServerView | undefined;
}) {
  const { legend, prefix, value, onChange, stored } = props;
  const set = <K extends keyof ServerFields>(key: K, v: ServerFields[K]) => onChange({ ...value, [key]: v });
  const secretHint = (name: 'password' | 'clientSecret' | 'refreshToken') => {
    const auth = stored?.auth as Record<string, unknown> | undefined;
    return auth?.[name] === 'set' ? 'Set (not shown). Type it again to save a change.' : undefined;
  };
  return (
    <Fieldset legend={legend} mt="sm">
      <Group align="flex-end">
        <TextInput
          label={`${prefix} host`}
          required
          value={value.host}
          onChange={(e) => set('host', e.currentTarget.value)}
        />
        <NumberInput
          label={`${prefix} port`}
          required
          min={1}
          max={65535}
          value={value.port}
          onChange={(v) => set('port', v)}
          w={120}
        />
        <Select
          label={`${prefix} TLS`}
          data={[
            { value: 'implicit', label: 'TLS (implicit)' },
            { value: 'starttls', label: 'STARTTLS' },
            { value: 'none', label: 'None (local relay)' },
          ]}
          value={value.tls}
          onChange={(v) => set('tls', (v ?? 'starttls') as Tls)}
          allowDeselect={false}
          w={180}
        />
      </Group>
      <Group align="flex-end" mt="sm">
        <Select
          label={`${prefix} login`}
          data={[
            { value: 'password', label: 'Password' },
            { value: 'oauth2', label: 'OAuth2 refresh token' },
          ]}
          value={value.authType}
          onChange={(v) => set('authType', (v ?? 'password') as ServerFields['authType'])}
          allowDeselect={false}
          w={200}
        />
        <TextInput
          label={`${prefix} username`}
          required
          value={value.username}
          onChange={(e) => set('username', e.currentTarget.value)}
        />
        {value.authType === 'password' && (
          <PasswordInput
            label={`${prefix} password`}
            description={secretHint('password')}
            required
            autoComplete="new-password"
            value={value.password}
            onChange={(e) => set('password', e.currentTarget.value)}
          />
        )}
      </Group>
      {value.authType === 'oauth2' && (
        <Group align="flex-end" mt="sm">
          <Select
            label={`${prefix} provider`}
            data={[
              { value: 'google', label: 'Google Workspace' },
              { value: 'microsoft', label: 'Microsoft 365' },
            ]}
            value={value.provider}
            onChange={(v) => set('provider', (v ?? 'google') as ServerFields['provider'])}
            allowDeselect={false}
          />
          <TextInput
            label={`${prefix} client id`}
            required
            value={value.clientId}
            onChange={(e) => set('clientId', e.currentTarget.value)}
          />
          <PasswordInput
            label={`${prefix} client secret`}
            description={secretHint('clientSecret')}
            required
            autoComplete="new-password"
            value={value.clientSecret}
            onChange={(e) => set('clientSecret', e.currentTarget.value)}
          />
          <PasswordInput
            label={`${prefix} refresh token`}
            description={secretHint('refreshToken')}
            required
            autoComplete="new-password"
            value={value.refreshToken}
            onChange={(e) => set('refreshToken', e.currentTarget.value)}
          />
          <TextInput
            label={`${prefix} token URL`}
            description="Empty: the provider's own"
            value={value.tokenUrl}
            onChange={(e) => set('tokenUrl', e.currentTarget.value)}
          />
        </Group>
      )}
    </Fieldset>
  );
}
