import { AppShell, Button, Center, Group, Loader, NavLink, Text, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { Link, Route, Router, Switch, useLocation } from 'wouter';
import { useHashLocation } from 'wouter/use-hash-location';
import { ROLE_TITLES } from '../../shared/domain/roles';
import { createClient, tokenStore } from '../api/client';
import { ChangePasswordScreen } from '../common/ChangePasswordScreen';
import { LoginScreen } from '../common/LoginScreen';
import { useSession } from '../common/useSession';
import { JournalScreen } from './journal/JournalScreen';
import { LoadsScreen } from './LoadsScreen';

const tokens = tokenStore('journal.staff.token');
const call = createClient(tokens);

/** The staff application: login, then the screens of the user's roles. */
export function StaffApp() {
  const queryClient = useQueryClient();
  const session = useSession(call, tokens);
  if (session.loading) {
    return (
      <Center h="100%">
        <Loader aria-label="Загрузка" />
      </Center>
    );
  }
  if (!session.user) {
    return (
      <LoginScreen
        call={call}
        title="Школьный журнал"
        onLoggedIn={(r) => {
          queryClient.setQueryData(['auth.me', r.token], r.user);
          tokens.set(r.token);
        }}
      />
    );
  }
  if (session.user.mustChangePassword)
    return <ChangePasswordScreen call={call} onDone={() => void session.refetch()} />;

  const readsJournal = session.user.roles.some((r) => r !== 'admin');
  async function logout() {
    try {
      await call('auth.logout', {});
    } finally {
      tokens.set(null);
      queryClient.clear();
    }
  }
  return (
    <Router hook={useHashLocation}>
      <AppShell header={{ height: 56 }} navbar={{ width: 200, breakpoint: 0 }} padding="md">
        <AppShell.Header>
          <Group h="100%" px="md" justify="space-between">
            <Title order={4}>Школьный журнал</Title>
            <Group>
              <Text size="sm">
                {session.user.name} · {session.user.roles.map((r) => ROLE_TITLES[r]).join(', ')}
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
