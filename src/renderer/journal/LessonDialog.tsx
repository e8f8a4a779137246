import { Alert, Button, Group, Modal, Select, Stack, Text, Textarea } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { type ReactNode, useEffect, useState } from 'react';
import type { Input } from '../../shared/api/contract';
import { formatWeekdayLong } from '../../shared/i18n/dates';
import type { Lesson } from '../../shared/journal/schemas';
import { type Call, CallError } from '../api/client';
import { isUnreachable, useConnection } from '../common/connection';
import { callErrors, checkInput, type FieldErrors, leavesForButton } from '../common/form';
import type { WorkType } from './workTypes';

/**
 * Topic and homework are not queued offline (only cell saves are): a long text typed against a
 * lesson whose version may move is better kept in front of the teacher than sent blindly later.
 */
export const LESSON_OFFLINE =
  'Нет связи с сервером журнала: тема и домашнее задание не сохранены. Текст остаётся в этом окне — нажмите «Сохранить», когда связь восстановится.';

interface Props {
  lesson: Lesson | null;
  writable: boolean;
  /** The school's work types; the lesson's new marks get the one chosen here. */
  workTypes: WorkType[];
  /** The school's default, for a lesson that names none. */
  defaultWorkTypeId: number;
  /** Whether the subject has marks here at all (no work type to choose otherwise). */
  marked: boolean;
  call: Call;
  onSaved(lesson: Lesson): void;
  onClose(): void;
  onConflict(): void;
  /** Whether the lesson's attendance was taken (AttendanceTaken.tsx). */
  attendance?: ReactNode;
}

type Errors = FieldErrors<'journal.updateLesson'>;

/**
 * Topic, homework and the work type of the marks of one lesson (Enter or a double click on the
 * lesson's date): a контрольная lesson gives each new mark that day its work type and weight.
 * Checked with the method's own input schema, on leaving a field and on saving, so the limits live in
 * the contract only.
 */
export function LessonDialog({
  lesson,
  writable,
  workTypes,
  defaultWorkTypeId,
  marked,
  call,
  onSaved,
  onClose,
  onConflict,
  attendance,
}: Props) {
  const [topic, setTopic] = useState('');
  const [homework, setHomework] = useState('');
  // null: the school's default work type.
  const [workTypeId, setWorkTypeId] = useState<number | null>(null);
  const [errors, setErrors] = useState<Errors>({});
  const save = useMutation({
    mutationKey: ['journal.updateLesson'],
    mutationFn: (input: Input<'journal.updateLesson'>) => call('journal.updateLesson', input),
    onSuccess: onSaved,
    onError: (e) => {
      if (isUnreachable(e)) return setErrors({ form: LESSON_OFFLINE });
      setErrors(callErrors(e, ['topic', 'homework', 'workTypeId'], 'Не удалось сохранить'));
      if (e instanceof CallError && e.code === 'CONFLICT') onConflict();
    },
  });
  const { reset } = save;
  const { online } = useConnection();

  useEffect(() => {
    setTopic(lesson?.topic ?? '');
    setHomework(lesson?.homework ?? '');
    setWorkTypeId(lesson?.workTypeId ?? null);
    setErrors({});
    reset();
  }, [lesson, reset]);

  const values = () => ({
    lessonId: lesson?.id,
    topic,
    homework,
    workTypeId,
    expectedVersion: lesson?.version,
  });
  /** On leaving a field: its own message only (the other field may not have been touched yet). */
  const checkField = (field: 'topic' | 'homework') =>
    setErrors((prev) => ({ ...prev, [field]: checkInput('journal.updateLesson', values()).errors[field] }));

  function submit() {
    if (!lesson) return;
    const check = checkInput('journal.updateLesson', values());
    setErrors(check.errors);
    if (check.ok)
      save.mutate({ lessonId: lesson.id, topic, homework, workTypeId, expectedVersion: lesson.version });
  }

  return (
    <Modal
      opened={lesson !== null}
      onClose={onClose}
      title={lesson ? `Урок: ${formatWeekdayLong(lesson.date)}, ${lesson.number}-й урок` : ''}
      size="lg"
    >
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <Stack>
          <Textarea
            label="Тема урока"
            value={topic}
            onChange={(e) => setTopic(e.currentTarget.value)}
            onBlur={(e) => !leavesForButton(e) && checkField('topic')}
            error={errors.topic}
            autosize
            minRows={2}
            readOnly={!writable}
            data-autofocus
          />
          <Textarea
            label="Домашнее задание"
            value={homework}
            onChange={(e) => setHomework(e.currentTarget.value)}
            onBlur={(e) => !leavesForButton(e) && checkField('homework')}
            error={errors.homework}
            autosize
            minRows={2}
            readOnly={!writable}
          />
          {marked && (
            <Select
              label="Вид работы для отметок урока"
              description="Новые отметки этого урока получат этот вид работы и его вес; у поставленных он меняется в клетке (F2)"
              data={[
                {
                  value: 'default',
                  label: `По умолчанию: ${workTypes.find((w) => w.id === defaultWorkTypeId)?.name ?? '—'}`,
                },
                ...workTypes.map((w) => ({ value: String(w.id), label: `${w.name} (вес ${w.weight})` })),
              ]}
              value={workTypeId === null ? 'default' : String(workTypeId)}
              onChange={(v) => setWorkTypeId(!v || v === 'default' ? null : Number(v))}
              allowDeselect={false}
              readOnly={!writable}
              error={errors.workTypeId}
            />
          )}
          {attendance}
          {!writable && (
            <Text size="sm" c="dimmed">
              Только просмотр: урок ведёт другой учитель.
            </Text>
          )}
          {!online && writable && !errors.form && (
            <Alert color="orange" role="status">
              Нет связи с сервером журнала: тему и домашнее задание сейчас не сохранить. Текст останется в
              окне.
            </Alert>
          )}
          {errors.form && (
            <Alert color="red" role="alert">
              {errors.form}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {writable ? 'Отмена' : 'Закрыть'}
            </Button>
            {writable && (
              <Button type="submit" loading={save.isPending}>
                Сохранить
              </Button>
            )}
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
