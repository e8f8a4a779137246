import {
  Alert,
  Button,
  Group,
  Loader,
  Modal,
  SegmentedControl,
  Select,
  Stack,
  Switch,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { DateInput } from '@mantine/dates';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { AccountInfo, Consent, ConsentForm } from '../../shared/accounts/contract';
import { CONSENT_FORM_TITLES } from '../../shared/accounts/texts';
import type { Input } from '../../shared/api/contract';
import { formatDate, localIsoDate, parseRuDate } from '../../shared/i18n/dates';
import { fullName } from '../../shared/i18n/names';
import { countOf } from '../../shared/i18n/plural';
import type { Call } from '../api/client';
import { AccountBadge, errorText, usePrint, useRefresh, useSetDisabled } from './common';

/** A class picker, then the class's students and guardians with their accounts, consents and paper diary. */
export function FamiliesTab({ call }: { call: Call }) {
  const classes = useQuery({ queryKey: ['accounts.classes'], queryFn: () => call('accounts.classes', {}) });
  const [classId, setClassId] = useState<number | null>(null);
  if (classes.isPending) return <Loader aria-label="Загрузка" />;
  if (classes.isError)
    return (
      <Alert color="red" role="alert">
        {errorText(classes.error, 'Не удалось загрузить классы')}
      </Alert>
    );
  if (classes.data.classes.length === 0)
    return <Text>Классов этого учебного года ещё нет: их создаёт заместитель директора.</Text>;
  return (
    <Stack>
      <Select
        label={`Класс${classes.data.year ? ` (${classes.data.year} учебный год)` : ''}`}
        placeholder="Выберите класс"
        maw={420}
        searchable
        value={classId === null ? null : String(classId)}
        onChange={(v) => setClassId(v === null ? null : Number(v))}
        data={classes.data.classes.map((c) => ({
          value: String(c.id),
          label: `${c.name} — ${countOf(c.students, 'ученик', 'ученика', 'учеников')}${
            c.withoutAccount > 0 ? `, без учётной записи: ${c.withoutAccount}` : ''
          }${c.notIssued > 0 ? `, ждут листков: ${c.notIssued}` : ''}`,
        }))}
      />
      {classId !== null && <ClassFamilies call={call} classId={classId} />}
    </Stack>
  );
}

function ClassFamilies({ call, classId }: { call: Call; classId: number }) {
  const refresh = useRefresh();
  const families = useQuery({
    queryKey: ['accounts.classFamilies', classId],
    queryFn: () => call('accounts.classFamilies', { classId }),
  });
  const print = usePrint(call);
  const setDisabled = useSetDisabled(call);
  const create = useMutation({
    mutationFn: (input: Input<'accounts.createFamilyAccounts'>) =>
      call('accounts.createFamilyAccounts', input),
    onSuccess: (r) => {
      notifications.show({
        color: r.created.length > 0 ? 'green' : 'gray',
        title:
          r.created.length > 0
            ? `Создано: ${countOf(r.created.length, 'учётная запись', 'учётные записи', 'учётных записей')}`
            : 'Новых учётных записей нет',
        message: r.skipped.length > 0 ? r.skipped.map((s) => `${s.name}: ${s.reason}`).join('\n') : undefined,
      });
      void refresh();
    },
    onError: (e) =>
      notifications.show({ color: 'red', message: errorText(e, 'Не удалось создать учётные записи') }),
  });
  const [consentFor, setConsentFor] = useState<ConsentTarget | null>(null);
  const [paperFor, setPaperFor] = useState<{ guardianId: number; name: string } | null>(null);
  const paperOff = useMutation({
    mutationFn: (guardianId: number) => call('accounts.setPaperDiary', { guardianId, statementOn: null }),
    onSuccess: () => void refresh(),
    onError: (e) => notifications.show({ color: 'red', message: errorText(e, 'Не удалось сохранить') }),
  });

  if (families.isPending) return <Loader aria-label="Загрузка" />;
  if (families.isError)
    return (
      <Alert color="red" role="alert">
        {errorText(families.error, 'Не удалось загрузить класс')}
      </Alert>
    );
  const f = families.data;

  const actions = (
    account: AccountInfo,
    createInput: Input<'accounts.createFamilyAccounts'>,
    paper: boolean,
  ) => (
    <Group gap="xs" wrap="nowrap" justify="flex-end">
      {account.state === 'none' && !paper && (
        <Button size="compact-xs" variant="subtle" onClick={() => create.mutate(createInput)}>
          Создать
        </Button>
      )}
      {account.userId !== null && account.state !== 'disabled' && (
        <Button
          size="compact-xs"
          variant="subtle"
          onClick={() => {
            if (
              account.state === 'notIssued' ||
              window.confirm(
                'Сбросить пароль: будет напечатан новый временный пароль, старый перестанет действовать. Продолжить?',
              )
            )
              print.mutate({ target: 'person', userId: account.userId! });
          }}
        >
          {account.state === 'notIssued' ? 'Листок' : 'Сбросить пароль'}
        </Button>
      )}
      {account.userId !== null && (
        <Button
          size="compact-xs"
          variant="subtle"
          color={account.state === 'disabled' ? 'green' : 'red'}
          onClick={() =>
            setDisabled.mutate({ userId: account.userId!, disabled: account.state !== 'disabled' })
          }
        >
          {account.state === 'disabled' ? 'Включить' : 'Отключить'}
        </Button>
      )}
    </Group>
  );

  return (
    <Stack>
      <Group>
        <Button
          variant="default"
          loading={create.isPending}
          onClick={() => create.mutate({ target: 'class', classId })}
        >
          Создать недостающие учётные записи
        </Button>
        <Button loading={print.isPending} onClick={() => print.mutate({ target: 'class', classId })}>
          Листки и ведомость для {f.className} класса
        </Button>
      </Group>
      <Text size="sm" c="dimmed">
        Листки печатаются для тех, кто их ещё не получал; каждый листок содержит новый временный пароль.
      </Text>

      <Title order={4}>Ученики</Title>
      <Table striped fz="sm" aria-label="Ученики">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Ученик</Table.Th>
            <Table.Th>Логин</Table.Th>
            <Table.Th>Учётная запись</Table.Th>
            <Table.Th>Согласие на обработку ПДн</Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {f.students.map((s) => (
            <Table.Tr key={s.id}>
              <Table.Td>{fullName(s)}</Table.Td>
              <Table.Td>{s.account.login ?? '—'}</Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>
                {s.paperOnly && s.account.state === 'none' ? (
                  <Text size="sm">Дневник на бумаге</Text>
                ) : (
                  <AccountBadge account={s.account} />
                )}
              </Table.Td>
              <Table.Td>
                <ConsentCell
                  consent={s.consent}
                  onEdit={() =>
                    setConsentFor({ person: 'student', id: s.id, name: fullName(s), consent: s.consent })
                  }
                />
              </Table.Td>
              <Table.Td>{actions(s.account, { target: 'student', studentId: s.id }, s.paperOnly)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>

      <Title order={4}>Родители (законные представители)</Title>
      <Table striped fz="sm" aria-label="Родители">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Родитель</Table.Th>
            <Table.Th>Дети в классе</Table.Th>
            <Table.Th>Логин</Table.Th>
            <Table.Th>Учётная запись</Table.Th>
            <Table.Th>Согласие на обработку ПДн</Table.Th>
            <Table.Th>Дневник на бумаге</Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {f.guardians.map((g) => (
            <Table.Tr key={g.id}>
              <Table.Td>
                {fullName(g)}
                <Text size="xs" c="dimmed">
                  {[...new Set(g.children.map((c) => c.relation))].join(', ')}
                </Text>
              </Table.Td>
              <Table.Td>{g.children.map((c) => c.name).join(', ')}</Table.Td>
              <Table.Td>{g.account.login ?? '—'}</Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>
                <AccountBadge account={g.account} />
              </Table.Td>
              <Table.Td>
                <ConsentCell
                  consent={g.consent}
                  onEdit={() =>
                    setConsentFor({ person: 'guardian', id: g.id, name: fullName(g), consent: g.consent })
                  }
                />
              </Table.Td>
              <Table.Td>
                <Switch
                  aria-label={`Дневник на бумаге: ${fullName(g)}`}
                  checked={g.paperDiarySince !== null}
                  label={g.paperDiarySince ? `заявление от ${formatDate(g.paperDiarySince)}` : undefined}
                  onChange={(e) => {
                    if (e.currentTarget.checked) setPaperFor({ guardianId: g.id, name: fullName(g) });
                    else if (window.confirm(`${fullName(g)} снова пользуется электронным дневником?`))
                      paperOff.mutate(g.id);
                  }}
                />
              </Table.Td>
              <Table.Td>
                {actions(g.account, { target: 'guardian', guardianId: g.id }, g.paperDiarySince !== null)}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {consentFor && <ConsentDialog call={call} target={consentFor} onClose={() => setConsentFor(null)} />}
      {paperFor && <PaperDialog call={call} target={paperFor} onClose={() => setPaperFor(null)} />}
    </Stack>
  );
}

function ConsentCell({ consent, onEdit }: { consent: Consent; onEdit(): void }) {
  return (
    <Group gap="xs" wrap="nowrap">
      <Text size="sm">
        {consent ? `${formatDate(consent.givenOn)}, ${CONSENT_FORM_TITLES[consent.form]}` : 'нет'}
      </Text>
      <Button size="compact-xs" variant="subtle" onClick={onEdit}>
        {consent ? 'Изменить' : 'Записать'}
      </Button>
    </Group>
  );
}

interface ConsentTarget {
  person: 'student' | 'guardian';
  id: number;
  name: string;
  consent: Consent;
}

function ConsentDialog({ call, target, onClose }: { call: Call; target: ConsentTarget; onClose(): void }) {
  const refresh = useRefresh();
  const [givenOn, setGivenOn] = useState<string | null>(target.consent?.givenOn ?? null);
  const [form, setForm] = useState<ConsentForm>(target.consent?.form ?? 'paper');
  const save = useMutation({
    mutationFn: (consent: { givenOn: string; form: ConsentForm } | null) =>
      call(
        'accounts.setConsent',
        target.person === 'student'
          ? { person: 'student', studentId: target.id, consent }
          : { person: 'guardian', guardianId: target.id, consent },
      ),
    onSuccess: () => {
      void refresh();
      onClose();
    },
  });
  return (
    <Modal opened onClose={onClose} title={`Согласие на обработку персональных данных: ${target.name}`}>
      <Stack>
        {target.consent && (
          <Text size="sm" c="dimmed">
            Записал(а) {target.consent.recordedBy}{' '}
            {new Date(target.consent.recordedAt).toLocaleString('ru-RU')}
          </Text>
        )}
        <DateInput
          dateParser={(text) => parseRuDate(text)}
          label="Дата согласия"
          value={givenOn}
          onChange={setGivenOn}
          valueFormat="DD.MM.YYYY"
          placeholder="ДД.ММ.ГГГГ"
          maxDate={localIsoDate(new Date())}
        />
        <SegmentedControl
          value={form}
          onChange={(v) => setForm(v as ConsentForm)}
          data={[
            { value: 'paper', label: 'На бумаге' },
            { value: 'electronic', label: 'Электронно' },
          ]}
        />
        {save.isError && (
          <Alert color="red" role="alert">
            {errorText(save.error, 'Не удалось сохранить')}
          </Alert>
        )}
        <Group justify="space-between">
          {target.consent ? (
            <Button variant="subtle" color="red" onClick={() => save.mutate(null)} loading={save.isPending}>
              Согласие отозвано
            </Button>
          ) : (
            <span />
          )}
          <Group>
            <Button variant="default" onClick={onClose}>
              Отмена
            </Button>
            <Button
              disabled={!givenOn}
              loading={save.isPending}
              onClick={() => givenOn && save.mutate({ givenOn, form })}
            >
              Сохранить
            </Button>
          </Group>
        </Group>
      </Stack>
    </Modal>
  );
}

function PaperDialog({
  call,
  target,
  onClose,
}: {
  call: Call;
  target: { guardianId: number; name: string };
  onClose(): void;
}) {
  const refresh = useRefresh();
  const [statementOn, setStatementOn] = useState<string | null>(localIsoDate(new Date()));
  const save = useMutation({
    mutationFn: (date: string) =>
      call('accounts.setPaperDiary', { guardianId: target.guardianId, statementOn: date }),
    onSuccess: (r) => {
      if (r.disabledAccount)
        notifications.show({
          message: 'Учётная запись родителя отключена: дневник будет выдаваться на бумаге',
        });
      void refresh();
      onClose();
    },
  });
  return (
    <Modal opened onClose={onClose} title={`Отказ от электронного дневника: ${target.name}`}>
      <Stack>
        <Text size="sm">
          По письменному заявлению на имя директора семья получает дневник на бумаге. Учётная запись родителя
          не создаётся, а существующая отключается.
        </Text>
        <DateInput
          dateParser={(text) => parseRuDate(text)}
          label="Дата заявления"
          value={statementOn}
          onChange={setStatementOn}
          valueFormat="DD.MM.YYYY"
          maxDate={localIsoDate(new Date())}
        />
        {save.isError && (
          <Alert color="red" role="alert">
            {errorText(save.error, 'Не удалось сохранить')}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Отмена
          </Button>
          <Button
            disabled={!statementOn}
            loading={save.isPending}
            onClick={() => statementOn && save.mutate(statementOn)}
          >
            Сохранить
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
