// Server state of the training screens: one place for the query keys and the calls, so that
// a mutation anywhere can invalidate what it changed.
import { useQuery } from '@tanstack/react-query';
import { PAGE_MAX, allPages, api, unwrap } from '../../../lib/api/client';
import type { components } from '../../../lib/api/schema';
import { withQuery } from '../lib/download';
import { EARLY, takeEarly } from '../../../lib/early';

export type Course = components['schemas']['Course'];
export type Class = components['schemas']['Class'];
export type ClassDetail = components['schemas']['ClassDetail'];
export type AssignedTeacher = components['schemas']['AssignedTeacher'];
export type ClassResult = components['schemas']['ClassResult'];
export type HeadTeacherCandidate = components['schemas']['HeadTeacherCandidate'];
export type EnrolmentRow = components['schemas']['EnrolmentRow'];
export type EnrolmentStatus = components['schemas']['EnrolmentStatus'];
export type InboxItem = components['schemas']['InboxItem'];
export type InboxKind = components['schemas']['InboxKind'];
export type MyClass = components['schemas']['MyClass'];
export type Topic = components['schemas']['Topic'];
export type Delivery = components['schemas']['Delivery'];
export type EquipmentCategory = components['schemas']['EquipmentCategory'];
export type Plan = components['schemas']['Plan'];
export type FeeItem = components['schemas']['FeeItem'];
export type Teacher = components['schemas']['Teacher'];
export type TeacherStatus = components['schemas']['TeacherStatus'];
export type Refund = components['schemas']['Refund'];
export type RefundStatus = components['schemas']['RefundStatus'];
export type Ledger = components['schemas']['Ledger'];
export type Archive = components['schemas']['Archive'];
export type ArchiveKind = components['schemas']['ArchiveKind'];
export type ClassLevel = components['schemas']['ClassLevel'];
export type Session = components['schemas']['Session'];
export type MySession = components['schemas']['MySession'];
export type Unit = components['schemas']['Unit'];
export type SignInCode = components['schemas']['SignInCode'];
export type AccountChange = components['schemas']['AccountChange'];
export type EnterpriseAccounts = components['schemas']['EnterpriseAccounts'];
export type BlacklistEntry = components['schemas']['BlacklistEntry'];
export type CalendarDay = components['schemas']['CalendarDay'];
export type DayKind = components['schemas']['DayKind'];
export type CeLedger = components['schemas']['CeLedger'];
export type CeEntry = components['schemas']['CeEntry'];
export type CeSource = components['schemas']['CeSource'];
export type CeTopic = components['schemas']['CeTopic'];
export type Eligibility = components['schemas']['Eligibility'];
export type Material = components['schemas']['Material'];
export type AccidentCase = components['schemas']['AccidentCase'];

/** The training manager's decision: a return carries its reason (1–500 characters). */
export type ApprovalIn = { decision: 'approve' } | { decision: 'return'; reason: string };
export type FeePublicityIn = components['schemas']['FeePublicityIn'];

export const TOPICS: Topic[] = [
  'laws_and_regulations',
  'rules',
  'professional_ethics',
  'information_technology',
  'quality_system',
  'safety_technical_specifications',
  'standards',
  'basic_knowledge',
  'basic_theory',
  'new_techniques',
];
export const DELIVERIES: Delivery[] = ['face_to_face', 'remote', 'blended'];
export const CATEGORIES: EquipmentCategory[] = [
  'boiler',
  'pressure_vessel',
  'pressure_pipeline',
  'elevator',
  'lifting_machinery',
  'passenger_ropeway',
  'large_amusement_facility',
  'in_plant_motor_vehicle',
];
export const STATUSES: EnrolmentStatus[] = ['submitted', 'returned', 'approved', 'confirmed', 'waitlisted', 'paid'];

