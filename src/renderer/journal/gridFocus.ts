import { type RefObject, useEffect, useRef } from 'react';

/** A click this recent (ms) explains a focus lost to nothing: the user clicked outside, leave it. */
const CLICK_WINDOW_MS = 500;

/**
 * Keeps the keyboard in the journal grid. A focused cell can lose the focus to nothing without the
 * teacher doing anything: Chromium blurs an element that is removed or moved in the DOM (virtual
 * scrolling unmounting it, a re-render re-inserting it), and the next key then goes to <body>, where
 * the grid never hears it. When the focus leaves a cell for nowhere (no element takes it, no click
 * explains it), the active cell takes it back. Focus that goes somewhere (a dialog, the period tabs,
 * a notice's button) or leaves with the window is left alone.
 */
export function useKeepGridFocus(
  grid: RefObject<HTMLElement | null>,
  activeCell: () => HTMLElement | null,
): void {
  const cell = useRef(activeCell);
  cell.current = activeCell;
  const lastInGrid = useRef<EventTarget | null>(null);
  useEffect(() => {
    let clickedAt = Number.NEGATIVE_INFINITY;
    const onPointerDown = () => {
      clickedAt = performance.now();
    };
    const onFocusIn = (e: FocusEvent) => {
      if (!(e.target instanceof HTMLElement) || !grid.current?.contains(e.target)) return;
      lastInGrid.current = e.target;
      // A cell other than the active one took the keyboard without a click (keys act on the active
      // cell, so the focus ring would lie): after the event, the active cell takes it back.
      if (e.target.dataset.pos === undefined || performance.now() - clickedAt < CLICK_WINDOW_MS) return;
      const stray = e.target;
      setTimeout(() => {
        const active = cell.current();
        if (active && active !== stray && document.activeElement === stray)
          active.focus({ preventScroll: true });
      }, 0);
    };
    const onFocusOut = (e: FocusEvent) => {
      const fromGrid =
        e.target === lastInGrid.current || (e.target instanceof Node && grid.current?.contains(e.target));
      if (!fromGrid || e.relatedTarget !== null) return;
      if (performance.now() - clickedAt < CLICK_WINDOW_MS) return;
      // After the event: by then the window's own blur has left the element active (not <body>).
      setTimeout(() => {
        const active = document.activeElement;
        if (active !== null && active !== document.body) return;
        // Tabbed out to the browser's own bar, or to another window: not ours to call back.
        if (!document.hasFocus()) return;
        cell.current()?.focus({ preventScroll: true });
      }, 0);
    };
    // Chromium fires no focusout for a focused element taken out of the DOM (a page refetched under
    // the keyboard, a memoized row re-rendered by a save): whenever the grid's nodes change, a focus
    // left on a cell that is gone is given back to the active cell. Watching the DOM rather than a
    // component's renders catches it whichever component re-rendered.
    const observer = new MutationObserver(() => {
      const last = lastInGrid.current;
      if (!(last instanceof Node) || last.isConnected) return;
      const active = document.activeElement;
      if ((active === null || active === document.body) && document.hasFocus())
        cell.current()?.focus({ preventScroll: true });
    });
    if (grid.current) observer.observe(grid.current, { childList: true, subtree: true });
    document.addEventListener('pointerdown', onPointerDown, true);
    document.addEventListener('focusin', onFocusIn, true);
    document.addEventListener('focusout', onFocusOut, true);
    return () => {
      observer.disconnect();
      document.removeEventListener('pointerdown', onPointerDown, true);
      document.removeEventListener('focusin', onFocusIn, true);
      document.removeEventListener('focusout', onFocusOut, true);
    };
  }, [grid]);
}
