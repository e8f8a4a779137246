import { Badge, Group, Stack, Table, Text } from '@mantine/core';
import type { DiaryWeek } from '../../shared/diary/schemas';
import { ABSENCE_LABELS, ABSENCE_TITLES } from '../../shared/journal/attendance';
import { MARK_LABELS, type MarkValue } from '../../shared/journal/marks';

type DiaryLesson = DiaryWeek['days'][number]['lessons'][number];

const MARK_COLORS: Record<MarkValue, string> = {
  '5': 'green',
  '4': 'green',
  '3': 'yellow',
  '2': 'red',
  '1': 'red',
  зач: 'teal',
  незач: 'red',
};

/** A lesson's absence and marks as badges (the work type and weight are in the label and tooltip). */
function LessonMarks({ lesson }: { lesson: DiaryLesson }) {
  return (
    <Group gap={4}>
      {lesson.absence && (
        <Badge
          color="red"
          variant="light"
          title={ABSENCE_TITLES[lesson.absence]}
          aria-label={`Пропуск: ${ABSENCE_LABELS[lesson.absence]}, ${ABSENCE_TITLES[lesson.absence]}`}
        >
          {ABSENCE_LABELS[lesson.absence]}
        </Badge>
      )}
      {lesson.marks.map((m, i) => (
        <Badge
          // biome-ignore lint/suspicious/noArrayIndexKey: a lesson's marks come in slot order and have no id of their own
          key={i}
          className="diary-mark"
          color={MARK_COLORS[m.value]}
          variant="light"
          title={`${m.workType}, вес ${m.weight}`}
          aria-label={`Отметка ${MARK_LABELS[m.value]}: ${m.workType}`}
        >
          {MARK_LABELS[m.value]}
        </Badge>
      ))}
    </Group>
  );
}

/** One day's lessons: a table on a computer, stacked blocks on a phone. */
export function DayLessons({
  lessons,
  holiday,
  narrow,
}: {
  lessons: DiaryLesson[];
  holiday: string | null;
  narrow: boolean;
}) {
  if (lessons.length === 0) {
    return (
      <Text c="dimmed" size="sm">
        {holiday ?? 'Уроков нет'}
      </Text>
    );
  }
  if (narrow) {
    return (
      <Stack component="ul" gap="sm" className="diary-lessons">
        {lessons.map((l) => (
          <li key={`${l.number}-${l.subject}`} className="diary-lesson">
            <Group justify="space-between" wrap="nowrap" align="flex-start">
              <div>
                <Text fw={600} size="sm">
                  {l.number}. {l.subject}
                </Text>
                {l.time && (
                  <Text size="xs" c="dimmed">
                    {l.time}
                  </Text>
                )}
              </div>
              <LessonMarks lesson={l} />
            </Group>
            {l.topic && <Text size="sm">{l.topic}</Text>}
            {l.homework && (
              <Text size="sm">
                <Text span c="dimmed" size="sm">
                  Д/з:{' '}
                </Text>
                {l.homework}
              </Text>
            )}
          </li>
        ))}
      </Stack>
    );
  }
  return (
    <Table className="diary-day" layout="fixed">
      <Table.Thead>
        <Table.Tr>
          <Table.Th w={90}>№</Table.Th>
          <Table.Th w={190}>Предмет</Table.Th>
          <Table.Th>Тема урока</Table.Th>
          <Table.Th>Домашнее задание</Table.Th>
          <Table.Th w={150}>Отметки</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {lessons.map((l) => (
          <Table.Tr key={`${l.number}-${l.subject}`}>
            <Table.Td>
              {l.number}
              {l.time && (
                <Text size="xs" c="dimmed">
                  {l.time}
                </Text>
              )}
            </Table.Td>
            <Table.Td>{l.subject}</Table.Td>
            <Table.Td>{l.topic}</Table.Td>
            <Table.Td>{l.homework}</Table.Td>
            <Table.Td>
              <LessonMarks lesson={l} />
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
