import { Card, List, Text, Title } from '@mantine/core';
import type { DiaryWeek } from '../../shared/diary/schemas';
import { formatDayMonth, localIsoDate } from '../../shared/i18n/dates';
import { isOverdue } from '../../shared/journal/cell-states';

/** The child's owed works (долги) with their due dates; red once the date has passed. Only when there are some. */
export function OwedWorks({ owed }: { owed: DiaryWeek['owed'] }) {
  if (owed.length === 0) return null;
  const today = localIsoDate(new Date());
  return (
    <Card withBorder padding="sm" component="section" aria-label="Долги">
      <Title order={4} mb="xs">
        Долги: работы, которые нужно сдать
      </Title>
      <List spacing={4}>
        {owed.map((o) => (
          <List.Item key={`${o.subject}:${o.lessonDate}`}>
            <Text size="sm" c={isOverdue(o.dueOn, today) ? 'red' : undefined}>
              {o.subject}, работа за {formatDayMonth(o.lessonDate)} — сдать до {formatDayMonth(o.dueOn)}
              {isOverdue(o.dueOn, today) ? ' (срок прошёл)' : ''}
            </Text>
          </List.Item>
        ))}
      </List>
    </Card>
  );
}
