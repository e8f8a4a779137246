import { z } from 'zod';

/**
 * A cell's history (issue 9, «История клетки»): who set which value when and what it replaced, read
 * from the audit log. The texts are built by the service (src/main/journal/history.ts), in Russian.
 */
export const HistoryEntry = z.object({
  /** The moment of the change (ISO, UTC); the screen shows it in local date and time. */
  at: z.string(),
  /** «Петрова М. И.» */
  who: z.string(),
  /** «учитель», «учитель на замене» */
  role: z.string(),
  /** «поставлена 4 (ответ на уроке)», «4 заменена на 5», «удалена 3», «Н», «снят пропуск Н» */
  text: z.string(),
  kind: z.enum(['mark', 'absence', 'lesson']),
  /**
   * false: the value was entered before the audit log recorded this cell (a journal filled by the
   * demo or an import); the moment and the author come from the row itself.
   */
  recorded: z.boolean(),
});
export type HistoryEntry = z.infer<typeof HistoryEntry>;

export const CellHistory = z.object({
  /** The cell's marks and absence, oldest first. */
  cell: z.array(HistoryEntry),
  /** The lesson's own changes (topic, homework, work type, cancellation, замена), oldest first. */
  lesson: z.array(HistoryEntry),
});
export type CellHistory = z.infer<typeof CellHistory>;
