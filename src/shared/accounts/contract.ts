import { z } from 'zod';
import { method } from '../api/define';
import { Empty, Id, IsoDate, textField } from '../api/schemas';
import { STAFF_ROLES } from '../auth/roles';
import { email, phone, type Read } from '../import/values';

/**
 * The administrator's accounts (issue 8; 004 §3.2: «администратор ЭЖ ведёт списки сотрудников,
 * обучающихся»; §3.3: credentials handed out on paper against a signature): staff accounts with
 * their roles, family accounts per class, credential slips and the issue register as a PDF, password
 * resets, disabling, consent to the processing of personal data (152-ФЗ, 004 §1.11–1.12) and the
 * paper diary of families who refused the electronic one (004 §4.7).
 *
 * Access (least privilege): every method is the administrator's. The director may read the staff
 * list and nothing else here: the director assigns staff to their duties (004 §4.1) and so may see
 * who holds which role, but families' personal data (consents, refusals, accounts) stay with the
 * administrator who keeps them (004 §3.2, §3.6). The inspector, an outsider, sees none of it.
 */

/** How far a person's access has got: no account, an account whose slip was never printed, … */
export const AccountState = z.enum(['none', 'notIssued', 'issued', 'disabled']);
export type AccountState = z.infer<typeof AccountState>;

/** A person's account, if any (state 'none': no account, the other fields are null). */
export const AccountInfo = z.object({
  userId: Id.nullable(),
  login: z.string().nullable(),
  state: AccountState,
  /** When the current temporary password was printed (ISO moment), null = never. */
  issuedAt: z.string().nullable(),
  disabledAt: z.string().nullable(),
});
export type AccountInfo = z.infer<typeof AccountInfo>;

export const StaffRoleSchema = z.enum(STAFF_ROLES);

const LastName = textField('Фамилия', 60, { min: 1 });
const FirstName = textField('Имя', 60, { min: 1 });
const MiddleName = textField('Отчество', 60)
  .nullable()
  .transform((s) => (s ? s : null));

/** Latin letters, digits, dots, hyphens; as loginFor makes them («ivanova.as», «ivanova.as2»). */
export const LOGIN_PATTERN = /^[a-z][a-z0-9._-]{1,59}$/;
const Login = z
  .string()
  .trim()
  .toLowerCase()
  .refine((s) => s === '' || LOGIN_PATTERN.test(s), {
    error: 'Логин: латинские буквы, цифры, точка, дефис; начинается с буквы, от 2 до 60 символов',
  });

/**
 * A staff member's contact as typed on the staff screen, read by the same rule as the staff list's
 * cell (shared/import/values.ts), so both store "+7 900 123-45-67" and a lower-case address; '' = none.
 */
const contact = (what: string, read: (cell: string, what: string) => Read<string | null>) =>
  textField(what, 120).transform((typed, ctx) => {
    const r = read(typed, what);
    if (r.ok) return r.value;
    ctx.addIssue({ code: 'custom', message: r.reason });
    return z.NEVER;
  });

export const StaffMember = z.object({
  id: Id,
  login: z.string(),
  lastName: z.string(),
  firstName: z.string(),
  middleName: z.string().nullable(),
  roles: z.array(StaffRoleSchema),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  /** Classes this teacher leads this year (классный руководитель is a teacher named on a class). */
  classes: z.array(z.string()),
  account: AccountInfo,
});
export type StaffMember = z.infer<typeof StaffMember>;

export const ConsentForm = z.enum(['paper', 'electronic']);
export type ConsentForm = z.infer<typeof ConsentForm>;

/** Consent to the processing of personal data as recorded (null: none on file). */
export const Consent = z
  .object({
    givenOn: IsoDate,
    form: ConsentForm,
    recordedBy: z.string(),
    recordedAt: z.string(),
  })
  .nullable();
export type Consent = z.infer<typeof Consent>;

export const FamilyStudent = z.object({
  id: Id,
  lastName: z.string(),
  firstName: z.string(),
  middleName: z.string().nullable(),
  account: AccountInfo,
  consent: Consent,
  /** Every guardian of this student receives the diary on paper: no student account either. */
  paperOnly: z.boolean(),
});
export type FamilyStudent = z.infer<typeof FamilyStudent>;

export const FamilyGuardian = z.object({
  id: Id,
  lastName: z.string(),
  firstName: z.string(),
  middleName: z.string().nullable(),
  phone: z.string().nullable(),
  /** «мать Гусевой Алисы», in this class. */
  children: z.array(z.object({ studentId: Id, name: z.string(), relation: z.string() })),
  account: AccountInfo,
  consent: Consent,
  /** The date of the written refusal of the electronic diary (004 §4.7), null = uses the diary. */
  paperDiarySince: IsoDate.nullable(),
});
export type FamilyGuardian = z.infer<typeof FamilyGuardian>;

export const ClassSummary = z.object({
  id: Id,
  name: z.string(),
  students: z.number().int(),
  /** Accounts of this class's students and parents whose slip was never printed. */
  notIssued: z.number().int(),
  /** Students and guardians (not on paper) who have no account yet. */
  withoutAccount: z.number().int(),
});

export const SlipSettings = z
  .object({
    /** The diary's address for parents and students, as printed on their slips. */
    diaryAddress: textField('Адрес электронного дневника', 200),
    /** Where staff find the journal ('' = the program on the school's computers). */
    staffAddress: textField('Адрес программы для сотрудников', 200),
  })
  .strict();
