import { describe, expect, it } from 'vitest';
import { feminineSurname, patronymic } from './names';

describe('demo names', () => {
  it('builds believable family names', () => {
    expect(feminineSurname('Иванов')).toBe('Иванова');
    expect(feminineSurname('Красовский')).toBe('Красовская');
    expect(feminineSurname('Толстой')).toBe('Толстая');
    expect(feminineSurname('Шевчук')).toBe('Шевчук');
    expect(patronymic('Иван', true)).toBe('Ивановна');
    expect(patronymic('Сергей', false)).toBe('Сергеевич');
    expect(patronymic('Илья', false)).toBe('Ильич');
  });
});
