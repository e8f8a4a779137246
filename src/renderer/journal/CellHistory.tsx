import { Alert, Drawer, Loader, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { formatMoment } from '../../shared/i18n/dates';
import type { HistoryEntry } from '../../shared/journal/history';
import { topic } from '../../shared/sync/topics';
import { type Call, errorText } from '../api/client';

/** The cell whose history is open. */
export interface HistoryTarget {
  loadId: number;
  lessonId: number;
  studentId: number;
  /** «Иванова Анна, 12.09» */
  title: string;
}

interface Props {
  target: HistoryTarget | null;
  call: Call;
  /** Closed (Esc, the close button, a click outside): the grid takes the focus back. */
  onClose(): void;
}

/** «12.09.2026, 10:15» on this computer's clock. */
const when = formatMoment;

/**
 * «История клетки» (issue 9): a read-only side panel with who set which mark or absence when and
 * what it replaced, from the audit log (journal.cellHistory), and the lesson's own changes below.
 * Opened from the cell's menu or with F3 on the active cell; on read-only pages too.
 */
export function CellHistory({ target, call, onClose }: Props) {
  const query = useQuery({
    queryKey: ['journal.cellHistory', target?.lessonId, target?.studentId],
    queryFn: () => call('journal.cellHistory', { lessonId: target!.lessonId, studentId: target!.studentId }),
    enabled: target !== null,
    // A change of the page (by anyone) refreshes the open panel too.
    meta: target ? { topics: [topic.load(target.loadId)] } : undefined,
  });
  return (
    <Drawer
      opened={target !== null}
      onClose={onClose}
      position="right"
      size="md"
      title={target ? `История клетки: ${target.title}` : ''}
      closeButtonProps={{ 'aria-label': 'Закрыть историю' }}
    >
      {query.isPending && <Loader size="sm" aria-label="Загрузка истории" />}
      {query.isError && (
        <Alert color="red" title="История не загрузилась">
          {errorText(query.error, 'Попробуйте открыть её ещё раз.')}
        </Alert>
      )}
      {query.data && (
        <Stack gap="lg">
          <Entries
            heading="Отметки и пропуски"
            entries={query.data.cell}
            empty="Клетку ещё не заполняли: изменений нет."
          />
          {query.data.lesson.length > 0 && (
            <Entries heading="Урок: тема, задание, замена" entries={query.data.lesson} empty="" />
          )}
        </Stack>
      )}
    </Drawer>
  );
}

function Entries({ heading, entries, empty }: { heading: string; entries: HistoryEntry[]; empty: string }) {
  return (
    <section aria-label={heading}>
      <Title order={3} size="h5" mb="xs">
        {heading}
      </Title>
      {entries.length === 0 ? (
        <Text size="sm" c="dimmed">
          {empty}
        </Text>
      ) : (
        <ol className="journal-history">
          {entries.map((e, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: the entries never move; the same change may be listed twice (a value set back)
            <li key={i}>
              <Text size="sm" fw={600}>
                {e.text}
              </Text>
              <Text size="xs" c="dimmed">
                {when(e.at)} · {e.who}
                {e.role ? ` (${e.role})` : ''}
                {e.recorded ? '' : ' · внесено без записи в журнале операций'}
              </Text>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
