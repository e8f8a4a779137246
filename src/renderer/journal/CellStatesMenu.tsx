import { Alert, Button, Group, NumberInput, Stack, Text } from '@mantine/core';
import { DateInput } from '@mantine/dates';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { addDays, formatDate, localIsoDate, parseRuDate } from '../../shared/i18n/dates';
import { isMissedLesson } from '../../shared/journal/attendance';
import {
  isOverdue,
  lateText,
  MINUTES_LATE_MAX,
  MINUTES_LATE_MIN,
  owedText,
  retakeText,
} from '../../shared/journal/cell-states';
import { MARK_LABELS, type MarkValue, POINT_MARKS } from '../../shared/journal/marks';
import type { JournalPage, Lesson } from '../../shared/journal/schemas';
import { type Call, errorText } from '../api/client';
import { checkInput } from '../common/form';
import { removeOwed, upsertOwed } from './cellExtras';
import { nextSlot, upsertAbsence, upsertMark } from './cells';

interface Props {
  page: JournalPage;
  lesson: Lesson;
  studentId: number;
  writable: boolean;
  call: Call;
}

/** How long an owed work is given by default: a week from today. */
const OWED_DAYS = 7;

/**
 * The cell menu's own section for what a cell holds besides marks: «Пересдача» on a missed lesson,
 * «Долг» (owed work with its due date) and the minutes of an ОП. Each is one call, written straight
 * into the page's cache from the answer (like a cell save); a refusal stays in the section.
 */
