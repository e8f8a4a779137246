import { memo, useMemo } from 'react';
import { shortName } from '../../shared/i18n/names';
import { inSentence } from '../../shared/i18n/sentence';
import { ABSENCE_LABELS, ABSENCE_TITLES } from '../../shared/journal/attendance';
import type { GradingRules } from '../../shared/journal/grading';
import { MARK_LABELS } from '../../shared/journal/marks';
import type { Absence, JournalPage, Lesson, Mark } from '../../shared/journal/schemas';
import type { FinalMark } from '../../shared/periods/schemas';
import { enrolledOn, movementNote } from '../../shared/students/enrollment';
import { useRowSaves } from './cellSaves';
import { bySlot, type ShownMark, shownCell } from './cells';
import type { Segment } from './columns';
import { type FinalSave, PinnedCells } from './PinnedCells';
import type { PinnedColumn } from './pinned';
import { HEAVY_WEIGHT } from './workTypes';

interface Props {
  /** With their enrollments in the class: cells outside them are closed, as on paper. */
  student: JournalPage['students'][number];
  row: number;
  lessons: Lesson[];
  /** The lesson columns in view and the empty space standing for the others (columns.ts). */
  segments: Segment[];
  labels: Map<number, string>;
  /** This student's marks and absences on the page: the same arrays until one of them changes. */
  marks: Mark[];
  absences: Absence[];
  workTypes: Map<number, { name: string; weight: number }>;
  /** The work type a new mark gets where the lesson names none (the school's default). */
  defaultWorkTypeId: number;
  /** The column of the active cell when it is in this row, otherwise -1. */
  activeCol: number;
  /** «/» was typed on the active cell: its next mark is added to the ones it holds. */
  adding: boolean;
  onCellClick(row: number, col: number): void;
  /** A double or right click: the cell's marks with their work types and comments. */
  onCellMenu(row: number, col: number): void;
  /** The columns pinned at the right (pinned.ts), their offsets and whether each may be set now. */
  pinned: readonly PinnedColumn[];
  pinnedOffsets: readonly number[];
  pinnedEditable: readonly boolean[];
  /** This student's period, year, exam and final marks, and their saves in progress. */
  finals: readonly FinalMark[];
  finalSaves: ReadonlyMap<string, FinalSave> | undefined;
  rules: GradingRules;
  passFail: boolean;
  periods: JournalPage['periods'];
}

const NO_MARKS: ShownMark[] = [];

/**
 * One student's row of the journal grid. Memoized, and given only this student's marks: moving the
 * active cell re-renders only the row it leaves and the row it enters, and a save only its own row
 * (its save states come from the mutation cache, selected for this row), so a whole year (thousands
 * of cells) stays instant under the keyboard.
 */
