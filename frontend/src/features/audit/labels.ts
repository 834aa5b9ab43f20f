// What an audit row says, in words: a label per action code (`person.create` → 新增人员 /
// Person created) and per object type, from the screen texts (`audit.actions.<domain>.<verb>`,
// `audit.objects.<type>`), with the code itself when the server writes one the screen does
// not know yet; and the object's name when the row's `change` holds one.
import type { TFunction } from 'i18next';

/** The action codes the server writes (`AuditEntry.action` in the crates), grouped by domain. */
export const AUDIT_ACTIONS = [
  'user.seed',
  'user.create',
  'user.update',
  'user.password_set',
  'membership.create',
  'membership.delete',
  'api_client.create',
  'api_client.revoke',
  'auth.login',
  'auth.login_failed',
  'auth.refresh',
  'auth.refresh_reused',
  'auth.logout',
  'auth.client_token',
  'organization.create',
  'organization.update',
  'person.create',
  'person.update',
  'blacklist.add',
  'blacklist.lift',
  'accounts.file_change',
  'accounts.upload_letter',
  'accounts.acknowledge_change',
  'calendar.add_day',
  'calendar.change_day',
  'calendar.remove_day',
  'course.create',
  'course.add_unit',
  'course.add_material',
  'accident_case.create',
  'class.create',
  'class.cancel',
  'class.session_add',
  'class.head_teacher',
  'class.set_level',
  'class.assign_teacher',
  'class.record_result',
  'class.release_results',
  'archive.add_item',
  'plan.draft',
  'plan.fee_publicity',
  'plan.add_class',
  'plan.publish',
  'enrolment.submit',
  'enrolment.resubmit',
  'enrolment.approve',
  'enrolment.return',
  'enrolment.confirm',
  'enrolment.waitlist',
  'enrolment.promote',
  'enrolment.pay',
  'enrolment.deferral_request',
  'enrolment.defer',
  'enrolment.substitution_request',
  'enrolment.substitute',
  'refund.request',
  'refund.department_confirm',
  'refund.finance_confirm',
  'refund.leader_approve',
  'refund.pay',
  'refund.reject',
  'leave.request',
  'leave.approve',
  'leave.refuse',
  'attendance.mark',
  'attendance.sign_in',
  'attendance.excuse',
  'practical_record.record',
  'practical_record.answer_sheet',
  'study.progress',
  'ce.record_hours',
  'teacher.add',
  'teacher.select',
  'teacher.appoint',
  'teacher.dismiss',
  'council_term.add',
] as const;

/** The domains of the action codes, in the order above: the filter's "all of …" entries. */
export const AUDIT_DOMAINS = [...new Set(AUDIT_ACTIONS.map((a) => a.split('.')[0] ?? a))];

/** The object types the server writes. */
export const AUDIT_OBJECT_TYPES = ['person', 'organization', 'user', 'membership', 'api_client', 'login', 'blacklist_entry', 'account_change', 'calendar_day', 'course', 'accident_case', 'class', 'training_plan', 'enrolment', 'refund', 'teacher', 'council_term'] as const;

const CODE = /^[a-z_]+\.[a-z_]+$/;
const WORD = /^[a-z_]+$/;

/** An action in words; the code itself when unknown. */
export function actionLabel(t: TFunction, code: string): string {
  return CODE.test(code) ? t(`audit.actions.${code}`, { defaultValue: code }) : code;
}

/** An object type in words; the type itself when unknown. */
export function objectTypeLabel(t: TFunction, type: string): string {
  return WORD.test(type) ? t(`audit.objects.${type}`, { defaultValue: type }) : type;
}

/** A domain of actions in words ("人员"); the domain itself when unknown. */
export function domainLabel(t: TFunction, domain: string): string {
  return WORD.test(domain) ? t(`audit.domains.${domain}`, { defaultValue: domain }) : domain;
}

const NAME_KEYS = ['name', 'display_name', 'person_name', 'title', 'login'] as const;

function nameIn(v: unknown): string | undefined {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return undefined;
  const o = v as Record<string, unknown>;
  for (const k of NAME_KEYS) {
    const s = o[k];
    if (typeof s === 'string' && s.trim() !== '') return s;
  }
  return undefined;
}

/**
 * The object's name as the row recorded it: `change.after.name` (a creation or update),
 * `change.before.name` (a removal), or a name at the top of `change`; also `display_name`,
 * `person_name`, `title` or `login`. Undefined when the row has none.
 */
export function objectName(change: unknown): string | undefined {
  if (!change || typeof change !== 'object') return undefined;
  const c = change as Record<string, unknown>;
  return nameIn(c.after) ?? nameIn(c.before) ?? nameIn(c);
}
