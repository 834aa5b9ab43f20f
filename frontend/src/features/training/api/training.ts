// Server state of the training screens: one place for the query keys and the calls, so that
// a mutation anywhere can invalidate what it changed.
import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../../lib/api/client';
import type { components } from '../../../lib/api/schema';
import { withQuery } from '../lib/download';

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
export type PublicPlan = components['schemas']['PublicPlan'];
export type PublicPlanClass = components['schemas']['PublicPlanClass'];
export type TeacherNotice = components['schemas']['TeacherNotice'];
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

/** Fen (0.01 CNY) as yuan with two decimals. */
export function yuan(fen: number): string {
  return (fen / 100).toFixed(2);
}

/** Yuan typed into a form as whole fen. */
export function toFen(yuanAmount: number | null | undefined): number {
  return Math.round((yuanAmount ?? 0) * 100);
}

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
};

/** Public pages: outside the `training` key so a logout does not matter to them. */
export const publicKeys = {
  plans: ['public', 'plans'] as const,
  plan: (id: string) => ['public', 'plan', id] as const,
  notices: ['public', 'teacher-notices'] as const,
};

export const ARCHIVE_KINDS: ArchiveKind[] = ['training_agreement', 'opening_notice', 'timetable', 'attendance_sheet', 'score_sheet', 'certificate_receipt_sheet'];
/** The archive items the server can generate from its records (the rest are uploaded). */
export const GENERATED_KINDS: ArchiveKind[] = ['timetable', 'attendance_sheet', 'score_sheet'];
export const CLASS_LEVELS: ClassLevel[] = ['none', 'junior', 'intermediate', 'senior'];

export function useCourses(cursor?: string, limit = 20) {
  return useQuery({
    queryKey: [...trainingKeys.courses(cursor), limit],
    queryFn: () => unwrap(api.GET('/api/v1/courses', { params: { query: { limit, cursor } } })),
  });
}

export function useClasses() {
  return useQuery({ queryKey: trainingKeys.classes, queryFn: () => unwrap(api.GET('/api/v1/classes')) });
}

export function useClassDetail(id: string) {
  return useQuery({
    queryKey: trainingKeys.klass(id),
    queryFn: () => unwrap(api.GET('/api/v1/classes/{id}', { params: { path: { id } } })),
  });
}

export function useEnrolments(q: { class_id?: string; status?: EnrolmentStatus; person_id?: string; cursor?: string; limit?: number }, enabled = true) {
  return useQuery({
    queryKey: trainingKeys.enrolments(q),
    enabled,
    queryFn: () => unwrap(api.GET('/api/v1/enrolments', { params: { query: { limit: 50, ...q } } })),
  });
}

export function useInbox() {
  return useQuery({ queryKey: trainingKeys.inbox, queryFn: () => unwrap(api.GET('/api/v1/inbox')) });
}

export function useMyClasses() {
  return useQuery({ queryKey: trainingKeys.mine, queryFn: () => unwrap(api.GET('/api/v1/me/classes')) });
}

export function usePublicPlans() {
  return useQuery({ queryKey: publicKeys.plans, queryFn: () => unwrap(api.GET('/api/v1/public/plans')) });
}

export function usePublicPlan(id: string) {
  return useQuery({ queryKey: publicKeys.plan(id), queryFn: () => unwrap(api.GET('/api/v1/public/plans/{id}', { params: { path: { id } } })) });
}

export function useTeacherNotices() {
  return useQuery({ queryKey: publicKeys.notices, queryFn: () => unwrap(api.GET('/api/v1/public/teacher-notices')) });
}

export function usePlans(associationId: string | undefined) {
  return useQuery({
    queryKey: [...trainingKeys.plans, associationId],
    enabled: !!associationId,
    queryFn: () => unwrap(api.GET('/api/v1/plans', { params: { query: { association_id: associationId ?? '' } } })),
  });
}

export function useTeachers(associationId: string | undefined) {
  return useQuery({
    queryKey: [...trainingKeys.teachers, associationId],
    enabled: !!associationId,
    queryFn: () => unwrap(api.GET('/api/v1/teachers', { params: { query: { association_id: associationId ?? '' } } })),
  });
}

export function useRefunds(enabled = true) {
  return useQuery({ queryKey: trainingKeys.refunds, enabled, queryFn: () => unwrap(api.GET('/api/v1/refunds')) });
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
    queryFn: () => unwrap(api.GET('/api/v1/sessions/{id}/attendance', { params: { path: { id: sessionId ?? '' } } })),
  });
}

export function useArchive(classId: string, enabled = true) {
  return useQuery({
    queryKey: trainingKeys.archive(classId),
    enabled,
    queryFn: () => unwrap(api.GET('/api/v1/classes/{id}/archive', { params: { path: { id: classId } } })),
  });
}

export function useUnits(courseId: string | undefined) {
  return useQuery({
    queryKey: trainingKeys.units(courseId ?? ''),
    enabled: !!courseId,
    queryFn: () => unwrap(api.GET('/api/v1/courses/{id}/units', { params: { path: { id: courseId ?? '' } } })),
  });
}

/** The head-teacher role holders of the class's association and its members. */
export function useHeadTeacherCandidates(classId: string, enabled = true) {
  return useQuery({
    queryKey: trainingKeys.headTeacherCandidates(classId),
    enabled,
    queryFn: () => unwrap(api.GET('/api/v1/classes/{id}/head-teacher-candidates', { params: { path: { id: classId } } })),
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
