import { z } from 'zod';

// Zod's own messages in Russian for anything a schema below does not word itself.
z.config(z.locales.ru());

export const Id = z
  .number({ error: 'Ожидается числовой идентификатор' })
  .int({ error: 'Идентификатор должен быть целым числом' })
  .positive({ error: 'Идентификатор должен быть положительным' });

export const IsoDate = z.iso.date({ error: 'Дата должна быть в формате ГГГГ-ММ-ДД' });

/** The version the client last saw; null when it saw no row ("expect the cell to be empty"). */
export const ExpectedVersion = z
  .number()
  .int()
  .nonnegative()
  .nullable()
  .describe('версия записи, которую видел пользователь');

export const Empty = z.object({}).strict();

export const PersonNameSchema = z.object({
  lastName: z.string(),
  firstName: z.string(),
  middleName: z.string().nullable(),
});
