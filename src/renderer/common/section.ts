import type { ReactNode } from 'react';
import type { SessionUser } from '../../shared/auth/schemas';
import type { Call } from '../api/client';

/**
 * What a feature adds to the staff application: an entry in the navigation and the screens behind
 * it, shown to the users it names. Features export one each; src/renderer/staff/sections.ts lists
 * them, so the frame grows by a line per feature, never by a screen.
 */
export interface StaffSection {
  /** Navigation label («Журнал»). */
  title: string;
  /** The path the navigation link opens; the section is "active" for every path under it. */
  home: string;
  /** Other paths that belong to this section (e.g. '/journal/' for the pages it opens). */
  owns?: readonly string[];
  visibleTo(user: SessionUser): boolean;
  /** Routes in the order they are tried; `path` in wouter's syntax. */
  routes: readonly SectionRoute[];
}

export interface SectionRoute {
  path: string;
  render(props: { call: Call; params: Record<string, string | undefined> }): ReactNode;
}
