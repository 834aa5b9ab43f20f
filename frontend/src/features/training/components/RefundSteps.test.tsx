import { renderPage } from '../../../testing/render';
import type { Refund } from '../api/training';
import { RefundSteps } from './LedgerDrawer';

const base: Refund = {
  id: '0197a000-0000-7000-8000-0000000000f1',
  enrolment_id: '0197a000-0000-7000-8000-0000000000e1',
  ground: 'class_cancelled',
  reason: '协会取消培训班',
  training_fee: 80000,
  exam_fee: 20000,
  status: 'requested',
  requested_at: '2026-11-22T02:00:00Z',
  paid_at: null,
  payout_reference: null,
  rejection_reason: null,
  trail: [{ status: 'requested', by: 'u1', by_name: '王专员', at: '2026-11-22T02:00:00Z' }],
  version: 1,
};

/** The text under each of the five steps, in order ('' where none). */
function descriptions(): string[] {
  return Array.from(document.querySelectorAll('.ant-steps-item')).map((item) => item.querySelector('.ant-steps-item-content')?.textContent ?? '');
}

describe('the steps of a refund (TR-14)', () => {
  it('says under each step taken who took it and when, in Beijing time', () => {
    const refund: Refund = {
      ...base,
      status: 'finance_confirmed',
      version: 3,
      trail: [
        ...base.trail,
        { status: 'department_confirmed', by: 'u2', by_name: '李培训', at: '2026-11-22T03:00:00Z' },
        { status: 'finance_confirmed', by: 'u3', by_name: '赵财务', at: '2026-11-23T01:30:00Z' },
      ],
    };
    renderPage(<RefundSteps refund={refund} />);
    expect(Array.from(document.querySelectorAll('.ant-steps-item-title')).map((e) => e.textContent)).toEqual(['提交申请', '培训部门确认', '财务部门确认', '领导审批', '财务办理退费']);
    expect(descriptions()).toEqual(['王专员 · 2026-11-22 10:00', '李培训 · 2026-11-22 11:00', '赵财务 · 2026-11-23 09:30', '', '']);
  });

  it('shows a refusal at the step it stopped at, with who refused and when', () => {
    const refund: Refund = {
      ...base,
      status: 'rejected',
      rejection_reason: '已安排同课程班级',
      trail: [...base.trail, { status: 'rejected', by: 'u2', by_name: '李培训', at: '2026-11-22T04:05:00Z' }],
    };
    renderPage(<RefundSteps refund={refund} />);
    expect(descriptions()).toEqual(['王专员 · 2026-11-22 10:00', '李培训 拒绝 · 2026-11-22 12:05', '', '', '']);
    const items = document.querySelectorAll('.ant-steps-item');
    expect(items[1]?.className).toContain('ant-steps-item-error');
  });
});