export type SlipSettings = z.infer<typeof SlipSettings>;

/** Whose slips to print: a class (its students and parents not yet issued), one person, or everybody not yet issued. */
export const PrintTarget = z.discriminatedUnion('target', [
  z.object({ target: z.literal('class'), classId: Id }).strict(),
  z.object({ target: z.literal('person'), userId: Id }).strict(),
  z.object({ target: z.literal('notIssued') }).strict(),
]);

/** A PDF for the user to save or print: the bytes in base64 and a file name. */
export const PdfFile = z.object({ fileName: z.string(), base64: z.string() });
export type PdfFile = z.infer<typeof PdfFile>;

const admin = ['admin'] as const;

export const accountsApi = {
  'accounts.staff': method({
    input: Empty,
    output: z.object({ staff: z.array(StaffMember) }),
    roles: ['admin', 'director'],
    write: false,
    audience: 'staff',
  }),
  'accounts.saveStaff': method({
    input: z
      .object({
        /** null: a new account. */
        id: Id.nullable(),
        lastName: LastName,
        firstName: FirstName,
        middleName: MiddleName,
        /** '' = made from the name by the login rule (shared/i18n/logins.ts). */
        login: Login,
        email: contact('E-mail', email),
        phone: contact('Телефон', phone),
        roles: z
          .array(StaffRoleSchema)
          .min(1, { error: 'Выберите хотя бы одну роль' })
          .refine((r) => new Set(r).size === r.length, { error: 'Роль указана дважды' }),
      })
      .strict(),
    output: StaffMember,
    roles: admin,
    write: true,
    audience: 'staff',
    changesIdentity: true,
  }),
  'accounts.classes': method({
    input: Empty,
    output: z.object({ year: z.string().nullable(), classes: z.array(ClassSummary) }),
    roles: admin,
    write: false,
    audience: 'staff',
  }),
  'accounts.classFamilies': method({
    input: z.object({ classId: Id }).strict(),
    output: z.object({
      classId: Id,
      className: z.string(),
      students: z.array(FamilyStudent),
      guardians: z.array(FamilyGuardian),
    }),
    roles: admin,
    write: false,
    audience: 'staff',
  }),
  'accounts.createFamilyAccounts': method({
    input: z.discriminatedUnion('target', [
      z.object({ target: z.literal('class'), classId: Id }).strict(),
      z.object({ target: z.literal('student'), studentId: Id }).strict(),
      z.object({ target: z.literal('guardian'), guardianId: Id }).strict(),
    ]),
    output: z.object({
      created: z.array(z.object({ userId: Id, login: z.string(), name: z.string() })),
      /** People left without an account, each with the reason in Russian (a paper diary). */
      skipped: z.array(z.object({ name: z.string(), reason: z.string() })),
    }),
    roles: admin,
    write: true,
    audience: 'staff',
  }),
  'accounts.printSlips': method({
    input: PrintTarget,
    output: z.object({
      pdf: PdfFile,
      printed: z.number().int(),
      /** Not yet issued and left for the next print (one print holds at most MAX_SLIPS people). */
      remaining: z.number().int(),
    }),
    roles: admin,
    write: true,
    audience: 'staff',
    changesIdentity: true,
  }),
  'accounts.setDisabled': method({
    input: z.object({ userId: Id, disabled: z.boolean() }).strict(),
    output: z.object({ endedSessions: z.number().int() }),
    roles: admin,
    write: true,
    audience: 'staff',
    changesIdentity: true,
  }),
  'accounts.setConsent': method({
    input: z.discriminatedUnion('person', [
      z
        .object({
          person: z.literal('student'),
          studentId: Id,
          consent: z.object({ givenOn: IsoDate, form: ConsentForm }).strict().nullable(),
        })
        .strict(),
      z
        .object({
          person: z.literal('guardian'),
          guardianId: Id,
          consent: z.object({ givenOn: IsoDate, form: ConsentForm }).strict().nullable(),
        })
        .strict(),
    ]),
    output: z.object({ consent: Consent }),
    roles: admin,
    write: true,
    audience: 'staff',
  }),
  'accounts.setPaperDiary': method({
    input: z
      .object({
        guardianId: Id,
        /** The date of the written statement; null: the family uses the electronic diary again. */
        statementOn: IsoDate.nullable(),
      })
      .strict(),
    output: z.object({ disabledAccount: z.boolean() }),
    roles: admin,
    write: true,
    audience: 'staff',
    changesIdentity: true,
  }),
  'accounts.paperDiary': method({
    input: Empty,
    output: z.object({
      families: z.array(
        z.object({
          guardianId: Id,
          name: z.string(),
          phone: z.string().nullable(),
          statementOn: IsoDate,
          children: z.array(z.object({ studentId: Id, name: z.string(), className: z.string().nullable() })),
        }),
      ),
    }),
    roles: admin,
    write: false,
    audience: 'staff',
  }),
  'accounts.slipSettings': method({
    input: Empty,
    output: SlipSettings,
    roles: admin,
    write: false,
    audience: 'staff',
  }),
  'accounts.saveSlipSettings': method({
    input: SlipSettings,
    output: SlipSettings,
    roles: admin,
    write: true,
    audience: 'staff',
  }),
} as const;
