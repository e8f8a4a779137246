import { Loader, Stack, Tabs, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import type { Call } from '../api/client';
import { FamiliesTab } from './FamiliesTab';
import { PaperDiaryTab, SlipSettingsTab } from './OtherTabs';
import { StaffTab } from './StaffTab';

/** The «Пользователи» section: staff, classes with their families, the paper diary, slip settings. */
export function AccountsScreen({ call }: { call: Call }) {
  const me = useQuery({ queryKey: ['auth.me'], queryFn: () => call('auth.me', {}) });
  if (me.isPending) return <Loader aria-label="Загрузка" />;
  const admin = me.data?.roles.includes('admin') ?? false;
  return (
    <Stack>
      <Title order={2}>Пользователи</Title>
      <Tabs defaultValue="staff" keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="staff">Сотрудники</Tabs.Tab>
          {admin && <Tabs.Tab value="families">Ученики и родители</Tabs.Tab>}
          {admin && <Tabs.Tab value="paper">Получают дневник на бумаге</Tabs.Tab>}
          {admin && <Tabs.Tab value="settings">Листки с паролями</Tabs.Tab>}
        </Tabs.List>
        <Tabs.Panel value="staff" pt="md">
          <StaffTab call={call} canEdit={admin} myId={me.data?.id ?? 0} />
        </Tabs.Panel>
        {admin && (
          <>
            <Tabs.Panel value="families" pt="md">
              <FamiliesTab call={call} />
            </Tabs.Panel>
            <Tabs.Panel value="paper" pt="md">
              <PaperDiaryTab call={call} />
            </Tabs.Panel>
            <Tabs.Panel value="settings" pt="md">
              <SlipSettingsTab call={call} />
            </Tabs.Panel>
          </>
        )}
      </Tabs>
    </Stack>
  );
}
