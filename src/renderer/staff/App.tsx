import { AppShell, Button, Group, NavLink, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { Link, Route, Router, Switch, useLocation } from 'wouter';
import { useHashLocation } from 'wouter/use-hash-location';
import { ROLE_TITLES } from '../../shared/auth/roles';
import type { SessionUser } from '../../shared/auth/schemas';
import { createClient, tokenStore } from '../api/client';
import { SessionGate } from '../auth/SessionGate';
import { watchConnection } from '../common/connection';
import type { StaffSection } from '../common/section';
import { OfflineSaves } from '../offline/OfflineSaves';
import { SetupGate } from '../setup/SetupGate';
import { STAFF_POLL_MS, useLiveRefresh } from '../sync/useLiveRefresh';
import { STAFF_SECTIONS } from './sections';

const tokens = tokenStore('journal.staff.token');
const call = watchConnection(createClient(tokens));

/** The staff application: the first run of a new journal, login, then the screens of the user's roles. */
export function StaffApp() {
  return (
    <SetupGate call={call}>
      <SessionGate call={call} tokens={tokens} title="Школьный журнал">
        {(user, logout) => <Shell user={user} logout={logout} />}
      </SessionGate>
    </SetupGate>
  );
}

function Shell({ user, logout }: { user: SessionUser; logout(): Promise<void> }) {
  useLiveRefresh(call, STAFF_POLL_MS);
  const sections = STAFF_SECTIONS.filter((section) => section.visibleTo(user));
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
              <Button
                variant="default"
                size="xs"
                // The next person at a shared computer starts on their own start page, not on the
                // previous one's screen (which their roles may not have: «Такой страницы нет»), nor sees the
                // previous one's messages (e.g. «Напечатано: 2 листка»).
                onClick={() =>
                  void logout().then(() => {
                    notifications.clean();
                    window.location.replace('#/');
                  })
                }
              >
                Выйти
              </Button>
            </Group>
          </Group>
        </AppShell.Header>
        <AppShell.Navbar p="xs" aria-label="Разделы">
          <Nav sections={sections} />
        </AppShell.Navbar>
        <AppShell.Main>
          <OfflineSaves call={call} user={user} />
          <Switch>
            {sections.flatMap((section) =>
              section.routes.map((route) => (
                <Route key={`${section.title} ${route.path}`} path={route.path}>
                  {(params) => route.render({ call, params })}
                </Route>
              )),
            )}
            <Route>
              <Text>
                {sections.length === 0
                  ? 'Разделы администратора (пользователи, резервные копии) появятся в следующих версиях.'
                  : 'Такой страницы нет. Выберите раздел слева.'}
              </Text>
            </Route>
          </Switch>
        </AppShell.Main>
      </AppShell>
    </Router>
  );
}

function Nav({ sections }: { sections: readonly StaffSection[] }) {
  const [location] = useLocation();
  // '/' is served by the first section with a '/' route (the user's landing page): mark it as there.
  const landing = sections.find((section) => section.routes.some((route) => route.path === '/'));
  const isIn = (section: StaffSection) =>
    location === section.home ||
    (location === '/' && section === landing) ||
    (section.owns ?? []).some((prefix) => location.startsWith(prefix));
  return sections.map((section) => (
    <NavLink
      key={section.title}
      component={Link}
      href={section.home}
      label={section.title}
      active={isIn(section)}
    />
  ));
}
