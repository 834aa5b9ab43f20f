// Server state of the exam screens (issue 16): the types the API generates, one place for the
// query keys and the calls, so that a change anywhere invalidates what it touched.
import { useQuery } from '@tanstack/react-query';
import { PAGE_MAX, allPages, api, unwrap } from '../../../lib/api/client';
import type { components } from '../../../lib/api/schema';

export type Bank = components['schemas']['Bank'];
export type BankIn = components['schemas']['BankIn'];
export type Question = components['schemas']['Question'];
export type QuestionIn = components['schemas']['QuestionIn'];
export type QuestionKind = components['schemas']['QuestionKind'];
export type Key = components['schemas']['Key'];
export type Paper = components['schemas']['Paper'];
export type PaperIn = components['schemas']['PaperIn'];
export type BlueprintRow = components['schemas']['BlueprintRow'];
export type Station = components['schemas']['Station'];
export type BookMode = components['schemas']['BookMode'];
export type PaperMode = components['schemas']['PaperMode'];
export type Sitting = components['schemas']['Sitting'];
export type SittingIn = components['schemas']['SittingIn'];
export type Candidate = components['schemas']['Candidate'];
export type RosterReport = components['schemas']['RosterReport'];
export type LeftOut = components['schemas']['LeftOut'];
export type StaffMember = components['schemas']['StaffMember'];
export type Duty = components['schemas']['Duty'];
export type Slot = components['schemas']['Slot'];
export type ExamResult = components['schemas']['ExamResult'];
export type ExamOutcome = components['schemas']['ExamOutcome'];
export type Incident = components['schemas']['Incident'];
export type IncidentKind = components['schemas']['IncidentKind'];
export type Consequence = components['schemas']['Consequence'];
export type SittingRecord = components['schemas']['SittingRecord'];
export type Recording = components['schemas']['Recording'];
export type MyExam = components['schemas']['MyExam'];
export type MyDuty = components['schemas']['MyDuty'];
export type AttemptView = components['schemas']['AttemptView'];
export type AttemptStatus = components['schemas']['AttemptStatus'];
export type Asked = components['schemas']['Asked'];
export type ExamResponse = components['schemas']['Response'];
export type SaveOutcome = components['schemas']['SaveOutcome'];
export type ToMark = components['schemas']['ToMark'];
export type StationScore = components['schemas']['StationScore'];
export type QuestionImportReport = components['schemas']['QuestionImportReport'];
export type BadBehaviour = components['schemas']['BadBehaviour'];
export type RetakeFee = components['schemas']['RetakeFee'];
export type ExamFeeIn = components['schemas']['ExamFeeIn'];

export const QUESTION_KINDS: QuestionKind[] = ['single_choice', 'multiple_choice', 'true_false', 'fill_blank', 'short_answer'];
export const DUTIES: Duty[] = ['setter', 'proctor', 'evaluator'];
export const INCIDENT_KINDS: IncidentKind[] = ['cheating', 'impersonation', 'disorder'];
/** The roles that keep an exam body's banks and papers (EX-09), as the server's grant table. */
export const BANK_KEEPER_ROLES = ['exam_officer', 'association_admin', 'institution_admin', 'subcentre_admin'] as const;

export const examKeys = {
  all: ['exams'] as const,
  banks: (q: object) => ['exams', 'banks', q] as const,
  allBanks: ['exams', 'banks', 'all'] as const,
  bank: (id: string) => ['exams', 'bank', id] as const,
  questions: (bankId: string, q: object) => ['exams', 'questions', bankId, q] as const,
  allQuestions: (bankId: string) => ['exams', 'questions', bankId, 'all'] as const,
  papers: ['exams', 'papers'] as const,
  paper: (id: string) => ['exams', 'paper', id] as const,
  draw: (id: string, seed: number) => ['exams', 'draw', id, seed] as const,
  sittings: (q: object) => ['exams', 'sittings', q] as const,
  sitting: (id: string) => ['exams', 'sitting', id] as const,
  candidates: (id: string) => ['exams', 'candidates', id] as const,
  staff: (id: string) => ['exams', 'staff', id] as const,
  results: (id: string) => ['exams', 'results', id] as const,
  incidents: (id: string) => ['exams', 'incidents', id] as const,
  record: (id: string) => ['exams', 'record', id] as const,
  mine: ['exams', 'mine'] as const,
  duties: ['exams', 'duties'] as const,
  marking: ['exams', 'marking'] as const,
  retakeFees: (paid: boolean | undefined) => ['exams', 'retake-fees', paid ?? 'all'] as const,
  stationScores: (candidateId: string) => ['exams', 'station-scores', candidateId] as const,
};

/** One page of the banks the caller keeps; `withTotal` on the first page. */
export function useBanks(q: { cursor?: string; limit: number; withTotal?: boolean }) {
  return useQuery({
    queryKey: examKeys.banks(q),
    queryFn: () => unwrap(api.GET('/api/v1/exam-banks', { params: { query: { cursor: q.cursor, limit: q.limit, with_total: q.withTotal } } })),
  });
}

/** Every bank the caller keeps (the paper builder's choice). */
export function useAllBanks(enabled = true) {
  return useQuery({
    queryKey: examKeys.allBanks,
    enabled,
    queryFn: () => allPages((cursor) => unwrap(api.GET('/api/v1/exam-banks', { params: { query: { cursor, limit: PAGE_MAX } } }))),
  });
}

export function useBank(id: string) {
  return useQuery({ queryKey: examKeys.bank(id), queryFn: () => unwrap(api.GET('/api/v1/exam-banks/{id}', { params: { path: { id } } })) });
}