export function CellStatesMenu({ page, lesson, studentId, writable, call }: Props) {
  const queryClient = useQueryClient();
  const [error, setError] = useState('');
  const today = localIsoDate(new Date());
  const here = <T extends { lessonId: number; studentId: number }>(xs: T[]) =>
    xs.filter((x) => x.lessonId === lesson.id && x.studentId === studentId);
  const marks = here(page.marks).sort((a, b) => a.slot - b.slot);
  const absence = here(page.absences)[0];
  const owed = here(page.owed)[0];
  const retake = marks.find((m) => m.retakenOn);
  const held = lesson.date <= today;

  const patch = (update: (p: JournalPage) => JournalPage) =>
    queryClient.setQueriesData<JournalPage>({ queryKey: ['journal.page', page.load.loadId] }, (p) =>
      p ? update(p) : p,
    );
  const write = useMutation({
    mutationFn: (run: () => Promise<void>) => run(),
    onMutate: () => setError(''),
    onError: (e) => setError(errorText(e, 'Не удалось сохранить')),
  });
  const ids = { lessonId: lesson.id, studentId };

  const missed = absence !== undefined && isMissedLesson(absence.code);
  const retakeValues: MarkValue[] =
    page.load.markingMode === 'pass_fail'
      ? ['зач', 'незач']
      : POINT_MARKS.filter((v) => v !== '1' || page.allowOne);
  const putRetake = (value: MarkValue) =>
    write.mutate(async () => {
      const slot = nextSlot(marks) ?? 1;
      const mark = await call('journal.setMark', {
        ...ids,
        slot,
        value,
        retake: true,
        expectedVersion: null,
      });
      patch((p) => removeOwed(upsertMark(p, mark), lesson.id, studentId));
    });

  const [dueOn, setDueOn] = useState<string>(owed?.dueOn ?? addDays(today, OWED_DAYS));
  const setOwed = () =>
    write.mutate(async () => {
      const saved = await call('journal.setOwed', { ...ids, dueOn, expectedVersion: owed?.version ?? null });
      patch((p) => upsertOwed(p, saved));
    });
  const clearOwed = () =>
    write.mutate(async () => {
      if (!owed) return;
      await call('journal.clearOwed', { ...ids, expectedVersion: owed.version });
      patch((p) => removeOwed(p, lesson.id, studentId));
    });

  const [minutes, setMinutes] = useState<number | string>(absence?.minutesLate ?? '');
  const minutesInput = {
    ...ids,
    code: 'late' as const,
    minutesLate: minutes === '' ? null : Number(minutes),
    expectedVersion: absence?.version ?? null,
  };
  const minutesError = checkInput('journal.setAbsence', minutesInput).errors.minutesLate;
  const saveMinutes = () =>
    write.mutate(async () => {
      const saved = await call('journal.setAbsence', minutesInput);
      patch((p) => upsertAbsence(p, saved));
    });

  const canWrite = writable && held && !lesson.cancelled;
  return (
    <Stack gap="sm" className="journal-menu-states">
      {missed && (
        <section aria-label="Пересдача">
          <Text fw={600} size="sm">
            Пересдача
          </Text>
          {retake?.retakenOn ? (
            <Text size="sm">
              {retakeText(retake.retakenOn)}: отметка {MARK_LABELS[retake.value]} стоит за пропущенный урок,
              пропуск остаётся виден рядом.
            </Text>
          ) : (
            <Text size="sm" c="dimmed">
              Ученик пропустил урок. Отметка, поставленная сюда (цифрой в клетке или кнопкой), — пересдача
              пропущенной темы: пропуск остаётся, дата пересдачи — сегодня.
            </Text>
          )}
          {canWrite && nextSlot(marks) !== null && (
            <Group gap="xs" mt={4}>
              {retakeValues.map((v) => (
                <Button
                  key={v}
                  size="xs"
                  variant="light"
                  onClick={() => putRetake(v)}
                  loading={write.isPending}
                >
                  Пересдача: {MARK_LABELS[v]}
                </Button>
              ))}
            </Group>
          )}
        </section>
      )}
      {(owed || marks.length === 0) && (
        <section aria-label="Долг">
          <Text fw={600} size="sm">
            Долг (работа не сдана)
          </Text>
          {owed ? (
            <Text size="sm" c={isOverdue(owed.dueOn, today) ? 'red' : undefined}>
              {owedText(owed.dueOn, today)}. Отметка, поставленная в клетку, закрывает долг.
            </Text>
          ) : (
            <Text size="sm" c="dimmed">
              В клетке появится «•» до срока сдачи; в средний балл долг не входит.
            </Text>
          )}
          {canWrite && (
            <Group gap="xs" mt={4} align="flex-end">
              <DateInput
                label="Сдать до"
                valueFormat="DD.MM.YYYY"
                dateParser={(text) => parseRuDate(text)}
                value={dueOn}
                onChange={(v) => v && setDueOn(v)}
                minDate={lesson.date}
                w={150}
                size="xs"
              />
              <Button size="xs" onClick={setOwed} loading={write.isPending} disabled={owed?.dueOn === dueOn}>
                {owed ? 'Изменить срок' : 'Поставить долг'}
              </Button>
              {owed && (
                <Button size="xs" variant="subtle" color="red" onClick={clearOwed} loading={write.isPending}>
                  Снять долг
                </Button>
              )}
            </Group>
          )}
        </section>
      )}
      {absence?.code === 'late' && (
        <section aria-label="Опоздание">
          <Text fw={600} size="sm">
            Опоздание
          </Text>
          <Text size="sm" c="dimmed">
            {lateText(absence.minutesLate)[0]!.toUpperCase()}
            {lateText(absence.minutesLate).slice(1)}.
          </Text>
          {canWrite && (
            <Group gap="xs" mt={4} align="flex-start">
              <NumberInput
                label="Опоздал на, минут"
                value={minutes}
                onChange={setMinutes}
                min={MINUTES_LATE_MIN}
                max={MINUTES_LATE_MAX}
                allowDecimal={false}
                clampBehavior="none"
                error={minutes === '' ? undefined : minutesError}
                w={150}
                size="xs"
              />
              <Button
                size="xs"
                mt={22}
                onClick={saveMinutes}
                loading={write.isPending}
                disabled={!!minutesError || minutesInput.minutesLate === absence.minutesLate}
              >
                Сохранить минуты
              </Button>
            </Group>
          )}
        </section>
      )}
      {error && (
        <Alert color="red" role="alert">
          {error}
        </Alert>
      )}
      {!held && (owed || marks.length === 0) && (
        <Text size="xs" c="dimmed">
          Урок {formatDate(lesson.date)} ещё не прошёл.
        </Text>
      )}
    </Stack>
  );
}
