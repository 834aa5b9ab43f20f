// The evaluator's marking queue (issue 16 §4, §5): the short answers of the candidates assigned
// to them, without names (the server sends none), each with its question, the bank's reference
// answer and what the candidate wrote; the evaluator gives points up to the question's worth.
// A mark can be changed until the results are out; those still waiting come first.
import { useState } from 'react';
import { App, Button, Card, InputNumber, Space, Tag, Typography } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../../lib/api/client';
import { showProblem } from '../../../lib/forms';
import { ListError } from '../../../components/ListError';
import { Nothing } from '../../../components/Nothing';
import { examKeys, useMarking, useMyDuties, type ToMark } from '../api/exams';
import { ItemList, ListItem } from '../../../components/ItemList';

const keyOf = (m: ToMark) => `${m.attempt_id}:${m.position}`;

export function MarkingPage() {
  const { t } = useTranslation();
  const queue = useMarking();
  const duties = useMyDuties();
  const titleOf = (id: string) => duties.data?.find((d) => d.sitting.id === id)?.sitting.title ?? '';
  const items = [...(queue.data ?? [])].sort((a, b) => Number(a.my_points !== null && a.my_points !== undefined) - Number(b.my_points !== null && b.my_points !== undefined));
  const waiting = items.filter((m) => m.my_points === null || m.my_points === undefined).length;
  return (
    <Card title={t('exam.nav.marking')} extra={<Tag color={waiting > 0 ? 'orange' : 'green'} data-testid="marking-waiting">{t('exam.marking.waiting', { n: waiting })}</Tag>} styles={{ body: { padding: 8 } }}>
      <Typography.Paragraph type="secondary" style={{ padding: '0 8px' }}>
        {t('exam.marking.hint')}
      </Typography.Paragraph>
      {queue.error ? (
        <ListError error={queue.error} onRetry={() => queue.refetch()} />
      ) : (
        <ItemList
          loading={queue.isLoading}
          dataSource={items}
          rowKey={keyOf}
          emptyText={<Nothing text={t('exam.marking.none')} />}
          renderItem={(m) => (
            <ListItem>
              <MarkCard item={m} sitting={titleOf(m.sitting_id)} />
            </ListItem>
          )}
        />
      )}
    </Card>
  );
}

function MarkCard({ item, sitting }: { item: ToMark; sitting: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [points, setPoints] = useState<number | null>(item.my_points ?? null);
  const mark = useMutation({
    mutationFn: (p: number) => unwrap(api.PUT('/api/v1/exam-attempts/{id}/marks/{position}', { params: { path: { id: item.attempt_id, position: item.position } }, body: { points: p } })),
    onSuccess: (m) => {
      message.success(t('exam.marking.saved', { n: m.my_points ?? 0, max: m.max_points }));
      void qc.invalidateQueries({ queryKey: examKeys.marking });
    },
    onError: (e) => showProblem(e, message),
  });
  const marked = item.my_points !== null && item.my_points !== undefined;
  return (
    <Card
      size="small"
      data-testid="to-mark"
      data-marked={marked}
      title={
        <Space wrap size={4}>
          <span>{t('exam.attempt.questionNo', { n: item.position })}</span>
          {sitting && <Typography.Text type="secondary">{sitting}</Typography.Text>}
        </Space>
      }
      extra={marked ? <Tag color="green">{t('exam.marking.marked', { n: item.my_points, max: item.max_points })}</Tag> : <Tag color="orange">{t('exam.marking.toMark')}</Tag>}
    >
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Typography.Text strong style={{ whiteSpace: 'pre-wrap' }}>
          {item.stem}
        </Typography.Text>
        <div>
          <Typography.Text type="secondary">{t('exam.marking.reference')}</Typography.Text>
          <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', background: '#f6ffed', padding: 8, marginBottom: 0 }} data-testid="mark-reference">
            {item.reference}
          </Typography.Paragraph>
        </div>
        <div>
          <Typography.Text type="secondary">{t('exam.marking.written')}</Typography.Text>
          <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere', background: '#fafafa', padding: 8, marginBottom: 0 }} data-testid="mark-text">
            {item.text || t('exam.marking.nothingWritten')}
          </Typography.Paragraph>
        </div>
        <Space wrap>
          <InputNumber min={0} max={item.max_points} precision={0} value={points} onChange={setPoints} suffix={t('exam.marking.ofMax', { max: item.max_points })} data-testid="mark-points" />
          <Button type="primary" disabled={points === null} loading={mark.isPending} data-testid="mark-save" onClick={() => points !== null && mark.mutate(points)}>
            {marked ? t('exam.marking.change') : t('exam.marking.save')}
          </Button>
        </Space>
      </Space>
    </Card>
  );
}
