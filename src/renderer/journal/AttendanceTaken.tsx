import { Alert, Button, Group, Text } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { formatDayMonth, localIsoDate } from '../../shared/i18n/dates';
import type { JournalPage, Lesson } from '../../shared/journal/schemas';
import { type Call, errorText } from '../api/client';

interface Props {
  lesson: Lesson;
  loadId: number;
  writable: boolean;
  call: Call;
}

/** «20.11 в 10:05», in this computer's time. */
function takenText(at: string): string {
  const d = new Date(at);
  const time = d.toLocaleTimeString('ru-RU', { hour: '2-digit', minute: '2-digit' });
  return `${formatDayMonth(localIsoDate(d))} в ${time}`;
}

/**
 * The lesson dialog's line on attendance (a past lesson only): taken, and when — by the first
 * absence entered or by this button — or not yet, with «Посещаемость отмечена: все присутствуют»
 * for a lesson where nobody was absent.
 */
export function AttendanceTaken({ lesson, loadId, writable, call }: Props) {
  const queryClient = useQueryClient();
  const take = useMutation({
    mutationFn: () => call('journal.markAttendanceTaken', { lessonId: lesson.id }),
    onSuccess: ({ attendanceTakenAt }) =>
      queryClient.setQueriesData<JournalPage>({ queryKey: ['journal.page', loadId] }, (p) =>
        p
          ? {
              ...p,
              lessons: p.lessons.map((l) => (l.id === lesson.id ? { ...l, attendanceTakenAt } : l)),
            }
          : p,
      ),
  });
  if (lesson.date > localIsoDate(new Date()) || lesson.cancelled) return null;
  const at = take.data?.attendanceTakenAt ?? lesson.attendanceTakenAt;
  return (
    <Group gap="sm" role="group" aria-label="Посещаемость">
      {at ? (
        <Text size="sm" c="green.8">
          ✓ Посещаемость отмечена {takenText(at)}
        </Text>
      ) : (
        <>
          <Text size="sm" c="dimmed">
            Посещаемость не отмечена.
          </Text>
          {writable && (
            <Button
              size="xs"
              variant="light"
              color="green"
              loading={take.isPending}
              onClick={() => take.mutate()}
            >
              Посещаемость отмечена: все присутствуют
            </Button>
          )}
        </>
      )}
      {take.isError && (
        <Alert color="red" role="alert" w="100%">
          {errorText(take.error, 'Не удалось отметить посещаемость')}
        </Alert>
      )}
    </Group>
  );
}
