import { Alert, Loader, Select, Stack, Table, Text } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { shortName } from '../../shared/i18n/names';
import { topic } from '../../shared/sync/topics';
import type { Call } from '../api/client';
import { errorText, refreshStudents } from './queries';

/**
 * Подгруппы of the class's split subjects (001 §2.13): each student's group per subject; every
 * student is expected in exactly one, and what is not so is listed above the table.
 */
export function GroupsTab({ classId, call }: { classId: number; call: Call }) {
  const client = useQueryClient();
  const view = useQuery({
    queryKey: ['students.groups', classId],
    queryFn: () => call('students.groups', { classId }),
    meta: { topics: [topic.class(classId)] },
  });
  const set = useMutation({
    mutationFn: (input: { subjectId: number; studentId: number; groupId: number | null }) =>
      call('students.setGroup', { classId, ...input }),
    onSuccess: (next) => {
      client.setQueryData(['students.groups', classId], next);
      void refreshStudents(client);
    },
  });
  if (view.isPending) return <Loader aria-label="Загрузка" />;
  if (view.isError)
    return (
      <Alert color="red" role="alert">
        {errorText(view.error, 'Не удалось загрузить группы')}
      </Alert>
    );
  const v = view.data;
  if (v.subjects.length === 0) return <Text>В этом классе нет предметов с делением на группы.</Text>;
  return (
    <Stack>
      {v.warnings.length > 0 ? (
        <Alert color="orange" title="Распределение по группам не закончено">
          {v.warnings.map((w) => (
            <Text key={w} size="sm">
              {w}
            </Text>
          ))}
        </Alert>
      ) : (
        <Text size="sm" c="dimmed">
          Каждый ученик — ровно в одной группе по каждому предмету.
        </Text>
      )}
      {set.isError && (
        <Alert color="red" role="alert">
          {errorText(set.error, 'Не удалось изменить группу')}
        </Alert>
      )}
      <Table withTableBorder>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Ученик</Table.Th>
            {v.subjects.map((s) => (
              <Table.Th key={s.subjectId}>{s.subjectName}</Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {v.students.map((st) => (
            <Table.Tr key={st.id}>
              <Table.Td>{shortName(st)}</Table.Td>
              {v.subjects.map((s) => {
                const groupId = st.groups[String(s.subjectId)] ?? null;
                const data = s.groups.map((g) => ({
                  value: String(g.id),
                  label: g.teacherName ? `${g.name} (${g.teacherName})` : g.name,
                }));
                return (
                  <Table.Td key={s.subjectId}>
                    {v.canEdit ? (
                      <Select
                        aria-label={`${shortName(st)}: ${s.subjectName}`}
                        data={data}
                        value={groupId === null ? null : String(groupId)}
                        placeholder="не в группе"
                        error={groupId === null ? true : undefined}
                        onChange={(value) =>
                          set.mutate({
                            subjectId: s.subjectId,
                            studentId: st.id,
                            groupId: value === null ? null : Number(value),
                          })
                        }
                        size="xs"
                      />
                    ) : (
                      (s.groups.find((g) => g.id === groupId)?.name ?? '—')
                    )}
                  </Table.Td>
                );
              })}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}
