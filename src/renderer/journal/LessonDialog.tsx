import { Alert, Button, Group, Modal, Stack, Text, Textarea } from '@mantine/core';
import { useEffect, useState } from 'react';
import { formatWeekdayLong } from '../../shared/i18n/dates';
import type { Lesson } from '../../shared/journal/schemas';
import { type Call, CallError } from '../api/client';

interface Props {
  lesson: Lesson | null;
  writable: boolean;
  call: Call;
  onSaved(lesson: Lesson): void;
  onClose(): void;
  onConflict(): void;
}

/** Topic and homework of one lesson (Enter or a double click on the lesson's date). */
export function LessonDialog({ lesson, writable, call, onSaved, onClose, onConflict }: Props) {
  const [topic, setTopic] = useState('');
  const [homework, setHomework] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    setTopic(lesson?.topic ?? '');
    setHomework(lesson?.homework ?? '');
    setError(null);
  }, [lesson]);

  async function save() {
    if (!lesson) return;
    setBusy(true);
    setError(null);
    try {
      onSaved(
        await call('journal.updateLesson', {
          lessonId: lesson.id,
          topic,
          homework,
          expectedVersion: lesson.version,
        }),
      );
    } catch (e) {
      setError(e instanceof CallError ? e.message : 'Не удалось сохранить');
      if (e instanceof CallError && e.code === 'CONFLICT') onConflict();
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal
      opened={lesson !== null}
      onClose={onClose}
      title={lesson ? `Урок: ${formatWeekdayLong(lesson.date)}, ${lesson.number}-й урок` : ''}
      size="lg"
    >
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <Stack>
          <Textarea
            label="Тема урока"
            value={topic}
            onChange={(e) => setTopic(e.currentTarget.value)}
            autosize
            minRows={2}
            maxLength={500}
            readOnly={!writable}
            data-autofocus
          />
          <Textarea
            label="Домашнее задание"
            value={homework}
            onChange={(e) => setHomework(e.currentTarget.value)}
            autosize
            minRows={2}
            maxLength={2000}
            readOnly={!writable}
          />
          {!writable && (
            <Text size="sm" c="dimmed">
              Только просмотр: урок ведёт другой учитель.
            </Text>
          )}
          {error && (
            <Alert color="red" role="alert">
              {error}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {writable ? 'Отмена' : 'Закрыть'}
            </Button>
            {writable && (
              <Button type="submit" loading={busy}>
                Сохранить
              </Button>
            )}
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
