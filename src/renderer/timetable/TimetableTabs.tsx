import { Tabs } from '@mantine/core';
import { useLocation } from 'wouter';
import type { SessionUser } from '../../shared/auth/schemas';

const ADMINISTRATION = ['deputy', 'director', 'inspector'] as const;

export function seesChanges(user: SessionUser): boolean {
  return user.roles.some((r) => (ADMINISTRATION as readonly string[]).includes(r));
}

/** The three screens of the section: the week, one day's changes, the month's register. */
export function TimetableTabs({
  user,
  active,
}: {
  user: SessionUser;
  active: 'timetable' | 'day' | 'register';
}) {
  const [, navigate] = useLocation();
  if (!seesChanges(user)) return null;
  return (
    <Tabs
      value={active}
      onChange={(v) => v && navigate(v === 'timetable' ? '/timetable' : `/timetable/${v}`)}
    >
      <Tabs.List>
        <Tabs.Tab value="timetable">Расписание</Tabs.Tab>
        <Tabs.Tab value="day">Замены</Tabs.Tab>
        <Tabs.Tab value="register">Журнал замен</Tabs.Tab>
      </Tabs.List>
    </Tabs>
  );
}
