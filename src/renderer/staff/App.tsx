import { AppShell, Button, Group, NavLink, Text, Title } from '@mantine/core';
import { Link, Route, Router, Switch, useLocation } from 'wouter';
import { useHashLocation } from 'wouter/use-hash-location';
import { ROLE_TITLES } from '../../shared/auth/roles';
import type { SessionUser } from '../../shared/auth/schemas';
import { createClient, tokenStore } from '../api/client';
import { SessionGate } from '../auth/SessionGate';
import { JournalScreen } from '../journal/JournalScreen';
import { LoadsScreen } from '../journal/LoadsScreen';
import { STAFF_POLL_MS, useLiveRefresh } from '../sync/useLiveRefresh';

const tokens = tokenStore('journal.staff.token');
const call = createClient(tokens);

/** The staff application: login, then the screens of the user's roles. */
export function StaffApp() {
  return (
    <SessionGate call={call} tokens={tokens} title="Школьный журнал">
      {(user, logout) => <Shell user={user} logout={logout} />}
    </SessionGate>
  );
}

function Shell({ user, logout }: { user: SessionUser; logout(): Promise<void> }) {
  useLiveRefresh(call, STAFF_POLL_MS);
  const readsJournal = user.roles.some((r) => r !== 'admin');
  return (
    <Router hook={useHashLocation}>
      <AppShell header={{ height: 56 }} navbar={{ width: 200, breakpoint: 0 }} padding="md">
        <AppShell.Header>
          <Group h="100%" px="md" justify="space-between">
            <Title order={4}>Школьный журнал</Title>
            <Group>
              <Text size="sm">
                {user.name} · {user.roles.map((r) => ROLE_TITLES[r]).join(', ')}
              </Text>
              <Button variant="default" size="xs" onClick={() => void logout()}>
                Выйти
              </Button>
            </Group>
          </Group>
        </AppShell.Header>
        <AppShell.Navbar p="xs" aria-label="Разделы">
          <Nav readsJournal={readsJournal} />
        </AppShell.Navbar>
        <AppShell.Main>
          <Switch>
            <Route path="/journal/:loadId">
              {(p) => <JournalScreen key={p.loadId} call={call} loadId={Number(p.loadId)} />}
            </Route>
            <Route>
              {readsJournal ? (
                <LoadsScreen call={call} />
              ) : (
                <Text>
                  Разделы администратора (пользователи, резервные копии) появятся в следующих версиях.
                </Text>
              )}
            </Route>
          </Switch>
        </AppShell.Main>
      </AppShell>
    </Router>
  );
}

function Nav({ readsJournal }: { readsJournal: boolean }) {
  const [location] = useLocation();
  if (!readsJournal) return null;
  return (
    <NavLink
      component={Link}
      href="/"
      label="Журнал"
      active={location === '/' || location.startsWith('/journal')}
    />
  );
}
