/**
 * The rules a new password must meet, in one place: the contract's schema checks what it can see
 * (length, common passwords), the service adds the login it knows (the login is not in the input),
 * and the change-password screen runs the same function for instant feedback.
 */

export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 200;

/**
 * The passwords tried first by anyone guessing, Latin and Russian keyboard alike (йцукен is qwerty on
 * a Russian layout). Compared lowercased, and also with trailing digits and signs removed, so that
 * «пароль123» and «Password2026!» fall under «пароль» and «password».
 */
const COMMON = new Set([
  'password',
  'passw0rd',
  'pass',
  'qwerty',
  'qwertyuiop',
  'qwertyui',
  'qwer',
  'asdf',
  'asdfgh',
  'asdfghjkl',
  'zxcvbnm',
  'qazwsx',
  'qazwsxedc',
  '1qaz2wsx',
  '1q2w3e4r',
  '1q2w3e4r5t',
  '1q2w3e',
  'q1w2e3r4',
  'q1w2e3r4t5',
  'qweasd',
  'qweasdzxc',
  'iloveyou',
  'letmein',
  'welcome',
  'admin',
  'administrator',
  'login',
  'user',
  'test',
  'abc',
  'abcd',
  'abcdef',
  'monkey',
  'dragon',
  'master',
  'football',
  'superman',
  'sunshine',
  'princess',
  'school',
  'teacher',
  'student',
  'пароль',
  'йцукен',
  'йцукенг',
  'йцукенгш',
  'йцукенгшщз',
  'фывапр',
  'фывапролд',
  'фывапролджэ',
  'ячсмит',
  'ячсмитьбю',
  'привет',
  'любовь',
  'люблю',
  'школа',
  'учитель',
  'ученик',
  'админ',
  'россия',
  'наташа',
  'солнышко',
  'зайка',
]);

/** Digits-only passwords that are sequences or one digit repeated, however long. */
function trivialDigits(p: string): boolean {
  if (!/^\d+$/.test(p)) return false;
  if (/^(\d)\1+$/.test(p)) return true;
  const up = '012345678901234567890';
  const down = '987654321098765432109';
  return up.includes(p) || down.includes(p) || /^(\d{2,4})\1+$/.test(p);
}

function isCommon(password: string): boolean {
  const p = password.normalize('NFC').toLocaleLowerCase('ru-RU');
  if (COMMON.has(p) || trivialDigits(p)) return true;
  // «Пароль123», «qwerty2026!», «123qwerty»: a common word with digits and signs around it.
  const core = p.replace(/^[\d\p{P}\p{S}\s]+|[\d\p{P}\p{S}\s]+$/gu, '');
  if (COMMON.has(core) || (core === '' && trivialDigits(p.replace(/\D/g, '')))) return true;
  // One character repeated («aaaaaaaa», «!!!!!!!!»).
  return /^(.)\1+$/u.test(p);
}

/**
 * What is wrong with a new password, in Russian, or null when it may be used. `login` is the
 * account's login when known (the server and the screen always know it).
 */
export function passwordProblem(password: string, login?: string): string | null {
  if ([...password].length < PASSWORD_MIN_LENGTH)
    return `Новый пароль должен быть не короче ${PASSWORD_MIN_LENGTH} символов`;
  if (password.length > PASSWORD_MAX_LENGTH) return 'Новый пароль слишком длинный';
  if (password.trim() === '') return 'Пароль не может состоять из одних пробелов';
  if (login) {
    const l = login.normalize('NFC').toLocaleLowerCase('ru-RU').trim();
    // Logins of one or two letters would forbid half the alphabet; such logins do not exist.
    if (l.length >= 3 && password.normalize('NFC').toLocaleLowerCase('ru-RU').includes(l))
      return 'Пароль не должен содержать логин';
  }
  if (isCommon(password)) return 'Этот пароль слишком распространён — его подберут первым. Придумайте другой';
  return null;
}
