/**
 * How the administrator may write a host's address and its certificate's fingerprint: the one rule,
 * shared by the command line (`--remote`, `--fingerprint`), the settings file and the connection
 * screen's form (which checks what is typed with the same words before anything is sent).
 */

/** The host's staff door when the administrator names no port (serve.ts --port default). */
export const DEFAULT_HOST_PORT = 5170;

/**
 * The host's address as the administrator typed it: "192.168.1.10", "server:5170" or a full
 * https:// address; only HTTPS is accepted, since the connection must be encrypted and pinned.
 */
export function parseRemoteAddress(text: string): string {
  const trimmed = text.trim();
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `https://${trimmed}`;
  let url: URL | undefined;
  try {
    url = new URL(withScheme);
  } catch {
    url = undefined;
  }
  if (
    url?.protocol !== 'https:' ||
    !url.hostname ||
    (url.pathname !== '/' && url.pathname !== '') ||
    url.search ||
    url.username
  )
    throw new Error(
      `Неверный адрес сервера журнала «${trimmed.slice(0, 120)}»: ожидается адрес вида https://192.168.1.10:${DEFAULT_HOST_PORT} (только https, без пути)`,
    );
  if (!url.port) url.port = String(DEFAULT_HOST_PORT);
  return url.origin;
}

/**
 * A fingerprint as the administrator typed it (colons, spaces, dashes, lines, any case) in Node's
 * form "AB:CD:…" (32 pairs, upper case), or an error in Russian.
 */
export function parseFingerprint(text: string): string {
  const hex = text.replace(/^\s*sha-?256\s*[:=]?/i, '').replace(/[\s:-]/g, '');
  if (!/^[0-9a-fA-F]{64}$/.test(hex))
    throw new Error(
      `Неверный отпечаток сертификата «${text.trim().slice(0, 120)}»: ожидаются 64 шестнадцатеричные цифры (32 пары вида AB:CD:…), как их показывает сервер журнала`,
    );
  return hex.toUpperCase().match(/../g)!.join(':');
}
