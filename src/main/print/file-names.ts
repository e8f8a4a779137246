/**
 * Predictable, safe file names for printed documents: «<year> <class> <document>.pdf», e.g.
 * «2026-2027 5А Журнал.pdf». The year's slash becomes a hyphen; anything but letters, digits,
 * spaces, hyphens and dots is dropped, so the name is valid on Windows, Linux and in a ZIP.
 */
export function safeFileName(parts: readonly string[], extension: string): string {
  const clean = parts
    .map((p) =>
      p
        .replaceAll('/', '-')
        .replace(/[^\p{L}\p{N} .-]/gu, '')
        .trim(),
    )
    .filter(Boolean)
    .join(' ');
  return `${clean}.${extension}`;
}

/** A free-form file name with the characters Windows refuses (\\ / : * ? " < > |) replaced by «_». */
export const portableFileName = (name: string): string => name.replace(/[\\/:*?"<>|]/g, '_');

export function bookFileName(book: {
  yearName: string;
  className: string;
  period: { name: string } | null;
}): string {
  return safeFileName([book.yearName, book.className, 'Журнал', book.period?.name ?? ''], 'pdf');
}