export const trainingKeys = {
  all: ['training'] as const,
  courses: (cursor?: string) => ['training', 'courses', cursor] as const,
  classes: ['training', 'classes'] as const,
  klass: (id: string) => ['training', 'class', id] as const,
  enrolments: (q: object) => ['training', 'enrolments', q] as const,
  inbox: ['training', 'inbox'] as const,
  mine: ['training', 'mine'] as const,
  plans: ['training', 'plans'] as const,
  teachers: ['training', 'teachers'] as const,
  refunds: ['training', 'refunds'] as const,
  ledger: (id: string) => ['training', 'ledger', id] as const,
  archive: (id: string) => ['training', 'archive', id] as const,
  units: (courseId: string) => ['training', 'units', courseId] as const,
  signInCode: (sessionId: string) => ['training', 'sign-in-code', sessionId] as const,
  attendance: (sessionId: string) => ['training', 'attendance', sessionId] as const,
  headTeacherCandidates: (classId: string) => ['training', 'head-teacher-candidates', classId] as const,
  accounts: (enterpriseId: string) => ['training', 'accounts', enterpriseId] as const,
  enterprises: (q: object) => ['training', 'enterprises', q] as const,
  roleHolders: (enterpriseId: string) => ['training', 'role-holders', enterpriseId] as const,
  userName: (userId: string) => ['training', 'user-name', userId] as const,
  blacklist: ['training', 'blacklist'] as const,
  calendar: (associationId: string) => ['training', 'calendar', associationId] as const,
  ce: (personId: string) => ['training', 'ce', personId] as const,
  eligibility: (enrolmentId: string) => ['training', 'eligibility', enrolmentId] as const,
  course: (id: string) => ['training', 'course', id] as const,
  materials: (courseId: string) => ['training', 'materials', courseId] as const,
  cases: (courseId: string) => ['training', 'cases', courseId] as const,
};

/** Public pages: outside the `training` key so a logout does not matter to them. */
export const ARCHIVE_KINDS: ArchiveKind[] = ['training_agreement', 'opening_notice', 'timetable', 'attendance_sheet', 'score_sheet', 'certificate_receipt_sheet'];
/** The archive items the server can generate from its records (the rest are uploaded). */
export const GENERATED_KINDS: ArchiveKind[] = ['timetable', 'attendance_sheet', 'score_sheet'];
export const CLASS_LEVELS: ClassLevel[] = ['none', 'junior', 'intermediate', 'senior'];

/** `withTotal`: ask the server to count the whole list (the first page of a paged table). */
export function useCourses(cursor?: string, limit = 20, withTotal?: boolean) {
  return useQuery({
    queryKey: [...trainingKeys.courses(cursor), limit, withTotal ?? false],
    queryFn: () => unwrap(api.GET('/api/v1/courses', { params: { query: { limit, cursor, with_total: withTotal } } })),
  });
}

export function useClasses() {
  return useQuery({ queryKey: trainingKeys.classes, queryFn: () => allPages((cursor) => unwrap(api.GET('/api/v1/classes', { params: { query: { limit: PAGE_MAX, cursor } } }))) });
}

/** One class with its sessions and head teacher (the class page, the head teacher's day). */
export function classQuery(id: string) {
  return { queryKey: trainingKeys.klass(id), queryFn: () => unwrap(api.GET('/api/v1/classes/{id}', { params: { path: { id } } })) };
}

export function useClassDetail(id: string) {
  return useQuery(classQuery(id));
}

export function useEnrolments(q: { class_id?: string; status?: EnrolmentStatus; person_id?: string; cursor?: string; limit?: number; with_total?: boolean }, enabled = true) {
  return useQuery({
    queryKey: trainingKeys.enrolments(q),
    enabled,
    queryFn: () => unwrap(api.GET('/api/v1/enrolments', { params: { query: { limit: 50, ...q } } })),
  });
}

/** The whole inbox (a paged list like every other), read page by page at the largest size. */
export const inboxQuery = {
  queryKey: trainingKeys.inbox,
  queryFn: async () => ({ items: await allPages((cursor) => unwrap(api.GET('/api/v1/inbox', { params: { query: { limit: PAGE_MAX, cursor } } }))) }),
};

export function useInbox(enabled = true) {
  return useQuery({ ...inboxQuery, enabled });
}

export const myClassesQuery = {
  queryKey: trainingKeys.mine,
  // The first run takes the request `lib/early` started at first script, if any.
  queryFn: () => takeEarly<MyClass[]>('myClasses') ?? EARLY.myClasses(),
};

export function useMyClasses(enabled = true) {
  return useQuery({ ...myClassesQuery, enabled });
}

export function usePlans(associationId: string | undefined) {
  return useQuery({ ...plansQuery(associationId ?? ''), enabled: !!associationId });
}

/** An association's plans with this year's TR-06 flag (the plans page, the class page, the workbench). */
export function plansQuery(associationId: string) {
  return {
    queryKey: [...trainingKeys.plans, associationId],
    // Every page of the plans; the overview's flags come with each page.
    queryFn: async () => {
      const page = (cursor?: string) => unwrap(api.GET('/api/v1/plans', { params: { query: { association_id: associationId, limit: PAGE_MAX, cursor } } }));
      const first = await page();
      let next = first.next_cursor ?? undefined;
      const items = [...first.items];
      while (next) {
        const p = await page(next);
        items.push(...p.items);
        next = p.next_cursor ?? undefined;
      }
      return { ...first, items, next_cursor: null };
    },
  };
}

