import type { RELATIONS } from '../../shared/students/schemas';
import { prepared } from '../db/database';

/**
 * How a student, their place on a class list and a guardian are first written: one statement each,
 * shared by the students' feature (прибытие, перевод, the card), the import of the students' list,
 * the rollover and the demo generator, so imported and generated students are exactly what the
 * application writes. They live here, in the base every feature may import (src/layering.test.ts):
 * the import may not reach into the students' feature.
 */
export const studentRows = {
  student: prepared<{
    last: string;
    first: string;
    middle: string | null;
    birth: string | null;
    gender: 'm' | 'f' | null;
    search: string;
    at: string;
  }>()((db, p) =>
    db.insertInto('student').values({
      last_name: p.last,
      first_name: p.first,
      middle_name: p.middle,
      birth_date: p.birth,
      gender: p.gender,
      search_name: p.search,
      created_at: p.at,
    }),
  ),
  /** On the class list from the start (enrolled_kind 'listed'): imported, generated, moved up a year. */
  listed: prepared<{ classId: number; studentId: number; on: string }>()((db, p) =>
    db
      .insertInto('class_enrollment')
      .values({ class_id: p.classId, student_id: p.studentId, enrolled_on: p.on, left_on: null }),
  ),
  /** Enrolled by an order (приказ): прибытие from another school or перевод from another class. */
  byOrder: prepared<{
    classId: number;
    studentId: number;
    on: string;
    kind: 'arrived' | 'transferred';
    orderNo: string;
    orderDate: string;
  }>()((db, p) =>
    db.insertInto('class_enrollment').values({
      class_id: p.classId,
      student_id: p.studentId,
      enrolled_on: p.on,
      enrolled_kind: p.kind,
      enrolled_order_no: p.orderNo,
      enrolled_order_date: p.orderDate,
    }),
  ),
  guardian: prepared<{
    last: string;
    first: string;
    middle: string | null;
    phone: string | null;
    email: string | null;
    search: string;
  }>()((db, p) =>
    db.insertInto('guardian').values({
      last_name: p.last,
      first_name: p.first,
      middle_name: p.middle,
      phone: p.phone,
      email: p.email,
      search_name: p.search,
    }),
  ),
  /** A guardian linked to a student, with who they are to the child. */
  guardianLink: prepared<{ studentId: number; guardianId: number; relation: (typeof RELATIONS)[number] }>()(
    (db, p) =>
      db
        .insertInto('student_guardian')
        .values({ student_id: p.studentId, guardian_id: p.guardianId, relation: p.relation }),
  ),
};
