/**
 * Default work types (виды работ) and weights: our proposal from domain-defaults.md §4.3 and §8.
 * There is no federal weight table; each school sets its own, so these are only the starting list.
 */
export const DEFAULT_WORK_TYPES: readonly { name: string; weight: number }[] = [
  { name: 'Работа на уроке', weight: 1 },
  { name: 'Ответ на уроке', weight: 1 },
  { name: 'Домашняя работа', weight: 1 },
  { name: 'Самостоятельная работа', weight: 2 },
  { name: 'Словарный диктант', weight: 2 },
  { name: 'Тест', weight: 2 },
  { name: 'Практическая работа', weight: 2 },
  { name: 'Лабораторная работа', weight: 2 },
  { name: 'Проект', weight: 2 },
  { name: 'Проверочная работа', weight: 3 },
  { name: 'Диктант', weight: 3 },
  { name: 'Сочинение', weight: 3 },
  { name: 'Изложение', weight: 3 },
  { name: 'Зачёт', weight: 3 },
  { name: 'Контрольная работа', weight: 4 },
  { name: 'Диагностическая работа', weight: 4 },
  { name: 'ВПР', weight: 4 },
  { name: 'Промежуточная аттестация', weight: 5 },
];
