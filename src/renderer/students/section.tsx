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

/** «Классы»: every class's list, read by the administration and the inspector, kept by the administrator. */
export const classesSection: StaffSection = {
  title: 'Классы',
  home: '/classes',
  owns: ['/classes/'],
  visibleTo: (user) => user.roles.some((r) => ['admin', 'director', 'deputy', 'inspector'].includes(r)),
  routes: [
    {
      path: '/classes/:classId',
      render: ({ call, params }) => (
        <ClassScreen key={params.classId} classId={Number(params.classId)} call={call} />
      ),
    },
    { path: '/classes', render: ({ call }) => <ClassesScreen call={call} base="/classes" title="Классы" /> },
  ],
};
