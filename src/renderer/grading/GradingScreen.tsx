import {
  Alert,
  Badge,
  Button,
  Card,
  Checkbox,
  Group,
  Loader,
  Modal,
  NumberInput,
  Radio,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import type { Input } from '../../shared/api/contract';
import type { GradingSettings, WorkTypeRow } from '../../shared/grading/contract';
import { plural } from '../../shared/i18n/plural';
import { type GradingRules, ROUNDING_RULES, ROUNDING_TITLES, roundMark } from '../../shared/journal/grading';
import { type Call, CallError } from '../api/client';
import { checkInput, type FieldErrors } from '../common/form';

const KEY = ['grading.settings'];
const USE_KEY = ['grading.workTypeUse'];
const message = (e: unknown, fallback: string) => (e instanceof CallError ? e.message : fallback);
const number = (n: number) => String(n).replace('.', ',');
const marksCount = (n: number) =>
  `${n.toLocaleString('ru-RU')} ${plural(n, 'отметка', 'отметки', 'отметок')}`;

/** Whether the signed-in user edits the settings (the deputy); the director and the inspector only read them. */
function useCanWrite(call: Call): boolean {
  const me = useQuery({
    queryKey: ['auth.me', 'grading'],
    queryFn: () => call('auth.me', {}),
    staleTime: 60_000,
  });
  return me.data?.roles.includes('deputy') ?? false;
}

/**
 * The deputy's «Оценивание»: the school's work types and their weights, the mark scale, the rounding
 * of suggested period marks and the minimum of marks (domain-defaults §4). Read-only for the
 * director and the inspector.
 */
export function GradingScreen({ call }: { call: Call }) {
  const canWrite = useCanWrite(call);
  const settings = useQuery({ queryKey: KEY, queryFn: () => call('grading.settings', {}) });
  if (settings.isPending) return <Loader aria-label="Загрузка" />;
  if (settings.isError)
    return (
      <Alert color="red" role="alert">
        {message(settings.error, 'Не удалось загрузить настройки оценивания')}
      </Alert>
    );
  return (
    <Stack maw={1000}>
      <Title order={2}>Оценивание</Title>
      {!canWrite && (
        <Text c="dimmed">
          Настройки оценивания задаёт заместитель директора по УВР; здесь они только для просмотра.
        </Text>
      )}
      <WorkTypesCard call={call} settings={settings.data} canWrite={canWrite} />
      <RulesCard call={call} settings={settings.data} canWrite={canWrite} />
    </Stack>
  );
}

interface CardProps {
  call: Call;
  settings: GradingSettings;
  canWrite: boolean;
}

interface WorkTypeForm {
  id: number | null;
  name: string;
  weight: number | string;
  archived: boolean;
}

function WorkTypesCard({ call, settings, canWrite }: CardProps) {
  const client = useQueryClient();
  const [form, setForm] = useState<WorkTypeForm | null>(null);
  const [errors, setErrors] = useState<FieldErrors<'grading.saveWorkType'>>({});
  const [notice, setNotice] = useState<{ color: string; text: string } | null>(null);
  const useQ = useQuery({ queryKey: USE_KEY, queryFn: () => call('grading.workTypeUse', {}) });
  const use = new Map((useQ.data ?? []).map((u) => [u.workTypeId, u.marks]));
  const usedOf = (w: WorkTypeRow) => use.get(w.id) ?? 0;
  const refused = (e: unknown) => {
    // A stale screen: show what is there now.
    if (e instanceof CallError && e.code === 'CONFLICT') void client.invalidateQueries({ queryKey: KEY });
  };
  const save = useMutation({
    mutationFn: (input: Input<'grading.saveWorkType'>) => call('grading.saveWorkType', input),
    onSuccess: (s, input) => {
      client.setQueryData(KEY, s);
      setForm(null);
      setNotice({ color: 'green', text: `Вид работы «${input.name}» сохранён` });
    },
    onError: (e) => {
      refused(e);
      const field = e instanceof CallError ? e.field : undefined;
      setErrors(
        field === 'name' || field === 'weight'
          ? { [field]: e.message }
          : { form: message(e, 'Не удалось сохранить') },
      );
    },
  });
  const remove = useMutation({
    mutationFn: (w: WorkTypeRow) =>
      call('grading.removeWorkType', { expectedVersion: settings.version, id: w.id }),
    onSuccess: (r, w) => {
      client.setQueryData(KEY, r.settings);
      void client.invalidateQueries({ queryKey: USE_KEY });
      setNotice({
        color: 'green',
        text:
          r.outcome === 'deleted'
            ? `Вид работы «${w.name}» удалён`
            : `Вид работы «${w.name}» перенесён в архив: его отметки остаются, новые с ним не ставятся`,
      });
    },
    onError: (e) => {
      refused(e);
      setNotice({ color: 'red', text: message(e, 'Не удалось изменить вид работы') });
    },
  });
  const restore = useMutation({
    mutationFn: (w: WorkTypeRow) =>
      call('grading.saveWorkType', {
        expectedVersion: settings.version,
        id: w.id,
        name: w.name,
        weight: w.weight,
        archived: false,
      }),
    onSuccess: (s, w) => {
      client.setQueryData(KEY, s);
      setNotice({ color: 'green', text: `Вид работы «${w.name}» возвращён из архива` });
    },
    onError: (e) => {
      refused(e);
      setNotice({ color: 'red', text: message(e, 'Не удалось изменить вид работы') });
    },
  });
  const open = (f: WorkTypeForm) => {
    setErrors({});
    setNotice(null);
    setForm(f);
  };
  const submit = (f: WorkTypeForm) => {
    const values = {
      expectedVersion: settings.version,
      id: f.id,
      name: f.name,
      weight: f.weight === '' ? undefined : Number(f.weight),
      archived: f.archived,
    };
    const checked = checkInput('grading.saveWorkType', values);
    setErrors(checked.errors);
    if (checked.ok) save.mutate(values as Input<'grading.saveWorkType'>);
  };
  const editing = form?.id != null ? settings.workTypes.find((w) => w.id === form.id) : undefined;
  return (
    <Card withBorder>
      <Stack>
        <Group justify="space-between">
          <Title order={3}>Виды работ и веса</Title>
          {canWrite && (
            <Button size="xs" onClick={() => open({ id: null, name: '', weight: 1, archived: false })}>
              Добавить вид работы
            </Button>
          )}
        </Group>
        <Text size="sm">
          Средний балл — средневзвешенный: Σ(отметка × вес) / Σ(весов). Вес копируется в отметку, когда её
          ставят, поэтому изменение веса не пересчитывает уже поставленные отметки и средние баллы — новый вес
          получат только новые отметки. Вид работы, с которым уже ставили отметки, не удаляется, а переносится
          в архив.
        </Text>
        {notice && (
          <Alert color={notice.color} role={notice.color === 'red' ? 'alert' : 'status'}>
            {notice.text}
          </Alert>
        )}
        <Table withTableBorder striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Вид работы</Table.Th>
              <Table.Th>Вес</Table.Th>
              <Table.Th>Поставлено</Table.Th>
              {canWrite && <Table.Th />}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {settings.workTypes.map((w) => (
              <Table.Tr key={w.id} c={w.archived ? 'dimmed' : undefined}>
                <Table.Td>
                  {w.name}{' '}
                  {w.archived && (
                    <Badge size="sm" variant="light" color="gray">
                      в архиве
                    </Badge>
                  )}
                </Table.Td>
                <Table.Td>{number(w.weight)}</Table.Td>
                <Table.Td>{usedOf(w) ? marksCount(usedOf(w)) : '—'}</Table.Td>
                {canWrite && (
                  <Table.Td>
                    <Group gap="xs" justify="flex-end" wrap="nowrap">
                      <Button
                        size="xs"
                        variant="subtle"
                        aria-label={`Изменить: ${w.name}`}
                        onClick={() =>
                          open({ id: w.id, name: w.name, weight: w.weight, archived: w.archived })
                        }
                      >
                        Изменить
                      </Button>
                      {w.archived ? (
                        <Button
                          size="xs"
                          variant="subtle"
                          loading={restore.isPending}
                          onClick={() => restore.mutate(w)}
                        >
                          Вернуть из архива
                        </Button>
                      ) : (
                        <Button
                          size="xs"
                          variant="subtle"
                          color={usedOf(w) ? 'orange' : 'red'}
                          aria-label={`${usedOf(w) ? 'В архив' : 'Удалить'}: ${w.name}`}
                          loading={remove.isPending && remove.variables?.id === w.id}
                          onClick={() => remove.mutate(w)}
                        >
                          {usedOf(w) ? 'В архив' : 'Удалить'}
                        </Button>
                      )}
                    </Group>
                  </Table.Td>
                )}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Stack>
      {form && (
        <Modal
          opened
          onClose={() => setForm(null)}
          title={form.id ? 'Изменить вид работы' : 'Новый вид работы'}
        >
          <form
            onSubmit={(e) => {
              e.preventDefault();
              submit(form);
            }}
          >
            <Stack>
              <TextInput
                label="Название"
                data-autofocus
                value={form.name}
                error={errors.name}
                onChange={(e) => setForm({ ...form, name: e.currentTarget.value })}
              />
              <NumberInput
                label="Вес"
                description="Больше нуля, до двух знаков после запятой"
                decimalSeparator=","
                decimalScale={2}
                step={0.5}
                value={form.weight}
                error={errors.weight}
                onChange={(v) => setForm({ ...form, weight: v })}
              />
              {editing && usedOf(editing) > 0 && Number(form.weight) !== editing.weight && (
                <Alert color="blue">
                  {`Уже поставленные ${marksCount(usedOf(editing))} сохранят вес ${number(editing.weight)}; новый вес получат только новые отметки.`}
                </Alert>
              )}
              {errors.form && (
                <Alert color="red" role="alert">
                  {errors.form}
                </Alert>
              )}
              <Group justify="flex-end">
                <Button variant="default" onClick={() => setForm(null)}>
                  Отмена
                </Button>
                <Button type="submit" loading={save.isPending}>
                  Сохранить
                </Button>
              </Group>
            </Stack>
          </form>
        </Modal>
      )}
    </Card>
  );
}

const EXAMPLES = [3.5, 3.6, 3.65];

function RulesCard({ call, settings, canWrite }: CardProps) {
  const client = useQueryClient();
  const [rules, setRules] = useState<Omit<GradingRules, 'minMarks'> & { minMarks: number | string }>(
    settings.rules,
  );
  const [errors, setErrors] = useState<FieldErrors<'grading.saveRules'>>({});
  const [saved, setSaved] = useState(false);
  // Another deputy's change (or a refused stale write) brings the screen up to date.
  useEffect(() => setRules(settings.rules), [settings.rules]);
  const save = useMutation({
    mutationFn: (input: Input<'grading.saveRules'>) => call('grading.saveRules', input),
    onSuccess: (s) => {
      client.setQueryData(KEY, s);
      setSaved(true);
    },
    onError: (e) => {
      if (e instanceof CallError && e.code === 'CONFLICT') void client.invalidateQueries({ queryKey: KEY });
      setErrors({ form: message(e, 'Не удалось сохранить правила') });
    },
  });
  const submit = () => {
    setSaved(false);
    const values = {
      expectedVersion: settings.version,
      allowOne: rules.allowOne,
      rounding: rules.rounding,
      minMarks: rules.minMarks === '' ? undefined : Number(rules.minMarks),
    };
    const checked = checkInput('grading.saveRules', values);
    setErrors(checked.errors);
    if (checked.ok) save.mutate(values as Input<'grading.saveRules'>);
  };
  return (
    <Card withBorder>
      <Stack>
        <Title order={3}>Отметки за период</Title>
        {!canWrite && (
          <Stack gap={4}>
            <Text>{`Отметка «1»: ${settings.rules.allowOne ? 'используется' : 'не используется'}`}</Text>
            <Text>{`Округление среднего балла: ${ROUNDING_TITLES[settings.rules.rounding]}`}</Text>
            <Text>
              {`Минимум текущих отметок за период: ${settings.rules.minMarks} (если меньше — только «н/а»)`}
            </Text>
          </Stack>
        )}
        {canWrite && (
          <>
            <Checkbox
              label="В школе используется отметка «1»"
              checked={rules.allowOne}
              onChange={(e) => setRules({ ...rules, allowOne: e.currentTarget.checked })}
            />
            <Radio.Group
              label="Округление среднего балла в предлагаемую отметку"
              description="Средний балл сначала округляется до сотых; отметка повышается, если дробная часть не меньше порога"
              value={rules.rounding}
              error={errors.rounding}
              onChange={(v) => setRules({ ...rules, rounding: v as GradingRules['rounding'] })}
            >
              <Stack gap={6} mt="xs">
                {ROUNDING_RULES.map((r) => (
                  <Radio key={r} value={r} label={ROUNDING_TITLES[r]} />
                ))}
              </Stack>
            </Radio.Group>
            <Text size="sm" c="dimmed">
              {`По выбранному правилу: ${EXAMPLES.map((m) => `${m.toFixed(2).replace('.', ',')} → «${roundMark(m, rules)}»`).join(', ')}`}
            </Text>
            <NumberInput
              label="Минимум текущих отметок за период"
              description="Если отметок меньше, за период можно поставить только «н/а»"
              w={320}
              min={1}
              allowDecimal={false}
              value={rules.minMarks}
              error={errors.minMarks}
              onChange={(v) => setRules({ ...rules, minMarks: v })}
            />
          </>
        )}
        {errors.form && (
          <Alert color="red" role="alert">
            {errors.form}
          </Alert>
        )}
        {saved && (
          <Alert color="green" role="status">
            Правила сохранены
          </Alert>
        )}
        {canWrite && (
          <Group>
            <Button onClick={submit} loading={save.isPending}>
              Сохранить правила
            </Button>
          </Group>
        )}
      </Stack>
    </Card>
  );
}
