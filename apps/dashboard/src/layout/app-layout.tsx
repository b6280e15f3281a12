import { AppShell, Button, Group, NavLink, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { Link, Outlet, useLocation, useNavigate } from 'react-router-dom';
import { signOut } from '../session/session';

const NAV = [
  { to: '/sequences', label: 'Sequences' },
  { to: '/stats', label: 'Campaign statistics' },
  { to: '/identities', label: 'Identities' },
];

export function AppLayout() {
  const location = useLocation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  return (
    <AppShell header={{ height: 56 }} navbar={{ width: 220, breakpoint: 'sm' }} padding="md">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between">
          <Title order={2} size="h4">
            Stepwise
          </Title>
          <Button
            variant="default"
            size="xs"
            onClick={() => {
              signOut();
              queryClient.clear();
              navigate('/sign-in');
            }}
          >
            Sign out
          </Button>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" component="nav" aria-label="Main">
        {NAV.map((item) => (
          <NavLink
            key={item.to}
            component={Link}
            to={item.to}
            label={item.label}
            active={
              location.pathname === item.to || (item.to === '/sequences' && location.pathname.startsWith('/sequences/'))
            }
          />
        ))}
      </AppShell.Navbar>
      <AppShell.Main>
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}
