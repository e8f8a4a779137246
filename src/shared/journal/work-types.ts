/**
 * Default work types (виды работ) and weights: our proposal from domain-defaults.md §4.3 and §8.
 * There is no federal weight table; each school sets its own, so these are only the starting list.
 * `short` is the form teachers write in a paper diary's narrow cell («4 к/р»).
 */
export const DEFAULT_WORK_TYPES: readonly { name: string; weight: number; short: string }[] = [
  { name: 'Работа на уроке', weight: 1, short: 'р/у' },
  { name: 'Ответ на уроке', weight: 1, short: 'отв.' },
  { name: 'Домашняя работа', weight: 1, short: 'д/р' },
  { name: 'Самостоятельная работа', weight: 2, short: 'с/р' },
  { name: 'Словарный диктант', weight: 2, short: 'сл/д' },
  { name: 'Тест', weight: 2, short: 'тест' },
  { name: 'Практическая работа', weight: 2, short: 'пр/р' },
  { name: 'Лабораторная работа', weight: 2, short: 'л/р' },
  { name: 'Проект', weight: 2, short: 'проект' },
  { name: 'Проверочная работа', weight: 3, short: 'п/р' },
  { name: 'Диктант', weight: 3, short: 'дикт.' },
  { name: 'Сочинение', weight: 3, short: 'соч.' },
  { name: 'Изложение', weight: 3, short: 'изл.' },
  { name: 'Зачёт', weight: 3, short: 'зач.' },
  { name: 'Контрольная работа', weight: 4, short: 'к/р' },
  { name: 'Диагностическая работа', weight: 4, short: 'диаг/р' },
  { name: 'ВПР', weight: 4, short: 'ВПР' },
  { name: 'Промежуточная аттестация', weight: 5, short: 'ПА' },
];