export function useTeachers(associationId: string | undefined) {
  return useQuery({
    queryKey: [...trainingKeys.teachers, associationId],
    enabled: !!associationId,
    queryFn: () => allPages((cursor) => unwrap(api.GET('/api/v1/teachers', { params: { query: { association_id: associationId ?? '', limit: PAGE_MAX, cursor } } }))),
  });
}

export function useRefunds(enabled = true) {
  return useQuery({ queryKey: trainingKeys.refunds, enabled, queryFn: () => allPages((cursor) => unwrap(api.GET('/api/v1/refunds', { params: { query: { open: true, limit: PAGE_MAX, cursor } } }))) });
}

export function useLedger(enrolmentId: string | undefined) {
  return useQuery({
    queryKey: trainingKeys.ledger(enrolmentId ?? ''),
    enabled: !!enrolmentId,
    queryFn: () => unwrap(api.GET('/api/v1/enrolments/{id}/ledger', { params: { path: { id: enrolmentId ?? '' } } })),
  });
}

/** What is recorded for a session so far (head teacher and association staff). */
export function useSessionAttendance(sessionId: string | undefined) {
  return useQuery({
    queryKey: trainingKeys.attendance(sessionId ?? ''),
    enabled: !!sessionId,
    queryFn: () => allPages((cursor) => unwrap(api.GET('/api/v1/sessions/{id}/attendance', { params: { path: { id: sessionId ?? '' }, query: { limit: PAGE_MAX, cursor } } }))),
  });
}

/** A class's archive with its TR-18 due day and overdue flag (the class page, the workbench). */
export function archiveQuery(classId: string) {
  return { queryKey: trainingKeys.archive(classId), queryFn: () => unwrap(api.GET('/api/v1/classes/{id}/archive', { params: { path: { id: classId } } })) };
}

export function useArchive(classId: string, enabled = true) {
  return useQuery({ ...archiveQuery(classId), enabled });
}

export function useUnits(courseId: string | undefined) {
  return useQuery({
    queryKey: trainingKeys.units(courseId ?? ''),
    enabled: !!courseId,
    queryFn: () => allPages((cursor) => unwrap(api.GET('/api/v1/courses/{id}/units', { params: { path: { id: courseId ?? '' }, query: { limit: PAGE_MAX, cursor } } }))),
  });
}

/** The head-teacher role holders of the class's association and its members. */
export function useHeadTeacherCandidates(classId: string, enabled = true) {
  return useQuery({
    queryKey: trainingKeys.headTeacherCandidates(classId),
    enabled,
    queryFn: () => allPages((cursor) => unwrap(api.GET('/api/v1/classes/{id}/head-teacher-candidates', { params: { path: { id: classId }, query: { limit: PAGE_MAX, cursor } } }))),
  });
}

/** TR-07: the training manager approves, or returns with the reason the officer will read. */
export function decideEnrolment(id: string, body: ApprovalIn) {
  return unwrap(api.POST('/api/v1/enrolments/{id}/approval', { params: { path: { id } }, body }));
}

/** The officer sends a returned enrolment back to the training manager. */
export function resubmitEnrolment(id: string) {
  return unwrap(api.POST('/api/v1/enrolments/{id}/resubmission', { params: { path: { id } } }));
}

/** A draft plan's fee items and complaint phone, for the version read (refused once the plan is published). */
export function putFeePublicity(plan: Plan, body: FeePublicityIn) {
  return unwrap(api.PUT('/api/v1/plans/{id}/fee-publicity', { params: { path: { id: plan.id }, header: { 'If-Match': `"${plan.version}"` } }, body }));
}

/** The enrolment list as XLSX, with the list's filters. */
export function enrolmentsExportPath(q: { class_id?: string; status?: EnrolmentStatus; person_id?: string }): string {
  return withQuery('/api/v1/enrolments/export', q);
}

/** Fees received and refunds paid as XLSX; `from`/`to` are Beijing dates, both inclusive. */
export function feeLedgerExportPath(q: { from?: string; to?: string; class_id?: string }): string {
  return withQuery('/api/v1/fee-ledger/export', q);
}

// --- TR-07: enterprise training accounts and their change letters ---

/** The designation in force (the last acknowledged letter) and the letter waiting, if any. */
export function useEnterpriseAccounts(enterpriseId: string | undefined) {
  return useQuery({
    queryKey: trainingKeys.accounts(enterpriseId ?? ''),
    enabled: !!enterpriseId,
    queryFn: () => unwrap(api.GET('/api/v1/enterprises/{id}/accounts', { params: { path: { id: enterpriseId ?? '' } } })),
  });
}