export interface QuestionQuery {
  kind?: QuestionKind;
  topic?: string;
  retired?: boolean;
  cursor?: string;
  limit: number;
  withTotal?: boolean;
}

export function useQuestions(bankId: string, q: QuestionQuery) {
  return useQuery({
    queryKey: examKeys.questions(bankId, q),
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/exam-banks/{id}/questions', {
          params: { path: { id: bankId }, query: { kind: q.kind, topic: q.topic || undefined, retired: q.retired, cursor: q.cursor, limit: q.limit, with_total: q.withTotal } },
        }),
      ),
  });
}

/** Every current question of a bank, retired ones included (the paper builder picks from it). */
export function useAllQuestions(bankId: string | undefined) {
  return useQuery({
    queryKey: examKeys.allQuestions(bankId ?? ''),
    enabled: !!bankId,
    queryFn: () => allPages((cursor) => unwrap(api.GET('/api/v1/exam-banks/{id}/questions', { params: { path: { id: bankId ?? '' }, query: { cursor, limit: PAGE_MAX } } }))),
  });
}

export function usePapers(enabled = true) {
  return useQuery({ queryKey: examKeys.papers, enabled, queryFn: () => allPages((cursor) => unwrap(api.GET('/api/v1/exam-papers', { params: { query: { cursor, limit: PAGE_MAX } } }))) });
}

export function useSittings(q: { class_id?: string } = {}, enabled = true) {
  return useQuery({
    queryKey: examKeys.sittings(q),
    enabled,
    queryFn: () => allPages((cursor) => unwrap(api.GET('/api/v1/exam-sittings', { params: { query: { class_id: q.class_id, cursor, limit: PAGE_MAX } } }))),
  });
}

export function useSitting(id: string) {
  return useQuery({ queryKey: examKeys.sitting(id), queryFn: () => unwrap(api.GET('/api/v1/exam-sittings/{id}', { params: { path: { id } } })) });
}

export function useCandidates(sittingId: string, enabled = true) {
  return useQuery({
    queryKey: examKeys.candidates(sittingId),
    enabled,
    queryFn: () => allPages((cursor) => unwrap(api.GET('/api/v1/exam-sittings/{id}/candidates', { params: { path: { id: sittingId }, query: { cursor, limit: PAGE_MAX } } }))),
  });
}

export function useStaff(sittingId: string, enabled = true) {
  return useQuery({ queryKey: examKeys.staff(sittingId), enabled, queryFn: () => allPages((cursor) => unwrap(api.GET('/api/v1/exam-sittings/{id}/staff', { params: { path: { id: sittingId }, query: { cursor, limit: PAGE_MAX } } }))) });
}

export function resultsQuery(sittingId: string) {
  return {
    queryKey: examKeys.results(sittingId),
    queryFn: () => allPages((cursor) => unwrap(api.GET('/api/v1/exam-sittings/{id}/results', { params: { path: { id: sittingId }, query: { cursor, limit: PAGE_MAX } } }))),
  };
}

export function useResults(sittingId: string, enabled = true) {
  return useQuery({ ...resultsQuery(sittingId), enabled });
}

export function useIncidents(sittingId: string, enabled = true) {
  return useQuery({ queryKey: examKeys.incidents(sittingId), enabled, queryFn: () => allPages((cursor) => unwrap(api.GET('/api/v1/exam-sittings/{id}/incidents', { params: { path: { id: sittingId }, query: { cursor, limit: PAGE_MAX } } }))) });
}

export function useRecord(sittingId: string, enabled = true) {
  return useQuery({ queryKey: examKeys.record(sittingId), enabled, queryFn: () => unwrap(api.GET('/api/v1/exam-sittings/{id}/record', { params: { path: { id: sittingId } } })) });
}

export function useMyExams(enabled = true) {
  return useQuery({ queryKey: examKeys.mine, enabled, queryFn: () => allPages((cursor) => unwrap(api.GET('/api/v1/me/exams', { params: { query: { cursor, limit: PAGE_MAX } } }))) });
}

export function useMyDuties(enabled = true) {
  return useQuery({ queryKey: examKeys.duties, enabled, queryFn: () => allPages((cursor) => unwrap(api.GET('/api/v1/me/exam-duties', { params: { query: { cursor, limit: PAGE_MAX } } }))) });
}

export function useMarking(enabled = true) {
  return useQuery({ queryKey: examKeys.marking, enabled, queryFn: () => allPages((cursor) => unwrap(api.GET('/api/v1/exam-marking', { params: { query: { cursor, limit: PAGE_MAX } } }))) });
}

/** Finance's retake fees (EX-02): `paid` false the fees still due, true those recorded, undefined both; soonest sitting first. */
export function useRetakeFees(paid: boolean | undefined) {
  return useQuery({
    queryKey: examKeys.retakeFees(paid),
    queryFn: () => allPages((cursor) => unwrap(api.GET('/api/v1/exam-retake-fees', { params: { query: { paid, cursor, limit: PAGE_MAX } } }))),
  });
}

/** The practical stations scored for a candidate so far, every evaluator's, in station order. */
export function useStationScores(candidateId: string, enabled = true) {
  return useQuery({
    queryKey: examKeys.stationScores(candidateId),
    enabled,
    queryFn: () => allPages((cursor) => unwrap(api.GET('/api/v1/exam-candidates/{id}/stations', { params: { path: { id: candidateId }, query: { cursor, limit: PAGE_MAX } } }))),
  });
}
