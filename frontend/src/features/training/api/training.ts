// Server state of the training screens: one place for the query keys and the calls, so that
// a mutation anywhere can invalidate what it changed.
import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../../lib/api/client';
import type { components } from '../../../lib/api/schema';

export type Course = components['schemas']['Course'];
export type Class = components['schemas']['Class'];
export type ClassDetail = components['schemas']['ClassDetail'];
export type EnrolmentRow = components['schemas']['EnrolmentRow'];
export type EnrolmentStatus = components['schemas']['EnrolmentStatus'];
export type InboxItem = components['schemas']['InboxItem'];
export type InboxKind = components['schemas']['InboxKind'];
export type MyClass = components['schemas']['MyClass'];
export type Topic = components['schemas']['Topic'];
export type Delivery = components['schemas']['Delivery'];
export type EquipmentCategory = components['schemas']['EquipmentCategory'];

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
};

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

export function useEnrolments(q: { class_id?: string; status?: EnrolmentStatus; person_id?: string; cursor?: string }) {
  return useQuery({
    queryKey: trainingKeys.enrolments(q),
    queryFn: () => unwrap(api.GET('/api/v1/enrolments', { params: { query: { ...q, limit: 50 } } })),
  });
}

export function useInbox() {
  return useQuery({ queryKey: trainingKeys.inbox, queryFn: () => unwrap(api.GET('/api/v1/inbox')) });
}

export function useMyClasses() {
  return useQuery({ queryKey: trainingKeys.mine, queryFn: () => unwrap(api.GET('/api/v1/me/classes')) });
}
