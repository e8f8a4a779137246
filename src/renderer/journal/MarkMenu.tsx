import { Button, Group, Modal, Select, Stack, Text, TextInput } from '@mantine/core';
import { useEffect, useState } from 'react';
import { MARK_LABELS } from '../../shared/journal/marks';
import type { WorkType } from './workTypes';

/** One mark of the cell as the menu edits it. */
export interface MenuMark {
  slot: number;
  value: keyof typeof MARK_LABELS;
  workTypeId: number;
  comment: string;
}

interface Props {
  /** «Иванова Анна, 12.09»; null when closed. */
  title: string | null;
  marks: MenuMark[];
  workTypes: WorkType[];
  writable: boolean;
  onSave(slot: number, workTypeId: number, comment: string): void;
  onDelete(slot: number): void;
  onClose(): void;
  /** «История»: the cell's history panel (CellHistory.tsx). */
  onHistory(): void;
}

/**
 * The cell's menu (F2, the menu key, a double or right click): each mark with its work type and
 * comment, changed or deleted one at a time. Every action is a cell save like a typed mark.
 */
export function MarkMenu({ title, marks, workTypes, writable, onSave, onDelete, onClose, onHistory }: Props) {
  return (
    <Modal opened={title !== null} onClose={onClose} title={title ? `Отметки: ${title}` : ''} size="lg">
      <Stack gap="md">
        {marks.length === 0 && <Text size="sm">В клетке нет отметок.</Text>}
        {marks.map((m, i) => (
          <MarkRow
            key={m.slot}
            mark={m}
            first={i === 0}
            workTypes={workTypes}
            writable={writable}
            onSave={onSave}
            onDelete={onDelete}
          />
        ))}
        <Text size="xs" c="dimmed">
          Вторая отметка ставится в клетку клавишей «/» и цифрой (или Shift и цифрой).
        </Text>
        <Group justify="flex-end">
          <Button variant="subtle" onClick={onHistory}>
            История
          </Button>
          <Button variant="default" onClick={onClose}>
            Закрыть
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

function MarkRow({
  mark,
  first,
  workTypes,
  writable,
  onSave,
  onDelete,
}: {
  mark: MenuMark;
  first: boolean;
  workTypes: WorkType[];
  writable: boolean;
  onSave: Props['onSave'];
  onDelete: Props['onDelete'];
}) {
  const [workTypeId, setWorkTypeId] = useState(mark.workTypeId);
  const [comment, setComment] = useState(mark.comment);
  useEffect(() => {
    setWorkTypeId(mark.workTypeId);
    setComment(mark.comment);
  }, [mark.workTypeId, mark.comment]);
  const changed = workTypeId !== mark.workTypeId || comment.trim() !== mark.comment;
  const label = MARK_LABELS[mark.value];
  const options = workTypes.map((w) => ({ value: String(w.id), label: `${w.name} (вес ${w.weight})` }));
  // A work type archived since still names the mark it was given to.
  if (!workTypes.some((w) => w.id === mark.workTypeId))
    options.push({ value: String(mark.workTypeId), label: 'Вид работы больше не используется' });
  return (
    <fieldset className="journal-menu-mark" aria-label={`Отметка ${label}`}>
      <Group align="flex-end" gap="sm" wrap="nowrap">
        <Text fw={700} size="xl" w={36} ta="center" aria-hidden="true">
          {label}
        </Text>
        <Select
          label={`Вид работы отметки ${label}`}
          data={options}
          value={String(workTypeId)}
          onChange={(v) => v && setWorkTypeId(Number(v))}
          allowDeselect={false}
          disabled={!writable}
          data-autofocus={first || undefined}
          w={250}
        />
        <TextInput
          label="Комментарий"
          value={comment}
          onChange={(e) => setComment(e.currentTarget.value)}
          maxLength={200}
          readOnly={!writable}
          style={{ flex: 1 }}
        />
      </Group>
      {writable && (
        <Group justify="flex-end" gap="xs" mt={6}>
          <Button size="xs" variant="subtle" color="red" onClick={() => onDelete(mark.slot)}>
            Удалить отметку {label}
          </Button>
          <Button size="xs" disabled={!changed} onClick={() => onSave(mark.slot, workTypeId, comment.trim())}>
            Сохранить
          </Button>
        </Group>
      )}
    </fieldset>
  );
}
