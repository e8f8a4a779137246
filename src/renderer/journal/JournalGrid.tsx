import { Button, Group, Modal, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { localIsoDate, weekdayShort } from '../../shared/i18n/dates';
import { shortName } from '../../shared/i18n/names';
import { inSentence } from '../../shared/i18n/sentence';
import { ABSENCE_LABELS } from '../../shared/journal/attendance';
import { MARK_LABELS } from '../../shared/journal/marks';
import {
  type Absence,
  type JournalPage,
  type Lesson,
  type Mark,
  SIXTH_MARK_REFUSED,
} from '../../shared/journal/schemas';
import type { FinalMark, LoadFinalMarks } from '../../shared/periods/schemas';
import { enrolledOn } from '../../shared/students/enrollment';
import type { Call } from '../api/client';
import { useOfflineSaves } from '../offline/context';
import { nextTyped } from '../offline/queue';
import { CellHistory, type HistoryTarget } from './CellHistory';
import { CellStatesMenu } from './CellStatesMenu';
import { attendanceHeader, useOwedByStudent } from './cellExtras';
import { isSaving, type SaveResult, unsavedChanges, useCellSaves } from './cellSaves';
import {
  applyPatch,
  bySlot,
  type CellChange,
  cellKey,
  groupByStudent,
  indexPage,
  lessonLabels,
  marksText,
  nextSlot,
  type ShownMark,
  seenOf,
  shownCell,
  targetSlot,
  undoOf,
} from './cells';
import { NAME_WIDTH, useLessonColumns } from './columns';
import { useFinalSaves } from './finalSaves';
import { useKeepGridFocus } from './gridFocus';
import { JournalRow } from './JournalRow';
import { actionForKey, type GridAction, keysHelp, openingColumn } from './keys';
import { MarkMenu } from './MarkMenu';
import { finalSaveKey, PinnedHeader } from './PinnedCells';
import {
  finalOf,
  finalTitle,
  finalValueForAction,
  pinnedColumns,
  pinnedWidth,
  rightOffsets,
  suggestedValue,
} from './pinned';
import { type Undoable, undoStack } from './undo';
import { HEAVY_WEIGHT } from './workTypes';
import './journal.css';

const NO_MARKS: Mark[] = [];
const NO_ABSENCES: Absence[] = [];
const NO_FINALS: FinalMark[] = [];
const UNDO_NOTICE = 'journal-undo';

interface Props {
  page: JournalPage;
  /** The page's query, read at the moment of a key (see cellNow). */
  queryKey: readonly unknown[];
  call: Call;
  /** The page's period, year, exam and final marks (periods.finalMarks), for the pinned columns. */
  finals: LoadFinalMarks | undefined;
  onEditLesson(lesson: Lesson): void;
}

/** A cell save the teacher is asked about first (deleting a mark of a heavy work type). */
interface Confirm {
  question: string;
  run(): void;
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
export function JournalGrid({ page, queryKey, call, finals, onEditLesson }: Props) {
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
  const owedOf = useOwedByStudent(page.owed);
  const workTypes = useMemo(() => new Map(page.workTypes.map((w) => [w.id, w])), [page.workTypes]);
  const today = localIsoDate(new Date());
  // Today's lesson (or the last one given), the first student: the teacher types the day's marks at once.
  const [pos, setPos] = useState<Position>(() => ({ row: 0, col: openingColumn(page.lessons, today) }));
  const posRef = useRef(pos);
  posRef.current = pos;
  /** The last lesson's column (End and Ctrl+End go there; the pinned columns come after it). */
  const lastLesson = page.lessons.length - 1;
  // What a screen reader says after each save (focus has already moved on to the next student).
  const [announcement, setAnnouncement] = useState('');
  // «/» typed on this cell: its next mark is added to the ones it holds.
  const [adding, setAdding] = useState<Position | null>(null);
  const [menu, setMenu] = useState<Position | null>(null);
  const [history, setHistory] = useState<HistoryTarget | null>(null);
  const [confirm, setConfirm] = useState<Confirm | null>(null);
  const saves = useCellSaves(call, setAnnouncement);
  const finalSaves = useFinalSaves(call, page.load.loadId, setAnnouncement);
  // The columns pinned at the right: after the lessons in the keyboard's order (col ≥ lessons.length).
  const pinned = useMemo(() => pinnedColumns(page, finals), [page, finals]);
  const pinnedOffsets = useMemo(() => rightOffsets(pinned), [pinned]);
  const pinnedStart = page.lessons.length;
  const finalsByStudent = useMemo(() => Map.groupBy(finals?.marks ?? [], (m) => m.studentId), [finals]);
  // Per pinned column: may the caller set it now (their page or the deputy; its period still open)?
  const pinnedEditable = useMemo(
    () =>
      pinned.map((c) => {
        if (c.kind !== 'final' || !finals?.load.writable) return false;
        if (c.periodId === null) return !finals.yearClosed;
        return !(finals.periods.find((p) => p.id === c.periodId)?.closed ?? true);
      }),
    [pinned, finals],
  );
  const queryClient = useQueryClient();
  const offline = useOfflineSaves();
  const gridRef = useRef<HTMLTableElement>(null);
  const scrollRef = useRef<HTMLDivElement>(null);
  const focusWanted = useRef(false);
  const { virtualizer, segments, totalWidth } = useLessonColumns(
    page.lessons.length,
    pos.col,
    () => scrollRef.current,
    pinnedWidth(pinned),
  );

  // Open the page at the active column, with the keyboard in the grid, ready to type.
  // biome-ignore lint/correctness/useExhaustiveDependencies: only when the page opens
  useEffect(() => {
    virtualizer.scrollToIndex(pos.col, { align: 'center' });
    focusWanted.current = true;
  }, []);
  const writable = page.load.writable;
  const passFail = page.load.markingMode === 'pass_fail';
  const noMarks = page.load.markingMode === 'none';

  // A move of the active cell (moveTo, refocus) focuses it once it is rendered.
  useEffect(() => {
    const focused = document.activeElement;
    // A grid cell holding the keyboard that is not the active one (keys act on the active cell).
    const stray =
      focused instanceof HTMLElement &&
      focused.dataset.pos !== undefined &&
      gridRef.current?.contains(focused);
    if (!focusWanted.current && !stray) return;
    const cell = gridRef.current?.querySelector<HTMLElement>(`[data-pos="${pos.row}:${pos.col}"]`);
    if (!cell) return; // not rendered yet: the next render (after scrolling to it) focuses it
    focusWanted.current = false;
    if (document.activeElement !== cell) cell.focus();
  });
  useKeepGridFocus(gridRef, () => {
    const { row, col } = posRef.current;
    return gridRef.current?.querySelector<HTMLElement>(`[data-pos="${row}:${col}"]`) ?? null;
  });
  // A key that means nothing tells what the keys are, once per visit of the page.
  const keysTold = useRef(false);

  const moveTo = (row: number, col: number) => {
    focusWanted.current = true;
    setAdding(null);
    const next = {
      row: Math.max(-1, Math.min(page.students.length - 1, row)),
      col: Math.max(0, Math.min(page.lessons.length + pinned.length - 1, col)),
    };
    // The pinned columns are always in view; a lesson's column is scrolled to.
    if (next.col < page.lessons.length) virtualizer.scrollToIndex(next.col, { align: 'auto' });
    setPos(next);
  };
  const moveToRef = useRef(moveTo);
  moveToRef.current = moveTo;
  const onCellClick = useCallback((row: number, col: number) => moveToRef.current(row, col), []);
  const onCellMenu = useCallback((row: number, col: number) => {
    moveToRef.current(row, col);
    setMenu({ row, col });
  }, []);

  /** Back to the grid after a dialog: the active cell takes the keyboard again. */
  const refocus = () => {
    focusWanted.current = true;
    setPos((p) => ({ ...p }));
  };

  /** Sends a change of one cell; remembers how to undo it, and offers «Отменить» for an overwrite or a deletion. */
  function saveCell(
    target: { lesson: Lesson; student: JournalPage['students'][number] },
    what: string,
    change: CellChange,
    undoable: { notice: string } | null,
  ) {
    const { lesson, student } = target;
    const key = cellKey(lesson.id, student.id);
    const { marks: cellMarks, absence } = cellNow(lesson.id, student.id);
    const slot = targetSlot(change);
    const seen = seenOf(cellMarks, absence, slot);
    const undo = undoOf(change, shownNow(lesson, student.id));
    const described = `${shortName(student)}, ${labels.get(lesson.id)}`;
    saves.mutate(
      {
        loadId: page.load.loadId,
        lessonId: lesson.id,
        studentId: student.id,
        change,
        seen,
        what: `${described}, ${what}`,
        typed: nextTyped(),
      },
      {
        onSuccess: (result: SaveResult) => {
          if (!undo) return;
          const entry = undoStack.push({
            loadId: page.load.loadId,
            lessonId: lesson.id,
            studentId: student.id,
            what: `${described}, ${undoable?.notice ?? what}`,
            change: undo,
            seen: applyPatch(seen, slot, result.set),
          });
          if (!undoable) return;
          notifications.hide(UNDO_NOTICE);
          notifications.show({
            id: UNDO_NOTICE,
            color: 'blue',
            autoClose: 10_000,
            message: (
              <Group justify="space-between" wrap="nowrap" gap="sm">
                <Text size="sm">
                  {described}: {undoable.notice}
                </Text>
                <Button
                  size="compact-sm"
                  variant="light"
                  onClick={() => {
                    notifications.hide(UNDO_NOTICE);
                    const taken = undoStack.take(entry.id);
                    if (taken) runUndo(taken);
                    // The button goes with its notice: the keyboard goes back to the grid, not to nowhere.
                    refocus();
                  }}
                >
                  Отменить
                </Button>
              </Group>
            ),
          });
        },
      },
    );
  }

  /**
   * A cell as the page's cache holds it now. A save that has just landed is in the cache (and no
   * longer pending) before this component renders it: a key typed in between must build on it — the
   * next mark's slot, the version a change names — or the server refuses it as somebody else's change.
   */
  function cellNow(lessonId: number, studentId: number): { marks: Mark[]; absence?: Absence } {
    const key = cellKey(lessonId, studentId);
    const fresh = queryClient.getQueryData<JournalPage>(queryKey);
    if (!fresh || fresh === page) return { marks: marks.get(key) ?? NO_MARKS, absence: absences.get(key) };
    const cell = fresh.marks.filter((m) => m.lessonId === lessonId && m.studentId === studentId);
    const absence = fresh.absences.find((a) => a.lessonId === lessonId && a.studentId === studentId);
    return { marks: cell.length > 0 ? cell.sort(bySlot) : NO_MARKS, ...(absence ? { absence } : {}) };
  }

  /** What the cell shows: the journal with the changes typed but not saved yet. */
  function shownNow(lesson: Lesson, studentId: number): { marks: ShownMark[]; code?: Absence['code'] } {
    const key = cellKey(lesson.id, studentId);
    const now = cellNow(lesson.id, studentId);
    const start = shownCell(now.marks, now.absence, undefined);
    return unsavedChanges(queryClient, lesson.id, studentId, offline?.queue).reduce(
      (cell, change) =>
        shownCell(
          cell.marks,
          cell.code ? { code: cell.code } : undefined,
          change,
          lesson.workTypeId ?? page.defaultWorkTypeId,
        ),
      start,
    );
  }

  /** An undo is a normal cell save expecting the versions the undone change made. */
  function runUndo(u: Undoable) {
    notifications.hide(UNDO_NOTICE);
    saves.mutate(
      {
        loadId: u.loadId,
        lessonId: u.lessonId,
        studentId: u.studentId,
        change: u.change,
        seen: u.seen,
        what: `${u.what}: отменено`,
        typed: nextTyped(),
      },
      {
        onSuccess: (result: SaveResult) =>
          undoStack.rebaseCell(u.lessonId, u.studentId, (e) =>
            applyPatch(e.seen, targetSlot(e.change), result.set),
          ),
      },
    );
  }

  function perform(action: GridAction) {
    if (action.type === 'undo') return undoLast();
    if (action.type === 'move') return moveTo(pos.row + action.rows, pos.col + action.cols);
    if (action.type === 'rowStart') return moveTo(pos.row, 0);
    if (action.type === 'rowEnd') return moveTo(pos.row, lastLesson);
    if (action.type === 'page') return moveTo(pos.row + action.dir * rowsInView(), pos.col);
    if (action.type === 'first') return moveTo(0, 0);
    // The last cell as End reaches it: the last lesson (the pinned columns are arrowed to from there).
    if (action.type === 'last') return moveTo(page.students.length - 1, lastLesson);
    if (pos.col >= pinnedStart) return action.type === 'unknown' ? undefined : performPinned(action);
    if (action.type === 'unknown') return tellKeys();
    const lesson = page.lessons[pos.col];
    if (!lesson) return;
    if (action.type === 'edit') {
      if (pos.row === -1) return onEditLesson(lesson);
      return moveTo(pos.row + 1, pos.col);
    }
    const student = page.students[pos.row];
    if (!student) return;
    // The history, like the menu, is read on a read-only page too.
    if (action.type === 'history') return openHistory(lesson, student);
    // The menu shows work types and comments on a read-only page too.
    if (action.type === 'menu') {
      setMenu({ ...pos });
      return;
    }
    if (!writable && !lesson.givenByMe) {
      notifications.show({ color: 'yellow', message: 'Страница открыта только для просмотра' });
      return;
    }
    if (!enrolledOn(student.enrolled, lesson.date)) {
      notifications.show({ color: 'yellow', message: 'Ученик не числится в классе в этот день' });
      return;
    }
    const key = cellKey(lesson.id, student.id);
    const { marks: cellMarks, absence } = cellNow(lesson.id, student.id);
    const target = { lesson, student };
    const shown = shownNow(lesson, student.id).marks;
    if (action.type === 'addNext') {
      if (noMarks) return refuseMarks();
      if (shown.length === 0) return announceHint('Клетка пуста: просто наберите отметку');
      if (nextSlot(shown) === null) return refuseSixth();
      setAdding({ ...pos });
      setAnnouncement('Следующая отметка добавится к поставленным');
      return;
    }
    if (action.type === 'mark' || action.type === 'addMark') {
      if (noMarks) return refuseMarks();
      const add = action.type === 'addMark' || (adding?.row === pos.row && adding.col === pos.col);
      const last = shown.at(-1);
      let slot: number;
      if (add && last) {
        const free = nextSlot(shown);
        if (free === null) return refuseSixth();
        slot = free;
      } else slot = last?.slot ?? 1;
      const label = MARK_LABELS[action.value];
      const replaced = shown.find((m) => m.slot === slot);
      const change: CellChange = { kind: 'mark', value: action.value, slot };
      if (replaced && replaced.value !== action.value) {
        const old = MARK_LABELS[replaced.value];
        saveCell(target, `отметка ${label}`, change, { notice: `отметка ${old} заменена на ${label}` });
      } else saveCell(target, add && last ? `ещё отметка ${label}` : `отметка ${label}`, change, null);
      moveTo(pos.row + 1, pos.col);
    } else if (action.type === 'absence') {
      const label = ABSENCE_LABELS[action.code];
      const before = shownNow(lesson, student.id).code;
      // Another absence replaced is offered «Отменить», as an overwritten mark is; a new one is undone by Ctrl+Z.
      saveCell(
        target,
        label,
        { kind: 'absence', code: action.code },
        before && before !== action.code
          ? { notice: `${ABSENCE_LABELS[before]} заменено на ${label}` }
          : null,
      );
      moveTo(pos.row + 1, pos.col);
    } else if (action.type === 'clear') {
      if (cellMarks.length === 0 && !absence && !isSaving(queryClient, lesson.id, student.id, offline?.queue))
        return;
      const text = [
        absence && ABSENCE_LABELS[absence.code],
        cellMarks.length > 0 && marksText(cellMarks, MARK_LABELS),
      ]
        .filter(Boolean)
        .join(' ');
      const run = () =>
        saveCell(
          target,
          'ячейка очищена',
          { kind: 'clear' },
          cellMarks.length > 0 || absence ? { notice: `удалено «${text}»` } : null,
        );
      askIfHeavy(cellMarks, run);
    }
  }

  /** A key in a pinned column: the period, year, exam and final marks are typed like any mark. */
  function performPinned(action: GridAction, accept = false) {
    const index = pos.col - pinnedStart;
    const column = pinned[index];
    const student = page.students[pos.row];
    if (!column || !student) return;
    if (action.type === 'edit' && !accept) return moveTo(pos.row + 1, pos.col);
    if (action.type === 'menu' || action.type === 'undo' || action.type === 'history') return;
    if (column.kind !== 'final') {
      notifications.show({
        color: 'gray',
        message: `${column.title}: считается сам по текущим отметкам и пропускам, набирать здесь нечего`,
      });
      return;
    }
    const studentFinals = finalsByStudent.get(student.id) ?? NO_FINALS;
    const value = accept
      ? suggestedValue(column, {
          marks: marksByStudent.get(student.id) ?? NO_MARKS,
          finals: studentFinals,
          rules: page.rules,
          periods: page.periods,
          pagePeriodId: page.periodId,
        })
      : finalValueForAction(action);
    if (value === undefined) return;
    if (accept && value === null) {
      notifications.show({ color: 'gray', message: `${shortName(student)}: журналу нечего предложить` });
      return;
    }
    if (!finals) return;
    if (!pinnedEditable[index]) {
      // Theirs to set, but not now: the period (or the year's last period) is closed.
      const periodClosed = finals.load.writable;
      notifications.show({
        color: 'yellow',
        message: periodClosed
          ? `${column.title}: период закрыт заместителем директора, отметка только для просмотра`
          : `${column.title}: только для просмотра`,
      });
      return;
    }
    const current = finalOf(studentFinals, column.markKind, column.periodId);
    if ((current?.value ?? null) !== value) {
      finalSaves.save({
        studentId: student.id,
        kind: column.markKind,
        periodId: column.periodId,
        value,
        expectedVersion: current?.version ?? null,
        key: finalSaveKey(student.id, column),
        what: `${shortName(student)}, ${finalTitle(column)}`,
      });
    }
    moveTo(pos.row + 1, pos.col);
  }

  /** Deleting a mark of a heavy work type (контрольная…) asks first; anything else goes at once. */
  function askIfHeavy(deleted: readonly Mark[], run: () => void) {
    const heavy = deleted.filter((m) => m.weight >= HEAVY_WEIGHT);
    if (heavy.length === 0) return run();
    const named = heavy
      .map((m) => {
        const w = workTypes.get(m.workTypeId);
        return `«${MARK_LABELS[m.value]}»${w ? ` (${inSentence(w.name)}, вес ${m.weight})` : ''}`;
      })
      .join(', ');
    setConfirm({
      question: `Удалить ${heavy.length > 1 ? 'отметки' : 'отметку'} ${named}? Это можно будет отменить (Ctrl+Z).`,
      run,
    });
  }

  function refuseMarks() {
    notifications.show({ color: 'yellow', message: 'По этому предмету в этом классе отметки не ставятся' });
  }
  function refuseSixth() {
    setAdding(null);
    notifications.show({ color: 'red', title: 'Отметка не поставлена', message: SIXTH_MARK_REFUSED });
    setAnnouncement(SIXTH_MARK_REFUSED);
  }
  function announceHint(text: string) {
    setAnnouncement(text);
  }

  /** Rows that fit in the scrolled area under the dates: what PageUp/PageDown moves by. */
  function rowsInView(): number {
    const scroller = scrollRef.current;
    const row = gridRef.current?.querySelector('tbody tr');
    const head = gridRef.current?.querySelector('thead');
    if (!scroller || !row) return 1;
    const height = row.getBoundingClientRect().height || 30;
    const free = scroller.clientHeight - (head?.getBoundingClientRect().height ?? 0);
    return Math.max(1, Math.floor(free / height));
  }

  /** The keys, once per visit, when a key that means nothing was typed (not on a read-only page). */
  function tellKeys() {
    if (keysTold.current || (!writable && !page.lessons.some((l) => l.givenByMe))) return;
    keysTold.current = true;
    const lines = keysHelp(passFail);
    notifications.show({
      color: 'blue',
      title: 'Эта клавиша в журнале ничего не делает',
      autoClose: 15_000,
      message: (
        <ul className="journal-keys-help">
          {lines.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
      ),
    });
    setAnnouncement(`Клавиши журнала: ${lines.join('; ')}`);
  }

  function undoLast() {
    const u = undoStack.popFor(page.load.loadId);
    if (!u) {
      notifications.show({
        color: 'gray',
        message: 'Отменять нечего: на этой странице вы ещё ничего не заменили и не удалили',
      });
      return;
    }
    runUndo(u);
  }

  function openHistory(lesson: Lesson, student: JournalPage['students'][number]) {
    setHistory({
      loadId: page.load.loadId,
      lessonId: lesson.id,
      studentId: student.id,
      title: `${shortName(student)}, ${labels.get(lesson.id)}`,
    });
  }

  function onKeyDown(e: React.KeyboardEvent) {
    // The space bar in a mark column puts the journal's suggestion there.
    if (pos.col >= pinnedStart && pos.row >= 0 && e.key === ' ' && !e.ctrlKey && !e.altKey && !e.metaKey) {
      e.preventDefault();
      performPinned({ type: 'edit' }, true);
      return;
    }
    const action = actionForKey(e, { allowOne: page.allowOne, passFail });
    if (!action) return;
    e.preventDefault();
    perform(action);
  }

  if (page.students.length === 0) return <p>В классе нет учеников за этот период.</p>;
  if (page.lessons.length === 0) return <p>В этом периоде ещё нет уроков.</p>;

  const period = page.periods.find((p) => p.id === page.periodId)?.name ?? 'весь год';
  const menuLesson = menu ? page.lessons[menu.col] : undefined;
  const menuStudent = menu ? page.students[menu.row] : undefined;
  const menuMarks =
    menuLesson && menuStudent ? (marks.get(cellKey(menuLesson.id, menuStudent.id)) ?? NO_MARKS) : NO_MARKS;
  const closeMenu = () => {
    setMenu(null);
    refocus();
  };
  return (
    // The browser's own focus scrolling keeps a cell clear of the pinned columns too.
    <div className="journal-scroll" ref={scrollRef} style={{ scrollPaddingRight: pinnedWidth(pinned) }}>
      <MarkMenu
        title={menuLesson && menuStudent ? `${shortName(menuStudent)}, ${labels.get(menuLesson.id)}` : null}
        marks={menuMarks}
        workTypes={page.workTypes}
        writable={(writable || (menuLesson?.givenByMe ?? false)) && !noMarks}
        onSave={(slot, workTypeId, comment) => {
          if (!menuLesson || !menuStudent) return;
          const mark = menuMarks.find((m) => m.slot === slot);
          const w = workTypes.get(workTypeId);
          const label = mark ? MARK_LABELS[mark.value] : '';
          const notice = `отметка ${label}: ${w ? inSentence(w.name) : 'вид работы изменён'}${comment ? `, «${comment}»` : ''}`;
          saveCell(
            { lesson: menuLesson, student: menuStudent },
            notice,
            { kind: 'markDetails', slot, workTypeId, comment },
            { notice },
          );
          closeMenu();
        }}
        onDelete={(slot) => {
          if (!menuLesson || !menuStudent) return;
          const mark = menuMarks.find((m) => m.slot === slot);
          if (!mark) return;
          const target = { lesson: menuLesson, student: menuStudent };
          const notice = `удалена отметка ${MARK_LABELS[mark.value]}`;
          setMenu(null);
          askIfHeavy([mark], () => saveCell(target, notice, { kind: 'deleteMark', slot }, { notice }));
          if (mark.weight < HEAVY_WEIGHT) refocus();
        }}
        onClose={closeMenu}
        states={
          menuLesson &&
          menuStudent &&
          !noMarks && (
            <CellStatesMenu
              key={`${menuLesson.id}:${menuStudent.id}`}
              page={page}
              lesson={menuLesson}
              studentId={menuStudent.id}
              writable={writable || menuLesson.givenByMe}
              call={call}
            />
          )
        }
        onHistory={() => {
          if (menuLesson && menuStudent) openHistory(menuLesson, menuStudent);
          setMenu(null);
        }}
      />
      <CellHistory
        target={history}
        call={call}
        onClose={() => {
          setHistory(null);
          refocus();
        }}
      />
      <Modal
        opened={confirm !== null}
        onClose={() => {
          setConfirm(null);
          refocus();
        }}
        title="Удалить отметку?"
        size="sm"
      >
        <Text size="sm">{confirm?.question}</Text>
        <Group justify="flex-end" mt="md">
          <Button
            variant="default"
            onClick={() => {
              setConfirm(null);
              refocus();
            }}
          >
            Отмена
          </Button>
          <Button
            color="red"
            data-autofocus
            onClick={() => {
              confirm?.run();
              setConfirm(null);
              refocus();
            }}
          >
            Удалить
          </Button>
        </Group>
      </Modal>
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
        aria-colcount={page.lessons.length + pinned.length + 1}
        aria-rowcount={page.students.length + 1}
        style={{ width: NAME_WIDTH + totalWidth + pinnedWidth(pinned) }}
        onKeyDown={onKeyDown}
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
              // A lesson whose marks get a work type of their own (a контрольная): said and shown.
              const lessonWork = l.workTypeId === null ? undefined : workTypes.get(l.workTypeId);
              const attendance = attendanceHeader(l, today);
              return (
                <th
                  key={l.id}
                  scope="col"
                  aria-colindex={col + 2}
                  data-pos={`-1:${col}`}
                  tabIndex={active ? 0 : -1}
                  className={[
                    'journal-date',
                    // Only a lesson that has taken place can be missing its topic; one still to
                    // come is drawn apart, never as an omission.
                    !l.topic && !l.cancelled && l.date <= today && 'journal-date--empty',
                    l.date > today && 'journal-date--future',
                    l.cancelled && 'journal-date--cancelled',
                    l.givenByMe && 'journal-date--mine',
                    l.date === today && 'journal-date--today',
                    lessonWork && 'journal-date--work',
                    attendance.className,
                    active && 'is-active',
                  ]
                    .filter(Boolean)
                    .join(' ')}
                  aria-label={`Урок ${labels.get(l.id)}${l.givenByMe ? ', ваш (замена)' : ''}${l.cancelled ? `, отменён${l.cancelReason ? `: ${l.cancelReason}` : ''}` : ''}${l.topic ? `, тема: ${l.topic}` : l.cancelled ? '' : l.date > today ? ', урок впереди' : ', тема не заполнена'}${lessonWork ? `, ${inSentence(lessonWork.name)}` : ''}`}
                  title={[
                    l.givenByMe && 'Вы провели этот урок в замену: его можно заполнить',
                    l.cancelled && `Урок отменён${l.cancelReason ? `: ${l.cancelReason}` : ''}`,
                    l.topic || (l.cancelled ? '' : 'Тема не заполнена'),
                    l.homework && `Д/з: ${l.homework}`,
                    lessonWork && `Отметки урока: ${lessonWork.name}, вес ${lessonWork.weight}`,
                    attendance.title,
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
            <PinnedHeader
              columns={pinned}
              offsets={pinnedOffsets}
              start={pinnedStart}
              activeCol={pos.row === -1 ? pos.col : -1}
              onClick={(col) => moveTo(-1, col)}
            />
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
              owed={owedOf(s.id)}
              workTypes={workTypes}
              defaultWorkTypeId={page.defaultWorkTypeId}
              activeCol={pos.row === row ? pos.col : -1}
              adding={adding?.row === row && adding.col === pos.col}
              onCellClick={onCellClick}
              onCellMenu={onCellMenu}
              pinned={pinned}
              pinnedOffsets={pinnedOffsets}
              pinnedEditable={pinnedEditable}
              finals={finalsByStudent.get(s.id) ?? NO_FINALS}
              finalSaves={finalSaves.saves.get(s.id)}
              rules={page.rules}
              passFail={passFail}
              periods={page.periods}
            />
          ))}
        </tbody>
      </table>
    </div>
  );
}
