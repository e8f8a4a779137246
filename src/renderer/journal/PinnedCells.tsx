import { inSentence } from '../../shared/i18n/sentence';
import type { AbsenceCode } from '../../shared/journal/attendance';
import type { CurrentMark, GradingRules } from '../../shared/journal/grading';
import type { JournalPage } from '../../shared/journal/schemas';
import type { FinalMark } from '../../shared/periods/schemas';
import { type PinnedColumn, pinnedCell, pinnedKey } from './pinned';

/** A period, year, exam or final mark being saved, or refused (its message stays in the cell). */
export interface FinalSave {
  status: 'pending' | 'error';
  value: string | null;
  message?: string;
}

export const finalSaveKey = (studentId: number, column: PinnedColumn) =>
  column.kind === 'final' ? `${studentId}:${column.markKind}:${column.periodId ?? 0}` : '';

interface HeaderProps {
  columns: readonly PinnedColumn[];
  offsets: readonly number[];
  /** The column index of the first pinned column (the number of lessons). */
  start: number;
  activeCol: number;
  onClick(col: number): void;
}

/** The pinned columns' headers: sticky at the top and at the right. */
export function PinnedHeader({ columns, offsets, start, activeCol, onClick }: HeaderProps) {
  return columns.map((c, i) => {
    const col = start + i;
    return (
      <th
        key={pinnedKey(c)}
        scope="col"
        aria-colindex={col + 2}
        aria-label={c.title}
        title={c.title}
        data-pos={`-1:${col}`}
        tabIndex={activeCol === col ? 0 : -1}
        className={[
          'journal-pinned',
          i === 0 && 'journal-pinned--first',
          c.kind === 'final' && 'journal-pinned--final',
          activeCol === col && 'is-active',
        ]
          .filter(Boolean)
          .join(' ')}
        style={{ right: offsets[i], width: c.width }}
        onClick={() => onClick(col)}
      >
        {c.short}
      </th>
    );
  });
}

interface RowProps {
  columns: readonly PinnedColumn[];
  offsets: readonly number[];
  /** Per column: the caller may set this mark now (their page, the period open). */
  editable: readonly boolean[];
  start: number;
  row: number;
  name: string;
  activeCol: number;
  marks: readonly CurrentMark[];
  absences: readonly { code: AbsenceCode }[];
  /** This student's period, year, exam and final marks. */
  finals: readonly FinalMark[];
  saves: ReadonlyMap<string, FinalSave> | undefined;
  studentId: number;
  rules: GradingRules;
  passFail: boolean;
  periods: JournalPage['periods'];
  onCellClick(row: number, col: number): void;
}

/** One student's pinned cells: absences, average, suggestion, and the marks set from the keyboard. */
export function PinnedCells(p: RowProps) {
  return p.columns.map((c, i) => {
    const col = p.start + i;
    const shown = pinnedCell(c, {
      marks: p.marks,
      absences: p.absences,
      finals: p.finals,
      rules: p.rules,
      passFail: p.passFail,
      periods: p.periods,
    });
    const save = p.saves?.get(finalSaveKey(p.studentId, c));
    const text = save?.status === 'pending' ? (save.value ?? '') : shown.text;
    const active = p.activeCol === col;
    const spoken = `${p.name}, ${inSentence(c.title)}: ${save?.status === 'pending' ? `${save.value ?? 'очищается'}, сохраняется` : shown.spoken}${c.kind === 'final' && !p.editable[i] ? ', только просмотр' : ''}`;
    const title = [
      c.title,
      shown.spoken,
      p.editable[i] && 'Наберите отметку; Н — «н/а», О — «осв», пробел — предлагаемая, Delete — очистить',
      c.kind === 'final' && !p.editable[i] && 'Только просмотр',
      save?.status === 'error' && save.message,
    ]
      .filter(Boolean)
      .join('\n');
    return (
      // biome-ignore lint/a11y/useKeyWithClickEvents: the grid handles the keyboard for every cell (roving tab stop)
      <td
        key={pinnedKey(c)}
        data-pos={`${p.row}:${col}`}
        aria-colindex={col + 2}
        aria-label={spoken}
        aria-invalid={save?.status === 'error' ? true : undefined}
        aria-busy={save?.status === 'pending' || undefined}
        tabIndex={active ? 0 : -1}
        title={title}
        className={[
          'journal-pinned',
          i === 0 && 'journal-pinned--first',
          c.kind === 'final' && 'journal-pinned--final',
          shown.suggestion && save === undefined && 'is-suggestion',
          c.kind === 'final' && /^[1-5]$/.test(text) && !shown.suggestion && `mark-${text}`,
          save?.status === 'pending' && 'is-pending',
          save?.status === 'error' && 'is-error',
          active && 'is-active',
        ]
          .filter(Boolean)
          .join(' ')}
        style={{ right: p.offsets[i], width: c.width }}
        onClick={() => p.onCellClick(p.row, col)}
      >
        {text}
      </td>
    );
  });
}
