import { formatDate, localIsoDate } from '../i18n/dates';
import type { AccountInfo } from './contract';

/** What the administrator's lists say about an account («Выдан 20.11.2026»). */
export function accountStateText(account: AccountInfo): string {
  switch (account.state) {
    case 'none':
      return 'Нет учётной записи';
    case 'notIssued':
      return 'Не выдан';
    case 'issued':
      return account.issuedAt ? `Выдан ${formatDate(localIsoDate(new Date(account.issuedAt)))}` : 'Выдан';
    case 'disabled':
      return 'Отключена';
  }
}

export const CONSENT_FORM_TITLES = { paper: 'на бумаге', electronic: 'электронно' } as const;

export const RELATION_TITLES: Record<string, string> = {
  mother: 'мать',
  father: 'отец',
  guardian: 'опекун',
  other: 'представитель',
};
