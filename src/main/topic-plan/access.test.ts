import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { ACTORS, type Actor, accessMatrix, doorOf, type Matrix, REFUSALS } from '../../../test/access-matrix';
import { fixtures, one, type School } from '../../../test/school';
import type { PlanPreview, topicPlanApi } from '../../shared/topic-plan/contract';

/**
 * The plan of topics' rows of the access policy matrix (src/main/journal/access.test.ts holds the
 * others), written out by hand from the issue: the load's teacher keeps the plan of their own loads,
 * the deputy every plan; the director, the inspector and the class teacher (for the class's loads) read.
 *
 * "own" = the teacher's Russian in 5А (klassruk leads 5А); "foreign" = a load of a class neither teaches in or leads.
 */
type Target = 'own' | 'foreign';
type Method = keyof typeof topicPlanApi;

const READERS: Actor[] = ['director', 'deputy', 'inspector'];

const ALLOWED: Record<Method, Partial<Record<Target, Actor[]>>> = {
  'topicPlan.get': { own: [...READERS, 'teacher', 'classTeacher'], foreign: READERS },
  'topicPlan.export': { own: [...READERS, 'teacher', 'classTeacher'], foreign: READERS },
  // Anyone who keeps some plan may take the template (the class teacher is a teacher too).
  'topicPlan.template': { own: ['deputy', 'teacher', 'classTeacher'] },
  'topicPlan.preview': { own: ['deputy', 'teacher'], foreign: ['deputy'] },
  'topicPlan.save': { own: ['deputy', 'teacher'], foreign: ['deputy'] },
  'topicPlan.commit': { own: ['deputy', 'teacher'], foreign: ['deputy'] },
};

let loads: Record<Target, number>;
let file: string;
let saved = 0;

const version = (school: School, loadId: number) =>
  one<{ v: number } | undefined>(school.db, 'SELECT version AS v FROM topic_plan WHERE load_id = ?', loadId)
    ?.v ?? 0;

const matrix: Matrix = accessMatrix<Method, Target>({
  methods: Object.keys(ALLOWED) as Method[],
  ownCases: ['topicPlan.commit'],
  targets: (m) => (m === 'topicPlan.template' ? ['own'] : ['own', 'foreign']),
  allowed: ALLOWED,
  async setup(school) {
    const fx = fixtures(school.db);
    loads = { own: fx.ownLoad.id, foreign: fx.foreignLoad.id };
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('КТП');
    sheet.addRow(['№', 'Тема урока', 'Часов']);
    sheet.addRow([1, 'Повторение', 2]);
    file = Buffer.from((await book.xlsx.writeBuffer()) as ArrayBuffer).toString('base64');
  },
  inputFor(method, actor, target): Record<string, unknown> {
    const loadId = loads[target];
    switch (method) {
      case 'topicPlan.get':
      case 'topicPlan.export':
        return { loadId };
      case 'topicPlan.template':
        return {};
      case 'topicPlan.preview':
        return { loadId, fileName: 'ктп.xlsx', content: file };
      case 'topicPlan.save':
        // A new title each time, so that every allowed save changes the plan.
        return {
          loadId,
          items: [{ title: `Тема ${++saved} (${actor})`, hours: 2 }],
          expectedVersion: version(matrix.school, loadId),
        };
      case 'topicPlan.commit':
        throw new Error('checked in its own case');
    }
  },
});

describe('topicPlan.commit: the same file, previewed by the deputy, confirmed by each actor', () => {
  const cases = ACTORS.flatMap((actor) => (['own', 'foreign'] as const).map((t) => [actor, t] as const));
  it.each(cases)('by %s on %s data', async (actor, target) => {
    const { school } = matrix;
    const loadId = loads[target];
    const shown = await school.call(
      'topicPlan.preview',
      { loadId, fileName: 'ктп.xlsx', content: file },
      matrix.token('deputy'),
    );
    if (!shown.ok) throw new Error(shown.error.message);
    const audit = () => one<{ n: number }>(school.db, 'SELECT count(*) AS n FROM audit_log').n;
    const before = audit();
    const r = await school.call(
      'topicPlan.commit',
      {
        loadId,
        fileName: 'ктп.xlsx',
        content: file,
        previewHash: (shown.value as PlanPreview).hash,
        skipErrors: false,
      },
      matrix.token(actor),
      doorOf(actor),
    );
    if (ALLOWED['topicPlan.commit'][target]?.includes(actor)) {
      expect(r.ok ? 'allowed' : r.error).toBe('allowed');
      expect(audit()).toBeGreaterThan(before);
    } else {
      expect(r.ok ? 'allowed' : REFUSALS.includes(r.error.code) ? 'refused' : r.error).toBe('refused');
      expect(audit()).toBe(before);
    }
  });
});
