import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { localIsoDate, weekdayShort } from '../../shared/i18n/dates';
import { shortName } from '../../shared/i18n/names';
import { ABSENCE_LABELS } from '../../shared/journal/attendance';
import { MARK_LABELS } from '../../shared/journal/marks';
import type { Absence, JournalPage, Lesson, Mark } from '../../shared/journal/schemas';
import { enrolledOn } from '../../shared/students/enrollment';
import type { Call } from '../api/client';
import { useOfflineSaves } from '../offline/context';
import { nextTyped } from '../offline/queue';
import { isSaving, useCellSaves } from './cellSaves';
import { type CellChange, cellKey, groupByStudent, indexPage, lessonLabels } from './cells';
import { NAME_WIDTH, useLessonColumns } from './columns';
import { AVERAGE_WIDTH, JournalRow } from './JournalRow';
import { actionForKey, type GridAction } from './keys';
import './journal.css';

const NO_MARKS: Mark[] = [];
const NO_ABSENCES: Absence[] = [];

interface Props {
  page: JournalPage;
  call: Call;
  workTypeId: number;
  onEditLesson(lesson: Lesson): void;
}

interface Position {
  /** -1 is the header row (the lesson dates). */
  row: number;
  col: number;
}

/**
 * The journal page as a spreadsheet: students are rows, lessons are columns. An ARIA grid with a
 * roving tab stop; each cell is labelled "Фамилия Имя, ДД.ММ" so a screen reader (and a test) can
 * find it by name. Every change is sent at once (cellSaves.ts); a failure stays visible in the cell.
 */
