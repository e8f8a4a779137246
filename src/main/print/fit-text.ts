/**
 * Fitting text into a fixed number of printed lines (for the weekly paper diary's half sheet, where
 * every row has a line budget). pdfmake cannot cut text with «…» itself, so lines are broken here
 * with an estimate of each character's width and handed over as explicit lines.
 *
 * Widths are the bundled Roboto's own, per character, with 3 % to spare, and the columns keep 2 pt
 * more: a line estimated to fit is never wrapped again by pdfmake, which would break the line budget
 * and could push the second student of a sheet onto the next one.
 */

/**
 * Advance widths in em of the bundled Roboto (pdf.ts: pdfmake's vfs_fonts), measured with fontkit as the
 * widest of Regular, Medium (bold) and Italic and rounded up to 0.01, grouped by width. Another font
 * needs these measured again.
 */
const ROBOTO_WIDTHS: Record<string, string> = {
  '0.18': "'",
  '0.23': ',',
  '0.24': ';',
  '0.25': ' \u00a0',
  '0.26': 'ijl',
  '0.27': ':!',
  '0.28': '.',
  '0.29': 'I',
  '0.33': '"',
  '0.34': '-t',
  '0.35': '()',
  '0.36': 'fr',
  '0.42': 'г/',
  '0.49': 'у«»?y',
  '0.50': 'тv',
  '0.51': 'хxz',
  '0.52': 'зs',
  '0.53': 'сck',
  '0.54': 'еёэe',
  '0.55': 'ачaL',
  '0.56': 'кьяГhnuFJ',
  '0.57': '0123456789брЕЁbdgpqE',
  '0.58': 'вийлнопo',
  '0.61': 'цЗТSTZ',
  '0.62': 'дY',
  '0.63': 'Ь§R',
  '0.64': 'БВРУХЯBKPX',
  '0.65': 'ъКV',
  '0.66': 'С–CDU',
  '0.67': 'АA',
  '0.68': 'Э',
  '0.69': 'ОЧGOQ',
  '0.71': 'Л…',
  '0.72': 'ИЙНПHN',
  '0.73': 'ф',
  '0.75': 'Ц',
  '0.76': 'мДw',
  '0.77': 'Ъ',
  '0.79': '—',
  '0.80': 'Ф',
  '0.81': 'ы',
  '0.82': 'жшю',
  '0.87': 'щЫ',
  '0.88': 'МmM',
  '0.89': 'W',
  '0.93': 'Ю',
  '0.96': 'ЖШ',
  '1.00': 'Щ',
  '1.03': '№',
};
/** 3 % added to every width: kerning and rounding never make a line measured to fit wrap in print. */
const SAFETY = 1.03;

const MEASURED = new Map<string, number>();
for (const [em, chars] of Object.entries(ROBOTO_WIDTHS)) for (const c of chars) MEASURED.set(c, Number(em));

/** One character's estimated advance width in em; a character not measured is taken as a wide one. */
function estimateEm(c: string): number {
  return (MEASURED.get(c) ?? 0.8) * SAFETY;
}

/** Widths summed word by word differ from the whole line's by rounding: a hair of tolerance. */
const EPSILON = 1e-6;

/** The estimates by character, filled as characters come: a class's diaries measure a lot of text. */
const EM = new Map<string, number>();

function charEm(c: string): number {
  let em = EM.get(c);
  if (em === undefined) {
    em = estimateEm(c);
    EM.set(c, em);
  }
  return em;
}

/** The estimated width of a text in points at a font size. */
export function textWidth(text: string, size: number): number {
  let em = 0;
  for (const c of text) em += charEm(c);
  return em * size;
}

/** How many UTF-16 units of `text` from its start fit `width` points (one pass, no re-measuring). */
function fittingLength(text: string, width: number, size: number): number {
  let used = 0;
  let end = 0;
  for (const c of text) {
    used += charEm(c) * size;
    if (used > width + EPSILON) break;
    end += c.length;
  }
  return end;
}

/** The height pdfmake gives one line of text (Roboto's ascent + descent: 2400 of 2048 units, 1.172 em). */
export const lineHeight = (size: number): number => size * 1.18;

const ELLIPSIS = '…';

/** The longest beginning of `text` that fits `width` with «…» after it, cut back to a word if one fits. */
function cutWithEllipsis(text: string, width: number, size: number): string {
  const end = fittingLength(text, width - textWidth(ELLIPSIS, size), size);
  let head = text.slice(0, end);
  const space = head.lastIndexOf(' ');
  // A cut inside a word reads worse than one at a space, unless the space is far back.
  if (space > head.length * 0.6 && end < text.length) head = head.slice(0, space);
  return `${head.replace(/[\s.,;:·–—-]+$/u, '')}${ELLIPSIS}`;
}

/**
 * `text` broken into at most `maxLines` lines of `width` points; what does not fit ends with «…».
 * A word wider than a line is broken by characters. An empty text is no lines.
 */
export function fitLines(text: string, width: number, size: number, maxLines: number): string[] {
  // Split at plain spaces only: a no-break space (U+00A0) keeps «Физ-ра —» on one line.
  const words = text.split(/[ \t\n\r]+/u).filter(Boolean);
  const lines: string[] = [];
  const space = textWidth(' ', size);
  let line = '';
  let lineWidth = 0;
  let i = 0;
  while (i < words.length) {
    const word = words[i]!;
    const wordWidth = textWidth(word, size);
    const grown = line ? lineWidth + space + wordWidth : wordWidth;
    if (grown <= width + EPSILON) {
      line = line ? `${line} ${word}` : word;
      lineWidth = grown;
      i++;
      continue;
    }
    if (!line) {
      // A single word wider than the line: as much of it as fits (one character at least), the rest
      // on the next line.
      const end = Math.max(fittingLength(word, width, size), word.codePointAt(0)! > 0xffff ? 2 : 1);
      line = word.slice(0, end);
      words[i] = word.slice(end);
    }
    lines.push(line);
    line = '';
    lineWidth = 0;
    if (lines.length === maxLines) break;
  }
  if (line && lines.length < maxLines) return [...lines, line];
  if (i >= words.length) return lines;
  // Cut: the last line takes as much of the rest as fits, then «…».
  const rest = [lines.pop() ?? '', ...words.slice(i)].join(' ');
  return [...lines, cutWithEllipsis(rest, width, size)];
}

/** How many lines a text takes without a budget (for cells that are never cut, like marks). */
export const linesNeeded = (text: string, width: number, size: number): number =>
  fitLines(text, width, size, Number.POSITIVE_INFINITY).length;
