import { addDays, formatDate } from '../../shared/i18n/dates';
import type { Enrollment, Order } from '../../shared/students/schemas';

/** «приказ № 112-у от 19.11.2026» */
export const orderText = (o: Order | null) => (o ? `приказ № ${o.no} от ${formatDate(o.date)}` : '');

const withOrder = (text: string, o: Order | null) => (o ? `${text} (${orderText(o)})` : text);

/**
 * One enrollment's movement, as the class list and the card's history say it. The class list names
 * its year's start (`usual`): a student on the list since then needs no line of their own.
 */
export function enrollmentText(e: Enrollment, usual?: string): string[] {
  const lines: string[] = [];
  if (e.enrolledKind === 'arrived') lines.push(withOrder(`прибыл ${formatDate(e.from)}`, e.enrolledOrder));
  else if (e.enrolledKind === 'transferred')
    lines.push(
      withOrder(
        `переведён${e.otherClass ? ` из ${e.otherClass}` : ''} с ${formatDate(e.from)}`,
        e.enrolledOrder,
      ),
    );
  else if (e.from !== usual) lines.push(`в списке с ${formatDate(e.from)}`);
  if (e.to !== null) {
    if (e.leftKind === 'transferred')
      lines.push(
        withOrder(
          `переведён${e.otherClass ? ` в ${e.otherClass}` : ''} с ${formatDate(addDays(e.to, 1))}`,
          e.leftOrder,
        ),
      );
    else lines.push(withOrder(`выбыл ${formatDate(e.to)}${e.leftTo ? `, ${e.leftTo}` : ''}`, e.leftOrder));
  }
  return lines;
}
