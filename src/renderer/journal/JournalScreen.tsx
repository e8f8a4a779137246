import { Alert, Badge, Button, Group, Loader, SegmentedControl, Stack, Text, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { localIsoDate } from '../../shared/i18n/dates';
import { countOf } from '../../shared/i18n/plural';
import type { JournalPage, Lesson } from '../../shared/journal/schemas';
import { topic } from '../../shared/sync/topics';
import { deadlineText } from '../../shared/timeliness/rules';
import { type Call, CallError } from '../api/client';
import { AddLessonDialog } from './AddLessonDialog';
import { AttendanceTaken } from './AttendanceTaken';
import { finalMarksKey } from './finalSaves';
import { JournalGrid } from './JournalGrid';
import { LessonDialog } from './LessonDialog';

/** What the grid's marks and colours mean: said on every page, read-only or not. */
const LEGEND =
  'Оранжевая черта под датой — тема урока не заполнена; подчёркнутая отметка — работа с весом 3 и больше; ' +
  '«•» — долг (красный — срок прошёл); фиолетовый уголок — пересдача; ✓ у даты — посещаемость отмечена.';

/** One journal page: the period tabs and the grid (a lesson's dialog sets the work type of its marks). */
export function JournalScreen({ call, loadId }: { call: Call; loadId: number }) {
  const queryClient = useQueryClient();
  // undefined = the current period; 'year' = the whole academic year.
  const [periodId, setPeriodId] = useState<number | 'year' | undefined>(undefined);
  const [editing, setEditing] = useState<Lesson | null>(null);
  const [adding, setAdding] = useState(false);
  const key = ['journal.page', loadId, periodId ?? 'current'];
  // The school's deadline for a lesson's page (the deputy's «Своевременность»), said beside the count.
  const rule = useQuery({ queryKey: ['timeliness.rule'], queryFn: () => call('timeliness.rule', {}) });
  // The period, year, exam and final marks of the pinned columns (the «Итоговые отметки» screen's data).
  const finals = useQuery({
    queryKey: finalMarksKey(loadId),
    queryFn: () => call('periods.finalMarks', { loadId }),
    meta: { topics: [topic.load(loadId)] },
  });
  const query = useQuery({
    queryKey: key,
    queryFn: () =>
      call(
        'journal.page',
        periodId === 'year' ? { loadId, wholeYear: true } : periodId ? { loadId, periodId } : { loadId },
      ),
  });

  if (query.isPending) return <Loader aria-label="Загрузка журнала" />;
  // A failed refetch keeps the page on screen (and the grid its focus): only a page never loaded is refused.
  if (query.isError && query.data === undefined) {
    return (
      <Alert color="red" role="alert" title="Журнал не открыт">
        {query.error instanceof CallError ? query.error.message : 'Не удалось загрузить страницу'}
      </Alert>
    );
  }
  const page = query.data;
  if (page === undefined) return <Loader aria-label="Загрузка журнала" />;
  const reload = () => void queryClient.invalidateQueries({ queryKey: ['journal.page', loadId] });
  // Every cached page of this load that shows the lesson (a period and the whole year).
  const updateLesson = (lesson: Lesson) =>
    queryClient.setQueriesData<JournalPage>({ queryKey: ['journal.page', loadId] }, (p) =>
      p?.lessons.some((l) => l.id === lesson.id)
        ? { ...p, lessons: p.lessons.map((l) => (l.id === lesson.id ? lesson : l)) }
        : p,
    );
  // Lessons already given whose topic is still empty (004 §4.5: the teacher fills the journal on the lesson day, by 17:00).
  const today = localIsoDate(new Date());
  const untitled = page.lessons.filter((l) => l.date <= today && l.topic === '').length;
  const periodName =
    page.periodId === null ? 'весь год' : (page.periods.find((p) => p.id === page.periodId)?.name ?? '');
  // Keys and what they change are said only where something can be changed (a замена's lessons too).
  const editable = page.load.writable || page.lessons.some((l) => l.givenByMe);

  return (
    <Stack gap="sm">
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={2}>
            {page.load.className} · {page.load.subjectName}
            {page.load.groupName ? ` (${page.load.groupName})` : ''}
            {periodName && ` · ${periodName}`}
          </Title>
          <Text c="dimmed" size="sm">
            {page.load.teacherName} · {page.load.academicYear} учебный год
            {!page.load.writable && (
              <Badge ml="sm" color="gray" variant="light">
                только просмотр
              </Badge>
            )}
            {!page.load.writable && page.lessons.some((l) => l.givenByMe) && (
              <Badge ml="sm" color="blue" variant="light" title="Эти уроки отмечены синим в заголовке">
                ваши уроки в замену можно заполнить
              </Badge>
            )}
            {untitled > 0 && (
              <Badge
                ml="sm"
                color="orange"
                variant="light"
                title={`Срок заполнения: ${rule.data ? deadlineText(rule.data) : 'в день урока'}`}
              >
                без темы: {countOf(untitled, 'урок', 'урока', 'уроков')}
              </Badge>
            )}
          </Text>
        </div>
        <Group>
          {page.load.writable && (
            <Button variant="light" onClick={() => setAdding(true)}>
              Добавить урок
            </Button>
          )}
        </Group>
      </Group>
      <SegmentedControl
        aria-label="Учебный период"
        value={page.periodId === null ? 'year' : String(page.periodId)}
        onChange={(v) => setPeriodId(v === 'year' ? 'year' : Number(v))}
        data={[
          ...page.periods.map((p) => ({
            value: String(p.id),
            label: p.closed ? `${p.name} (закрыт)` : p.name,
          })),
          { value: 'year', label: 'Весь год' },
        ]}
        w="fit-content"
      />
      {page.periods.find((p) => p.id === page.periodId)?.closed && (
        <Alert color="gray" role="status">
          Период «{page.periods.find((p) => p.id === page.periodId)!.name}» закрыт заместителем директора:
          отметки, пропуски и темы уроков только для просмотра.
        </Alert>
      )}
      {query.isError && (
        <Alert color="yellow" role="status">
          Страница не обновилась:{' '}
          {query.error instanceof CallError ? query.error.message : 'не удалось загрузить страницу'}. Показано
          то, что было загружено раньше.
        </Alert>
      )}
      {editable ? (
        <Text size="xs" c="dimmed">
          Стрелки — переход по ячейкам; PageUp, PageDown — на экран вверх и вниз; Ctrl+Home, Ctrl+End — первая
          и последняя клетка; 2–5 — отметка
          {page.load.markingMode === 'pass_fail' ? ' («+» зачёт, «−» незачёт)' : ''} (заменяет последнюю
          отметку в клетке); «/» и цифра или Shift+цифра — ещё одна отметка в ту же клетку (до 5, «4/3»); F2
          или двойной щелчок — вид работы и комментарий отметок, пересдача, долг, минуты опоздания; F3 —
          история клетки; Н, Б, У, О — пропуск (Н, Б, УП, ОП); Delete — очистить клетку; Ctrl+Z — отменить
          отметку, пропуск или удаление; Enter на дате — тема, домашнее задание и вид работы урока. Справа —
          пропуски, средний балл, предлагаемая отметка и отметки за период (на странице года — за год, экзамен
          и итоговая): цифра — отметка, Н — «н/а», О — «осв», пробел — предлагаемая отметка, Delete —
          очистить. {LEGEND}
        </Text>
      ) : (
        <Text size="xs" c="dimmed">
          {LEGEND} F2 или двойной щелчок по клетке — вид работы и комментарий отметок; F3 — история клетки.
          Справа — пропуски, средний балл, предлагаемая отметка и отметки за период.
        </Text>
      )}
      <JournalGrid
        key={page.periodId ?? 'year'}
        page={page}
        queryKey={key}
        call={call}
        finals={finals.data}
        onEditLesson={setEditing}
      />
      <LessonDialog
        lesson={editing}
        writable={page.load.writable || (editing?.givenByMe ?? false)}
        workTypes={page.workTypes}
        defaultWorkTypeId={page.defaultWorkTypeId}
        marked={page.load.markingMode !== 'none'}
        call={call}
        onClose={() => setEditing(null)}
        onConflict={reload}
        attendance={
          editing && (
            <AttendanceTaken
              key={editing.id}
              lesson={editing}
              loadId={loadId}
              writable={page.load.writable || editing.givenByMe}
              call={call}
            />
          )
        }
        onSaved={(l) => {
          updateLesson(l);
          setEditing(null);
        }}
      />
      <AddLessonDialog
        opened={adding}
        loadId={loadId}
        call={call}
        onClose={() => setAdding(false)}
        onAdded={() => {
          setAdding(false);
          // The new lesson belongs to some period's page (and the year's): fetch them again.
          reload();
        }}
      />
    </Stack>
  );
}
