import type { StaffSection } from '../common/section';
import { ClassesScreen } from './ClassesScreen';
import { ClassScreen } from './ClassScreen';

/** «Мой класс»: the class teacher's class (and the list of the classes a teacher teaches). */
export const myClassSection: StaffSection = {
  title: 'Мой класс',
  home: '/my-class',
  owns: ['/my-class/'],
  visibleTo: (user) => user.roles.includes('teacher'),
  routes: [
    {
      path: '/my-class/:classId',
      render: ({ call, params }) => (
        <ClassScreen key={params.classId} classId={Number(params.classId)} call={call} />
      ),
    },
    {
      path: '/my-class',
      render: ({ call }) => <ClassesScreen call={call} base="/my-class" title="Мои классы" />,
    },
  ],
};

/**
 * «Списки классов»: every class's list, read by the administration and the inspector, kept by the
 * administrator. (The deputy's «Классы и нагрузка», /classes, sets classes up; this is who is in them.)
 */
export const classesSection: StaffSection = {
  title: 'Списки классов',
  home: '/class-lists',
  owns: ['/class-lists/'],
  visibleTo: (user) => user.roles.some((r) => ['admin', 'director', 'deputy', 'inspector'].includes(r)),
  routes: [
    {
      path: '/class-lists/:classId',
      render: ({ call, params }) => (
        <ClassScreen key={params.classId} classId={Number(params.classId)} call={call} />
      ),
    },
    {
      path: '/class-lists',
      render: ({ call }) => <ClassesScreen call={call} base="/class-lists" title="Списки классов" />,
    },
  ],
};
