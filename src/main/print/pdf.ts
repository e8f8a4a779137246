import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Content, TableCell, TDocumentDefinitions } from 'pdfmake/interfaces';
import { resourcesDir } from '../paths';

/**
 * PDF documents for printing (credential slips, registers, the printed journal, reports, paper
 * diaries), made with pdfmake on the server side. The font is Roboto 3.014, shipped as TrueType files
 * in resources/fonts with its licence (SIL Open Font License 1.1, which allows bundling it with
 * software and embedding it in documents): it has the full Cyrillic alphabet, «», № and the dashes a
 * Russian document needs. The installed application unpacks that folder beside its archive
 * (electron-builder.yml asarUnpack), because the database and render threads read the files there.
 *
 * pdfmake may fetch images and fonts by URL or from local paths named in a document; neither is
 * ever needed here, so both are refused (DESIGN.md, "Facts about the stack").
 */

export type { Content, TableCell, TDocumentDefinitions };

/** Millimetres to PDF points (pdfmake measures in points: 1/72 inch). */
export const mm = (value: number): number => (value * 72) / 25.4;

/** A4 in points. */
export const A4 = { width: mm(210), height: mm(297) } as const;

/** What pdfmake asks of its virtual file system (the fonts are its only files here). */
interface FontFiles {
  existsSync(name: unknown): boolean;
  readFileSync(name: string): Buffer;
  writeFileSync(name: string, content: Buffer): void;
}

interface PdfMakeServer {
  virtualfs: FontFiles;
  setFonts(fonts: Record<string, Record<'normal' | 'bold' | 'italics' | 'bolditalics', string>>): void;
  setUrlAccessPolicy(policy: (url: string) => boolean): void;
  setLocalAccessPolicy(policy: (path: string) => boolean): void;
  createPdf(doc: TDocumentDefinitions): { getBuffer(): Promise<Buffer> };
}

const FONT_FILES = {
  normal: 'Roboto-Regular.ttf',
  bold: 'Roboto-Medium.ttf',
  italics: 'Roboto-Italic.ttf',
  bolditalics: 'Roboto-MediumItalic.ttf',
} as const;

let loaded: Promise<PdfMakeServer> | undefined;

/** pdfmake's document class (a pdfkit document) as far as the chart fonts need it. */
interface PdfKitDocumentClass {
  prototype: {
    font(this: PdfKitDocument, src: unknown, ...rest: unknown[]): unknown;
  };
}
interface PdfKitDocument {
  _registeredFonts: Record<string, unknown>;
  registerFont(name: string, src: Buffer): void;
  virtualfs?: FontFiles;
}

/**
 * The class a CommonJS module built by Babel exports as `default`: tsx hands it over as the namespace's
 * `default`, a bundle (esbuild) as `default.default`.
 */
function commonJsClass(module: unknown): PdfKitDocumentClass {
  let value = module as { default?: unknown; prototype?: { font?: unknown } } | undefined;
  while (value && typeof value.prototype?.font !== 'function' && value.default)
    value = value.default as typeof value;
  if (typeof value?.prototype?.font !== 'function') throw new Error('pdfmake: класс документа не найден');
  return value as unknown as PdfKitDocumentClass;
}

/**
 * Text in a chart (an SVG node, drawn by svg-to-pdfkit) asks pdfkit for its font by the file name of
 * the font section, and pdfkit would open that name on the real disk, where these fonts are not (pdfmake
 * reads its own text's fonts from the virtual file system). Such a name is answered from the same
 * virtual file system, cached by pdfkit under the name.
 */
function openChartFontsFromMemory(documentClass: PdfKitDocumentClass): void {
  const font = documentClass.prototype.font;
  documentClass.prototype.font = function (src, ...rest) {
    if (typeof src === 'string' && !this._registeredFonts[src] && this.virtualfs?.existsSync(src))
      this.registerFont(src, this.virtualfs.readFileSync(src));
    return font.call(this, src, ...rest);
  };
}

/** The bundled fonts' folder: resources/fonts of the repository or of the installed application. */
export const fontsDir = join(resourcesDir, 'fonts');

/** The four font files, read once per thread. */
function readFonts(): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  for (const file of Object.values(FONT_FILES)) {
    const path = join(fontsDir, file);
    try {
      files.set(file, readFileSync(path));
    } catch {
      throw new Error(`Шрифт для печати не найден: ${path}. Переустановите программу.`);
    }
  }
  return files;
}

/** pdfmake and its fonts, loaded on the first print only (the start never needs them). */
function pdfmake(): Promise<PdfMakeServer> {
  loaded ??= (async () => {
    const [maker, documentClass] = await Promise.all([
      import('pdfmake'),
      // @ts-expect-error: pdfmake's document class has no type declarations; typed below
      import('pdfmake/js/PDFDocument'),
    ]);
    const server = ((maker as { default?: unknown }).default ?? maker) as PdfMakeServer;
    // pdfmake's own virtual file system names files relative to its __dirname, which a bundled ES
    // module does not have: a plain map of the four font files does the same job, and pdfmake is
    // never allowed to open a path itself.
    const files = readFonts();
    server.virtualfs = {
      existsSync: (name) => typeof name === 'string' && files.has(name),
      readFileSync(name) {
        const file = files.get(name);
        if (!file) throw new Error(`Файл ${name} не входит в шрифты для печати`);
        return file;
      },
      writeFileSync: (name, content) => void files.set(name, content),
    };
    server.setFonts({ Roboto: { ...FONT_FILES } });
    openChartFontsFromMemory(commonJsClass(documentClass));
    server.setUrlAccessPolicy(() => false);
    server.setLocalAccessPolicy(() => false);
    return server;
  })();
  return loaded;
}

/** The document's bytes. Defaults: A4, Roboto 10 pt, the document's title in its properties. */
export async function renderPdf(doc: TDocumentDefinitions): Promise<Buffer> {
  const maker = await pdfmake();
  return maker
    .createPdf({
      pageSize: 'A4',
      ...doc,
      defaultStyle: { font: 'Roboto', fontSize: 10, ...doc.defaultStyle },
    })
    .getBuffer();
}
