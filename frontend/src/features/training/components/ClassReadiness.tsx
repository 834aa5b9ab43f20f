// What a class still needs before it can run, on its page for the training department, until
// every item is done: sessions added, a head teacher set, teachers assigned (an active one),
// and the fee publicity published — the class listed in a plan of the association that is
// published (SC-06: the fees are made public with the plan). Each open item leads to where it
// is done: the class's own dialogs, or the plans page. Built from what the class page already
// reads (`GET /classes/{id}`) and the association's plans (`GET /plans`); nothing else is
// known from the API (e.g. whether the opening notice went out), so nothing else is listed.
import { Button, Card, Space, Tag, Typography } from 'antd';
import { CheckCircleFilled, ClockCircleOutlined, ExclamationCircleOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { ClassDetail, Plan } from '../api/training';
import type { ClassDialog } from './ClassAdmin';
import { ItemList, ListItem } from '../../../components/ItemList';

export type ReadinessKey = 'sessions' | 'headTeacher' | 'teachers' | 'feePublicity';

export interface ReadinessItem {
  key: ReadinessKey;
  /** undefined while it cannot be told yet (the plans are loading). */
  done: boolean | undefined;
  /** For the fee publicity: the plan the class is in, if any. */
  plan?: Plan;
}

/**
 * The checklist of a class from its detail and its association's plans (undefined: still
 * loading; null: not readable, and the fee item is left out).
 */
export function readiness(detail: ClassDetail, plans: Plan[] | undefined | null): ReadinessItem[] {
  const items: ReadinessItem[] = [
    { key: 'sessions', done: detail.sessions.length > 0 },
    { key: 'headTeacher', done: !!detail.head_teacher_id },
    { key: 'teachers', done: detail.teachers.some((x) => x.status === 'active') },
  ];
  if (plans === null) return items;
  const plan = plans?.find((p) => p.classes.some((c) => c.id === detail.class.id));
  return [...items, { key: 'feePublicity', done: plans === undefined ? undefined : plan?.status === 'published', plan }];
}

const DIALOG: Partial<Record<ReadinessKey, Exclude<ClassDialog, null>>> = { sessions: 'session', headTeacher: 'head', teachers: 'teacher' };

export function ClassReadiness({ detail, plans, onDialog }: { detail: ClassDetail; plans: Plan[] | undefined | null; onDialog: (d: ClassDialog) => void }) {
  const { t } = useTranslation();
  const items = readiness(detail, plans);
  if (detail.class.status === 'cancelled' || items.every((i) => i.done === true)) return null;
  const open = items.filter((i) => i.done !== true).length;
  const where = (i: ReadinessItem) => {
    const dialog = DIALOG[i.key];
    if (dialog)
      return (
        <Button type="link" size="small" style={{ padding: 0 }} onClick={() => onDialog(dialog)} data-testid="readiness-go">
          {t(`readiness.go.${i.key}`)}
        </Button>
      );
    return (
      <Link to="/training/plans" data-testid="readiness-go">
        {t(i.plan ? 'readiness.go.publishPlan' : 'readiness.go.addToPlan')}
      </Link>
    );
  };
  return (
    <Card size="small" title={t('readiness.title')} extra={<Tag color="orange">{t('readiness.open', { n: open })}</Tag>} data-testid="class-readiness">
      <ItemList
        size="small"
        dataSource={items}
        renderItem={(i) => (
          <ListItem data-testid="readiness-item" data-item={i.key} data-done={i.done === undefined ? 'unknown' : String(i.done)} actions={i.done === false ? [where(i)] : []}>
            <Space>
              {i.done === true ? (
                <CheckCircleFilled style={{ color: '#237804' }} aria-label={t('readiness.done')} />
              ) : i.done === undefined ? (
                <ClockCircleOutlined aria-label={t('app.loading')} />
              ) : (
                <ExclamationCircleOutlined style={{ color: '#ad4e00' }} aria-label={t('readiness.todo')} />
              )}
              <Typography.Text delete={i.done === true} type={i.done === true ? 'secondary' : undefined}>
                {t(`readiness.item.${i.key}`)}
              </Typography.Text>
              {i.key === 'feePublicity' && i.done === false && (
                <Typography.Text type="secondary">{i.plan ? t('readiness.planDraft', { title: i.plan.title }) : t('readiness.noPlan')}</Typography.Text>
              )}
            </Space>
          </ListItem>
        )}
      />
    </Card>
  );
}