export const JournalRow = memo(function JournalRow(p: Props) {
  const name = shortName(p.student);
  const marks = useMemo(() => {
    const byLesson = Map.groupBy(p.marks, (m) => m.lessonId);
    for (const cell of byLesson.values()) cell.sort(bySlot);
    return byLesson;
  }, [p.marks]);
  const absences = useMemo(() => new Map(p.absences.map((a) => [a.lessonId, a])), [p.absences]);
  const saves = useRowSaves(p.student.id);
  // «выбыл 12.01» beside the name, as a paper journal has it, for a move within the page's lessons.
  const note = useMemo(
    () =>
      p.lessons.length === 0
        ? ''
        : movementNote(p.student.enrolled, { from: p.lessons[0]!.date, to: p.lessons.at(-1)!.date }),
    [p.student.enrolled, p.lessons],
  );
  return (
    <tr aria-rowindex={p.row + 2}>
      <th scope="row" className="journal-student" aria-colindex={1}>
        <span className="journal-no">{p.row + 1}.</span> {name}
        {note && <span className="journal-moved"> {note}</span>}
      </th>
      {p.segments.map((segment) => {
        if (segment.kind === 'gap')
          return <td key={segment.key} aria-hidden="true" className="journal-gap" />;
        const col = segment.index;
        const l = p.lessons[col]!;
        const save = saves.get(l.id);
        const busy = save?.status === 'pending';
        const waiting = save?.status === 'waiting';
        const error = save?.status === 'error' ? save.message : undefined;
        const shown = shownCell(
          marks.get(l.id) ?? NO_MARKS,
          absences.get(l.id),
          save?.status === 'pending' || save?.status === 'waiting' ? save.change : undefined,
          l.workTypeId ?? p.defaultWorkTypeId,
        );
        const { code } = shown;
        const active = p.activeCol === col;
        const adding = active && p.adding;
        // Not in the class that day (arrived later, left before): the cell is closed.
        const closed = !enrolledOn(p.student.enrolled, l.date);
        const described = shown.marks.map((m) => ({ ...m, workType: p.workTypes.get(m.workTypeId) }));
        const heavy = described.some((m) => (m.workType?.weight ?? 0) >= HEAVY_WEIGHT);
        // «4, контрольная работа; 3, ответ на уроке» — what a screen reader says after the date.
        const spoken = [
          code && ABSENCE_TITLES[code],
          ...described.map((m) =>
            [MARK_LABELS[m.value], m.workType && inSentence(m.workType.name), m.comment && `«${m.comment}»`]
              .filter(Boolean)
              .join(', '),
          ),
        ]
          .filter(Boolean)
          .join('; ');
        const details = [
          busy && 'Сохраняется…',
          waiting && 'Ожидает отправки: нет связи с сервером журнала, изменение хранится на этом компьютере',
          adding && 'Следующая отметка добавится к поставленным',
          ...described.map(
            (m) =>
              `${MARK_LABELS[m.value]}: ${m.workType ? `${m.workType.name}, вес ${m.workType.weight}` : 'вид работы не найден'}${m.comment ? ` — ${m.comment}` : ''}`,
          ),
          code && ABSENCE_TITLES[code],
          closed && `Ученик не числится в классе в этот день${note ? ` (${note})` : ''}`,
          error,
        ].filter(Boolean);
        const last = shown.marks.at(-1);
        return (
          // biome-ignore lint/a11y/useKeyWithClickEvents: the grid handles the keyboard for every cell (roving tab stop)
          <td
            key={l.id}
            data-pos={`${p.row}:${col}`}
            aria-colindex={col + 2}
            tabIndex={active ? 0 : -1}
            aria-label={`${name}, ${p.labels.get(l.id)}${spoken ? `: ${spoken}` : ''}${waiting ? ', ожидает отправки' : ''}${closed ? ', не числится' : ''}`}
            aria-disabled={closed || undefined}
            aria-invalid={error ? true : undefined}
            aria-busy={busy || undefined}
            title={details.join('\n') || undefined}
            className={[
              'journal-cell',
              active && 'is-active',
              closed && 'is-closed',
              error && 'is-error',
              busy && 'is-pending',
              waiting && 'is-waiting',
              code && 'has-absence',
              // One mark colours the cell as before; several colour each their own.
              shown.marks.length === 1 && last && `mark-${last.value}`,
              shown.marks.length === 1 && heavy && 'is-heavy',
              shown.marks.length > 2 && 'has-many',
              adding && 'is-adding',
            ]
              .filter(Boolean)
              .join(' ')}
            onClick={() => p.onCellClick(p.row, col)}
            onDoubleClick={() => p.onCellMenu(p.row, col)}
            onContextMenu={(e) => {
              e.preventDefault();
              p.onCellMenu(p.row, col);
            }}
          >
            {code && ABSENCE_LABELS[code]}
            {code && shown.marks.length > 0 ? ' ' : ''}
            {shown.marks.length > 1
              ? described.map((m, i) => (
                  <span
                    key={m.slot}
                    className={`journal-mark mark-${m.value}${(m.workType?.weight ?? 0) >= HEAVY_WEIGHT ? ' is-heavy' : ''}`}
                  >
                    {i > 0 ? '/' : ''}
                    {MARK_LABELS[m.value]}
                  </span>
                ))
              : last && MARK_LABELS[last.value]}
            {adding && <span className="journal-adding">/</span>}
            {error && <span className="journal-cell-error">{error}</span>}
          </td>
        );
      })}
      <PinnedCells
        columns={p.pinned}
        offsets={p.pinnedOffsets}
        editable={p.pinnedEditable}
        start={p.lessons.length}
        row={p.row}
        name={name}
        activeCol={p.activeCol}
        marks={p.marks}
        absences={p.absences}
        finals={p.finals}
        saves={p.finalSaves}
        studentId={p.student.id}
        rules={p.rules}
        passFail={p.passFail}
        periods={p.periods}
        onCellClick={p.onCellClick}
      />
    </tr>
  );
});
