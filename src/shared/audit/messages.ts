import { plural } from '../i18n/plural';
import type { BrokenReason, ChainCheck } from './contract';

const REASONS: Record<BrokenReason, (id: number) => string> = {
  edited: (id) => `запись № ${id} изменена после того, как была сделана`,
  deleted: (id) => `перед записью № ${id} удалены записи`,
  relinked: (id) => `запись № ${id} не продолжает цепочку: предыдущая запись изменена или заменена`,
  inserted: (id) => `запись № ${id} добавлена в обход программы`,
  start: (id) => `записи, сделанные до включения защиты (по № ${id}), удалены или добавлены`,
};

/** One line for the administrator's screen and the start-up log. */
export function describeChainCheck(check: Pick<ChainCheck, 'ok' | 'checked' | 'firstBroken'>): string {
  if (check.ok || !check.firstBroken) {
    const n = check.checked;
    return `Журнал изменений не нарушен: ${n} ${plural(n, 'запись проверена', 'записи проверены', 'записей проверено')}`;
  }
  return `Журнал изменений нарушен: ${REASONS[check.firstBroken.reason](check.firstBroken.id)}`;
}