export function JournalGrid({ page, call, workTypeId, onEditLesson }: Props) {
  const { marks, absences } = useMemo(() => indexPage(page), [page]);
  const labels = useMemo(() => lessonLabels(page.lessons), [page.lessons]);
  // Per student, and the same arrays for the students a save did not touch (their rows stay as they are).
  const marksRef = useRef(new Map<number, Mark[]>());
  const marksByStudent = useMemo(
    () => (marksRef.current = groupByStudent(page.marks, marksRef.current)),
    [page.marks],
  );
  const absencesRef = useRef(new Map<number, Absence[]>());
  const absencesByStudent = useMemo(
    () => (absencesRef.current = groupByStudent(page.absences, absencesRef.current)),
    [page.absences],
  );
  const workTypes = useMemo(() => new Map(page.workTypes.map((w) => [w.id, w])), [page.workTypes]);
  const firstEmpty = page.lessons.findIndex((l) => l.topic === '');
  const today = localIsoDate(new Date());
  const [pos, setPos] = useState<Position>({
    row: 0,
    col: Math.max(0, firstEmpty === -1 ? page.lessons.length - 1 : firstEmpty),
  });
  // What a screen reader says after each save (focus has already moved on to the next student).
  const [announcement, setAnnouncement] = useState('');
  const saves = useCellSaves(call, setAnnouncement);
  const queryClient = useQueryClient();
  const offline = useOfflineSaves();
  const gridRef = useRef<HTMLTableElement>(null);
  const scrollRef = useRef<HTMLDivElement>(null);
  const focusWanted = useRef(false);
  const { virtualizer, segments, totalWidth } = useLessonColumns(
    page.lessons.length,
    pos.col,
    () => scrollRef.current,
  );

  // Open the page at the active column (the first lesson without a topic, usually today).
  // biome-ignore lint/correctness/useExhaustiveDependencies: only when the page opens
  useEffect(() => {
    virtualizer.scrollToIndex(pos.col, { align: 'center' });
  }, []);
  const writable = page.load.writable;
  const passFail = page.load.markingMode === 'pass_fail';
  const noMarks = page.load.markingMode === 'none';

  // The cell that last had focus: when virtual scrolling unmounts it, the browser drops focus to
  // <body> without an event, and the keyboard would stop working; the effect below takes it back.
  const lastFocused = useRef<HTMLElement | null>(null);
  useEffect(() => {
    const orphaned =
      document.activeElement === document.body &&
      lastFocused.current !== null &&
      !lastFocused.current.isConnected;
    if (!focusWanted.current && !orphaned) return;
    const cell = gridRef.current?.querySelector<HTMLElement>(`[data-pos="${pos.row}:${pos.col}"]`);
    if (!cell) return; // not rendered yet: the next render (after scrolling to it) focuses it
    focusWanted.current = false;
    if (document.activeElement !== cell) cell.focus();
  });

  const moveTo = (row: number, col: number) => {
    focusWanted.current = true;
    const next = {
      row: Math.max(-1, Math.min(page.students.length - 1, row)),
      col: Math.max(0, Math.min(page.lessons.length - 1, col)),
    };
    virtualizer.scrollToIndex(next.col, { align: 'auto' });
    setPos(next);
  };
  const moveToRef = useRef(moveTo);
  moveToRef.current = moveTo;
  const onCellClick = useCallback((row: number, col: number) => moveToRef.current(row, col), []);

  function perform(action: GridAction) {
    if (action.type === 'move') return moveTo(pos.row + action.rows, pos.col + action.cols);
    if (action.type === 'rowStart') return moveTo(pos.row, 0);
    if (action.type === 'rowEnd') return moveTo(pos.row, page.lessons.length - 1);
    const lesson = page.lessons[pos.col];
    if (!lesson) return;
    if (action.type === 'edit') {
      if (pos.row === -1) return onEditLesson(lesson);
      return moveTo(pos.row + 1, pos.col);
    }
    const student = page.students[pos.row];
    if (!student) return;
    if (!writable && !lesson.givenByMe) {
      notifications.show({ color: 'yellow', message: 'Страница открыта только для просмотра' });
      return;
    }
    if (!enrolledOn(student.enrolled, lesson.date)) {
      notifications.show({ color: 'yellow', message: 'Ученик не числится в классе в этот день' });
      return;
    }
    const key = cellKey(lesson.id, student.id);
    const mark = marks.get(key);
    const absence = absences.get(key);
    const save = (what: string, change: CellChange) =>
      saves.mutate({
        loadId: page.load.loadId,
        lessonId: lesson.id,
        studentId: student.id,
        change,
        seen: { mark: mark?.version ?? null, absence: absence?.version ?? null },
        what: `${shortName(student)}, ${labels.get(lesson.id)}, ${what}`,
        typed: nextTyped(),
      });
    if (action.type === 'mark') {
      if (noMarks) {
        notifications.show({
          color: 'yellow',
          message: 'По этому предмету в этом классе отметки не ставятся',
        });
        return;
      }
      save(`отметка ${MARK_LABELS[action.value]}`, { kind: 'mark', value: action.value, workTypeId });
      moveTo(pos.row + 1, pos.col);
    } else if (action.type === 'absence') {
      save(ABSENCE_LABELS[action.code], { kind: 'absence', code: action.code });
      moveTo(pos.row + 1, pos.col);
    } else if (action.type === 'clear') {
      if (!mark && !absence && !isSaving(queryClient, lesson.id, student.id, offline?.queue)) return;
      save('ячейка очищена', { kind: 'clear' });
    }
  }

  function onKeyDown(e: React.KeyboardEvent) {
    const action = actionForKey(e, { allowOne: page.allowOne, passFail });
    if (!action) return;
    e.preventDefault();
    perform(action);
  }

  if (page.students.length === 0) return <p>В классе нет учеников за этот период.</p>;
  if (page.lessons.length === 0) return <p>В этом периоде ещё нет уроков.</p>;

  const period = page.periods.find((p) => p.id === page.periodId)?.name ?? 'весь год';
  return (
    <div className="journal-scroll" ref={scrollRef}>
      <div className="journal-live" aria-live="polite" role="status">
        {announcement}
      </div>
      <table
        ref={gridRef}
        // biome-ignore lint/a11y/noNoninteractiveElementToInteractiveRole: the journal is an ARIA grid, a table with a keyboard model (WAI-ARIA APG "Data Grid")
        role="grid"
        className="journal-grid"
        aria-label={`Журнал: ${page.load.className}, ${page.load.subjectName}, ${period}`}
        aria-readonly={!writable}
        aria-colcount={page.lessons.length + 2}
        aria-rowcount={page.students.length + 1}
        style={{ width: NAME_WIDTH + totalWidth + AVERAGE_WIDTH }}
        onKeyDown={onKeyDown}
        onFocus={(e) => {
          lastFocused.current = e.target;
        }}
      >
        <thead>
          <tr>
            <th className="journal-corner" scope="col" aria-colindex={1}>
              Ученик
            </th>
            {segments.map((segment) => {
              if (segment.kind === 'gap') {
                return (
                  <td
                    key={segment.key}
                    aria-hidden="true"
                    className="journal-gap"
                    style={{ width: segment.width }}
                  />
                );
              }
              const col = segment.index;
              const l = page.lessons[col]!;
              const active = pos.row === -1 && pos.col === col;
              return (
                <th
                  key={l.id}
                  scope="col"
                  aria-colindex={col + 2}
                  data-pos={`-1:${col}`}
                  tabIndex={active ? 0 : -1}
                  className={[
                    'journal-date',
                    !l.topic && !l.cancelled && 'journal-date--empty',
                    l.cancelled && 'journal-date--cancelled',
                    l.givenByMe && 'journal-date--mine',
                    l.date === today && 'journal-date--today',
                    active && 'is-active',
                  ]
                    .filter(Boolean)
                    .join(' ')}
                  aria-label={`Урок ${labels.get(l.id)}${l.givenByMe ? ', ваш (замена)' : ''}${l.cancelled ? `, отменён${l.cancelReason ? `: ${l.cancelReason}` : ''}` : ''}${l.topic ? `, тема: ${l.topic}` : l.cancelled ? '' : ', тема не заполнена'}`}
                  title={[
                    l.givenByMe && 'Вы провели этот урок в замену: его можно заполнить',
                    l.cancelled && `Урок отменён${l.cancelReason ? `: ${l.cancelReason}` : ''}`,
                    l.topic || (l.cancelled ? '' : 'Тема не заполнена'),
                    l.homework && `Д/з: ${l.homework}`,
                  ]
                    .filter(Boolean)
                    .join('\n')}
                  onClick={() => moveTo(-1, col)}
                  onDoubleClick={() => onEditLesson(l)}
                >
                  <span className="journal-date-day">{labels.get(l.id)?.slice(0, 5)}</span>
                  <span className="journal-date-wd">{weekdayShort(l.date)}</span>
                </th>
              );
            })}
            <th scope="col" className="journal-avg" title="Средневзвешенный балл за период">
              Ср. балл
            </th>
          </tr>
        </thead>
        <tbody>
          {page.students.map((s, row) => (
            <JournalRow
              key={s.id}
              student={s}
              row={row}
              lessons={page.lessons}
              segments={segments}
              labels={labels}
              marks={marksByStudent.get(s.id) ?? NO_MARKS}
              absences={absencesByStudent.get(s.id) ?? NO_ABSENCES}
              workTypes={workTypes}
              activeCol={pos.row === row ? pos.col : -1}
              onCellClick={onCellClick}
            />
          ))}
        </tbody>
      </table>
    </div>
  );
}
