/**
 * What changed, named so that a screen can tell whether it shows it. Services name the topics of
 * every write (`ctx.changed(...)`); open screens ask `sync.changes` for the topics since the version
 * they saw and refetch only the queries that show one of them.
 *
 * - `load:<id>`    a journal page (teaching load): its lessons, marks, absences;
 * - `student:<id>` one student's data as the diary shows it (marks, absences);
 * - `class:<id>`   what every student of a class sees (lessons, topics, homework). Family callers
 *                  never receive it: the server turns it into `student:<id>` of their own children.
 */
export type Topic = `load:${number}` | `student:${number}` | `class:${number}`;
export type TopicKind = 'load' | 'student' | 'class';

export const topic = {
  load: (id: number): Topic => `load:${id}`,
  student: (id: number): Topic => `student:${id}`,
  class: (id: number): Topic => `class:${id}`,
};

/** The kind and id of a topic, or null for a topic this version does not know (a newer computer's). */
export function parseTopic(t: string): { kind: TopicKind; id: number } | null {
  const m = /^(load|student|class):([1-9]\d*)$/.exec(t);
  return m ? { kind: m[1] as TopicKind, id: Number(m[2]) } : null;
}
