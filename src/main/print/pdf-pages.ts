/** The PDF's page count, from its page tree (pdfmake writes one /Type /Pages root with /Count N). */
export function pdfPages(pdf: Buffer): number {
  const counts = [...pdf.toString('latin1').matchAll(/\/Type \/Pages[^>]*?\/Count (\d+)/g)].map((m) =>
    Number(m[1]),
  );
  if (counts.length === 0) {
    const alt = [...pdf.toString('latin1').matchAll(/\/Count (\d+)/g)].map((m) => Number(m[1]));
    return Math.max(0, ...alt);
  }
  return Math.max(...counts);
}