/** A user who may be named in a change letter: holds the officer or manager role at the enterprise. */
export interface RoleHolder {
  id: string;
  display_name: string;
  login: string;
  officer: boolean;
  manager: boolean;
}

/**
 * The enterprise's training officers and managers by role, for the change letter's pickers.
 * Only who administers the enterprise's users may list them (its training manager, the
 * association admin); anyone else gets the server's 403, shown by the dialog.
 */
export function useRoleHolders(enterpriseId: string, enabled: boolean) {
  return useQuery({
    queryKey: trainingKeys.roleHolders(enterpriseId),
    enabled,
    queryFn: async (): Promise<RoleHolder[]> => {
      const users = await unwrap(api.GET('/api/v1/users', { params: { query: { limit: 200 } } }));
      const out: RoleHolder[] = [];
      // A few at a time: an enterprise has a handful of users, an association admin sees more.
      for (let i = 0; i < users.items.length; i += 8) {
        const chunk = users.items.slice(i, i + 8);
        const all = await Promise.all(chunk.map((u) => allPages((cursor) => unwrap(api.GET('/api/v1/users/{id}/memberships', { params: { path: { id: u.id }, query: { limit: PAGE_MAX, cursor } } })))));
        chunk.forEach((u, j) => {
          const roles = (all[j] ?? []).filter((m) => m.organization_id === enterpriseId).flatMap((m) => m.roles);
          const officer = roles.includes('enterprise_officer');
          const manager = roles.includes('enterprise_manager');
          if (officer || manager) out.push({ id: u.id, display_name: u.display_name, login: u.login, officer, manager });
        });
      }
      return out;
    },
  });
}

/** File a change letter's designation (pending until its file is uploaded and acknowledged). */
export function fileAccountChange(enterpriseId: string, body: { officer_ids: string[]; manager_id: string }) {
  return unwrap(api.POST('/api/v1/enterprises/{id}/account-changes', { params: { path: { id: enterpriseId } }, body }));
}

/** Association staff acknowledge a letter: from now on only the users it names act (TR-07). */
export function acknowledgeAccountChange(id: string) {
  return unwrap(api.POST('/api/v1/account-changes/{id}/acknowledgement', { params: { path: { id } } }));
}

// --- CR-04: the blacklist ---

export function useBlacklist(enabled = true) {
  return useQuery({ queryKey: trainingKeys.blacklist, enabled, queryFn: () => allPages((cursor) => unwrap(api.GET('/api/v1/blacklist', { params: { query: { limit: PAGE_MAX, cursor } } }))) });
}

// --- TR-18: the holiday calendar ---

export function useCalendarDays(associationId: string | undefined) {
  return useQuery({
    queryKey: trainingKeys.calendar(associationId ?? ''),
    queryFn: () => allPages((cursor) => unwrap(api.GET('/api/v1/calendar-days', { params: { query: { association_id: associationId, limit: PAGE_MAX, cursor } } }))),
  });
}

// --- CE-03: continuing-education hours ---

export function useCeHours(personId: string) {
  return useQuery({
    queryKey: trainingKeys.ce(personId),
    enabled: !!personId,
    queryFn: () => unwrap(api.GET('/api/v1/persons/{id}/ce-hours', { params: { path: { id: personId } } })),
  });
}

// --- EX-11: exam eligibility ---

export function eligibilityQuery(enrolmentId: string) {
  return {
    queryKey: trainingKeys.eligibility(enrolmentId),
    queryFn: () => unwrap(api.GET('/api/v1/enrolments/{id}/eligibility', { params: { path: { id: enrolmentId } } })),
  };
}

// --- TR-03: course materials and the accident-case library ---

export function useMaterials(courseId: string) {
  return useQuery({
    queryKey: trainingKeys.materials(courseId),
    enabled: !!courseId,
    queryFn: () => allPages((cursor) => unwrap(api.GET('/api/v1/courses/{id}/materials', { params: { path: { id: courseId }, query: { limit: PAGE_MAX, cursor } } }))),
  });
}

/** The cases linked to a course, or the whole library of the caller's associations. */
export function useAccidentCases(courseId?: string) {
  return useQuery({
    queryKey: trainingKeys.cases(courseId ?? ''),
    queryFn: () => allPages((cursor) => unwrap(api.GET('/api/v1/accident-cases', { params: { query: { course_id: courseId, limit: PAGE_MAX, cursor } } }))),
  });
}
