import type { Output, ParsedInput } from '../../shared/api/contract';
import { ApiError } from '../../shared/api/errors';
import type { ReportRequest } from '../../shared/reports/contract';
import type { Report } from '../../shared/reports/report';
import type { Database } from '../db/database';
import { renderOnThread } from '../print/render';
import { reportXlsx } from '../print/report-xlsx';
import type { Actor, AuthedContext } from '../router/context';
import { staged } from '../router/handler';
import { periodsOfYear } from '../school-year/period-rows';
import { accessLogReport } from './access-log';
import { achievementLedger } from './achievement-ledger';
import { attendance } from './attendance';
import { classTeacherReport } from './class-teacher';
import { isSchoolWideReader, readableClass, yearInfo } from './common';
import { assertDynamicsAccess, dynamicsReport } from './dynamics';
import { fillReport } from './fill';
import { results } from './results';

/**
 * The reports bound to their builders. Every report is built by `buildReport`, so the screen
 * (`reports.<kind>`) and the file (`reports.export`) get the very same object.
 */

type Builders = {
  [K in ReportRequest['kind']]: (
    db: Database,
    actor: Actor,
    params: Extract<ReportRequest, { kind: K }>['params'],
  ) => Report;
};

/** One line per report; the control helper's reports join here. */
const BUILDERS: Builders = {
  achievementLedger(db, actor, params) {
    const cls = readableClass(db, actor, params.classId);
    if (cls.yearId !== params.yearId)
      throw new ApiError('VALIDATION', 'Класс относится к другому учебному году', 'yearId');
    return achievementLedger(db, cls, params);
  },
  results,
  attendance,
  classTeacher(db, actor, params) {
    return classTeacherReport(db, actor, readableClass(db, actor, params.classId), params.periodId);
  },
  dynamics(db, actor, params) {
    assertDynamicsAccess(db, actor, params);
    return dynamicsReport(db, params);
  },
  fill(db, actor, params) {
    assertSchoolWide(actor);
    return fillReport(db, params);
  },
  accessLog(db, actor, params) {
    assertSchoolWide(actor);
    return accessLogReport(db, params);
  },
};

/** The control reports (fill, access log) are the administration's, as their own methods are. */
function assertSchoolWide(actor: Actor): void {
  if (!isSchoolWideReader(actor))
    throw new ApiError('FORBIDDEN', 'Этот отчёт доступен заместителю директора, директору и инспектору');
}

export function buildReport(db: Database, actor: Actor, request: ReportRequest): Report {
  const build = BUILDERS[request.kind] as (db: Database, actor: Actor, params: unknown) => Report;
  return build(db, actor, request.params);
}

const EXTENSIONS = { pdf: 'pdf', xlsx: 'xlsx' } as const;

/**
 * The file is built outside any transaction: the report is read in one short read, then rendered
 * (pdfmake and exceljs take tens of milliseconds) while other calls use the connection.
 */
const exportReport = staged<'reports.export', Output<'reports.export'>>({
  async prepare(ctx, input) {
    const report = await ctx.db.read(() => buildReport(ctx.db, ctx.actor, input.report));
    // The PDF is laid out on a render thread: the database thread only builds the report.
    const bytes = input.format === 'pdf' ? await renderOnThread('report', report) : await reportXlsx(report);
    return { fileName: `${report.fileName}.${EXTENSIONS[input.format]}`, base64: bytes.toString('base64') };
  },
  run: (_ctx, _input, file) => file,
});

const screen =
  <K extends ReportRequest['kind']>(kind: K) =>
  (ctx: AuthedContext, params: ParsedInput<`reports.${K}`>): Report =>
    buildReport(ctx.db, ctx.actor, { kind, params } as ReportRequest);

/** The classes the actor may pick (queries filtered by who asks) and the year's periods. */
function options(ctx: AuthedContext, input: ParsedInput<'reports.options'>): Output<'reports.options'> {
  const { db, actor } = ctx;
  yearInfo(db, input.yearId);
  const schoolWide = isSchoolWideReader(actor);
  let q = db.builder
    .selectFrom('class as c')
    .select(['c.id', 'c.name', 'c.grade', 'c.class_teacher_id as classTeacherId'])
    .where('c.academic_year_id', '=', input.yearId)
    .orderBy('c.grade')
    .orderBy('c.letter');
  if (!schoolWide)
    q = q.where((eb) =>
      eb.or([
        eb('c.class_teacher_id', '=', actor.userId),
        eb.exists(
          eb
            .selectFrom('teaching_load as l')
            .select('l.id')
            .whereRef('l.class_id', '=', 'c.id')
            .where('l.teacher_id', '=', actor.userId),
        ),
      ]),
    );
  const classes = db.all(q).map((c) => ({
    id: c.id,
    name: c.name,
    grade: c.grade,
    leads: schoolWide || c.classTeacherId === actor.userId,
  }));
  return { schoolWide, classes, periods: db.all(periodsOfYear, { yearId: input.yearId }) };
}

export const reportsHandlers = {
  'reports.options': options,
  'reports.achievementLedger': screen('achievementLedger'),
  'reports.results': screen('results'),
  'reports.attendance': screen('attendance'),
  'reports.classTeacher': screen('classTeacher'),
  'reports.export': exportReport,
} as const;
