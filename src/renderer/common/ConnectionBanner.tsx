import { Alert, Stack } from '@mantine/core';
import { countOf, plural } from '../../shared/i18n/plural';

interface Props {
  online: boolean;
  /** Changes of the signed-in user kept on this computer, not yet answered by the service. */
  waiting: number;
  /** Other users' changes kept on this computer (sent only under their own sessions). */
  others: readonly { name: string; count: number }[];
}

export const OFFLINE_TEXT =
  'Нет связи с сервером журнала. Отметки сохраняются на этом компьютере и будут отправлены, когда связь восстановится';

const changes = (n: number) => countOf(n, 'изменение', 'изменения', 'изменений');

/** What the staff application says, at the top of every screen, about its journal service. */
export function ConnectionBanner({ online, waiting, others }: Props) {
  if (online && waiting === 0 && others.length === 0) return null;
  return (
    <Stack gap="xs" mb="sm">
      {!online && (
        <Alert color="orange" role="alert" aria-label="Нет связи с сервером журнала">
          {OFFLINE_TEXT}.{' '}
          <strong>
            {waiting === 0
              ? 'Сейчас ничего не ждёт отправки.'
              : `${changes(waiting)} ${plural(waiting, 'ждёт', 'ждут', 'ждут')} отправки.`}
          </strong>
        </Alert>
      )}
      {online && waiting > 0 && (
        <Alert color="blue" role="status">
          Связь с сервером журнала есть: отправляются изменения, сохранённые на этом компьютере (
          {changes(waiting)}).
        </Alert>
      )}
      {others.length > 0 && (
        <Alert color="yellow" role="status">
          На этом компьютере ждут отправки изменения других пользователей (
          {others.map((o) => `${o.name}: ${changes(o.count)}`).join('; ')}). Они сохранены и будут отправлены,
          когда этот пользователь войдёт в журнал; от вашего имени они не отправляются.
        </Alert>
      )}
    </Stack>
  );
}
