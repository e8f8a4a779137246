/** Every refusal crosses a transport as { ok: false, error }, with a message a user can read. */
export const ERROR_CODES = [
  'VALIDATION',
  'UNAUTHENTICATED',
  'PASSWORD_CHANGE_REQUIRED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'LOCKED',
  /** Too many attempts from one address or in all (logins): wait and try again. HTTP 429. */
  'RATE_LIMITED',
  /** The request body is larger than the API accepts. HTTP 413. */
  'TOO_LARGE',
  'UNKNOWN_METHOD',
  'UNAVAILABLE',
  'INTERNAL',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ApiErrorBody {
  code: ErrorCode;
  /** In Russian, for the user. */
  message: string;
  /** The input field the message is about, when there is one ("value", "lessonId"). */
  field?: string;
}

export type ApiResult<T> = { ok: true; value: T } | { ok: false; error: ApiErrorBody };

/** Thrown by services and the policy; the router turns it into { ok: false }. */
export class ApiError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  toBody(): ApiErrorBody {
    return this.field
      ? { code: this.code, message: this.message, field: this.field }
      : { code: this.code, message: this.message };
  }
}

export const MESSAGES = {
  unauthenticated: 'Сеанс завершён. Войдите снова.',
  forbidden: 'Недостаточно прав для этого действия',
  passwordChangeRequired: 'Сначала смените временный пароль',
  internal: 'Внутренняя ошибка. Изменения не сохранены.',
  unavailable: 'База данных недоступна. Изменения не сохранены, попробуйте ещё раз.',
  unknownMethod: 'Неизвестная операция',
  badRequest: 'Неверный формат запроса',
  rateLimited: 'Слишком много попыток входа. Подождите минуту и попробуйте снова.',
  tooLarge: 'Запрос слишком большой',
} as const;
