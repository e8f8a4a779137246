import { Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { AccountInfo } from '../../shared/accounts/contract';
import { accountStateText } from '../../shared/accounts/texts';
import type { Input } from '../../shared/api/contract';
import { countOf } from '../../shared/i18n/plural';
// The one refusal-to-text rule (api/client.ts), as this feature's screens import it.
import { type Call, errorText } from '../api/client';
import { download, PDF_TYPE } from '../common/files';

export { errorText };

const COLORS = { none: 'dimmed', notIssued: 'orange.8', issued: 'green.8', disabled: 'red.8' } as const;

export function AccountBadge({ account }: { account: AccountInfo }) {
  // Plain coloured text, not a Badge: a badge cuts «Выдан 02.12.2026» short in a narrow column.
  return (
    <Text component="span" size="sm" fw={500} c={COLORS[account.state]} style={{ whiteSpace: 'nowrap' }}>
      {accountStateText(account)}
    </Text>
  );
}

/** Every list of this section is refetched after a change here (they all show account states). */
export function useRefresh() {
  const client = useQueryClient();
  return () => client.invalidateQueries({ predicate: (q) => String(q.queryKey[0]).startsWith('accounts.') });
}

/** Prints slips (a fresh temporary password each) and hands the PDF to the user. */
export function usePrint(call: Call) {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (input: Input<'accounts.printSlips'>) => call('accounts.printSlips', input),
    onSuccess: (r) => {
      download(r.pdf, PDF_TYPE);
      notifications.show({
        color: 'green',
        title: `Напечатано: ${countOf(r.printed, 'листок', 'листка', 'листков')} и ведомость`,
        message:
          r.remaining > 0
            ? `Ещё ${countOf(r.remaining, 'человек ждёт', 'человека ждут', 'человек ждут')} листков: напечатайте ещё раз.`
            : `Файл «${r.pdf.fileName}» сохранён. Раздайте листки под подпись в ведомости.`,
      });
      void refresh();
    },
    onError: (e) =>
      notifications.show({ color: 'red', title: 'Листки не напечатаны', message: errorText(e, 'Ошибка') }),
  });
}

/** Turns an account off or on again. */
export function useSetDisabled(call: Call) {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (input: Input<'accounts.setDisabled'>) => call('accounts.setDisabled', input),
    onSuccess: (r, input) => {
      notifications.show({
        color: 'green',
        message: input.disabled
          ? `Учётная запись отключена${r.endedSessions > 0 ? `, завершено ${countOf(r.endedSessions, 'сеанс', 'сеанса', 'сеансов')}` : ''}`
          : 'Учётная запись снова включена',
      });
      void refresh();
    },
    onError: (e) =>
      notifications.show({ color: 'red', message: errorText(e, 'Не удалось изменить учётную запись') }),
  });
}
