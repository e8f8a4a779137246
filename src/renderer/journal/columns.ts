import { defaultRangeExtractor, type Range, useVirtualizer, type VirtualItem } from '@tanstack/react-virtual';
import { useCallback, useMemo } from 'react';

/** Pixel widths the grid's CSS uses too (journal.css). */
export const NAME_WIDTH = 240;
export const COLUMN_WIDTH = 46;

/** What a row renders between its name and its average: lesson columns, and empty space for the rest. */
export type Segment = { kind: 'gap'; key: string; width: number } | { kind: 'column'; index: number };

/**
 * Virtual scrolling over the lesson columns (a whole year is 170 of them): only the columns in view,
 * plus the active one so keyboard focus never lands on a cell that is not there.
 */
export function useLessonColumns(
  count: number,
  activeCol: number,
  scrollElement: () => HTMLElement | null,
  /** The width of the columns pinned at the right: a lesson scrolled to stops left of them. */
  pinnedWidth = 0,
) {
  const rangeExtractor = useCallback(
    (range: Range) => {
      const indexes = defaultRangeExtractor(range);
      if (activeCol >= 0 && activeCol < count && !indexes.includes(activeCol)) indexes.push(activeCol);
      return indexes.sort((a, b) => a - b);
    },
    [activeCol, count],
  );
  const virtualizer = useVirtualizer({
    horizontal: true,
    count,
    getScrollElement: scrollElement,
    estimateSize: () => COLUMN_WIDTH,
    paddingStart: NAME_WIDTH,
    scrollPaddingStart: NAME_WIDTH,
    scrollPaddingEnd: pinnedWidth,
    overscan: 6,
    rangeExtractor,
  });
  const items = virtualizer.getVirtualItems();
  const segments = useMemo(() => toSegments(items, virtualizer.getTotalSize()), [items, virtualizer]);
  return { virtualizer, segments, totalWidth: virtualizer.getTotalSize() - NAME_WIDTH };
}

function toSegments(items: VirtualItem[], total: number): Segment[] {
  const segments: Segment[] = [];
  let cursor = NAME_WIDTH;
  for (const item of items) {
    if (item.start > cursor)
      segments.push({ kind: 'gap', key: `gap-${item.index}`, width: item.start - cursor });
    segments.push({ kind: 'column', index: item.index });
    cursor = item.end;
  }
  if (total > cursor) segments.push({ kind: 'gap', key: 'gap-end', width: total - cursor });
  return segments;
}
