/**
 * Where updates may come from. An installer fetched over plain HTTP could be swapped on the way;
 * electron-updater checks the publisher's signature (electron-builder.yml), and the feed itself must
 * be HTTPS too. Returns the feed URL, or a Russian sentence saying why it is refused.
 */
export function updateFeed(url: string | undefined): { url: string } | { refused: string } | null {
  if (!url) return null;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { refused: `Адрес обновлений не распознан: ${url}` };
  }
  if (parsed.protocol !== 'https:')
    return { refused: `Обновления принимаются только по HTTPS; адрес отклонён: ${url}` };
  return { url: parsed.href };
}
