/** Roles of the people who use the journal (see DESIGN.md, "The people and what they may do"). */
export const STAFF_ROLES = ['admin', 'director', 'deputy', 'teacher', 'inspector'] as const;
export const FAMILY_ROLES = ['parent', 'student'] as const;
export const ROLES = [...STAFF_ROLES, ...FAMILY_ROLES] as const;

export type StaffRole = (typeof STAFF_ROLES)[number];
export type FamilyRole = (typeof FAMILY_ROLES)[number];
export type Role = (typeof ROLES)[number];

/** Roles that may read every journal page of the school without writing to it. */
export const SCHOOL_WIDE_READERS: readonly Role[] = ['deputy', 'director', 'inspector'];

/** Roles that open journal pages: their own (teachers, class teachers) or every page (the readers above). */
export const JOURNAL_READERS = ['director', 'deputy', 'teacher', 'inspector'] as const;

export const ROLE_TITLES: Record<Role, string> = {
  admin: 'Администратор ЭЖ',
  director: 'Директор',
  deputy: 'Заместитель директора по УВР',
  teacher: 'Учитель',
  inspector: 'Проверяющий',
  parent: 'Родитель',
  student: 'Ученик',
};

export function isStaffRole(role: Role): role is StaffRole {
  return (STAFF_ROLES as readonly Role[]).includes(role);
}
