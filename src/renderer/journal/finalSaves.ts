import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useState } from 'react';
import type { FinalMarkValue } from '../../shared/periods/final-marks';
import type { FinalMark, LoadFinalMarks } from '../../shared/periods/schemas';
import { type Call, CallError, errorText } from '../api/client';
import type { FinalSave } from './PinnedCells';

export const finalMarksKey = (loadId: number) => ['periods.finalMarks', loadId] as const;

interface FinalChange {
  studentId: number;
  kind: FinalMark['kind'];
  periodId: number | null;
  value: FinalMarkValue | null;
  expectedVersion: number | null;
  /** The cell's key (PinnedCells finalSaveKey) and what a notice says about it. */
  key: string;
  what: string;
}

/**
 * Saves of the period, year, exam and final marks typed in the grid's pinned columns: each goes at
 * once through periods.setFinalMark (the same rules as the «Итоговые отметки» screen); the cell shows
 * the typed value while it is saved, and a refusal (a closed period, too few marks) stays in it.
 */
export function useFinalSaves(call: Call, loadId: number, announce: (text: string) => void) {
  const queryClient = useQueryClient();
  // Per student, a new map only for the student whose save changed (their row re-renders, no other).
  const [saves, setSaves] = useState(new Map<number, ReadonlyMap<string, FinalSave>>());
  const setOne = useCallback((studentId: number, key: string, save: FinalSave | null) => {
    setSaves((all) => {
      const own = new Map(all.get(studentId));
      if (save) own.set(key, save);
      else own.delete(key);
      const next = new Map(all);
      next.set(studentId, own);
      return next;
    });
  }, []);

  const save = useCallback(
    (change: FinalChange) => {
      setOne(change.studentId, change.key, { status: 'pending', value: change.value });
      call('periods.setFinalMark', {
        loadId,
        studentId: change.studentId,
        kind: change.kind,
        periodId: change.periodId,
        value: change.value,
        expectedVersion: change.expectedVersion,
      }).then(
        (mark) => {
          queryClient.setQueryData<LoadFinalMarks>(finalMarksKey(loadId), (data) => {
            if (!data) return data;
            const others = data.marks.filter(
              (m) =>
                !(
                  m.studentId === change.studentId &&
                  m.kind === change.kind &&
                  m.periodId === change.periodId
                ),
            );
            return { ...data, marks: mark ? [...others, mark] : others };
          });
          setOne(change.studentId, change.key, null);
          announce(`${change.what}: ${change.value === null ? 'очищено' : `«${change.value}»`}, сохранено`);
        },
        (e: unknown) => {
          const message = errorText(e, 'Отметка не сохранена: нет связи с сервером журнала');
          setOne(change.studentId, change.key, { status: 'error', value: change.value, message });
          notifications.show({ color: 'red', title: 'Отметка не сохранена', message });
          announce(`${change.what}: не сохранено. ${message}`);
          // Someone else changed it: show what is there now.
          if (e instanceof CallError && e.code === 'CONFLICT')
            void queryClient.invalidateQueries({ queryKey: finalMarksKey(loadId) });
        },
      );
    },
    [call, loadId, queryClient, setOne, announce],
  );
  return { saves, save };
}
