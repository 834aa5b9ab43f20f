// "My exams" for the candidate, laid out for a phone (issue 16 §4, §6): each sitting they are on
// the roster of, with its window, place and duration, whether it is a retake, and where it
// stands — not open yet, open (start, with a word that the time runs from the start), in
// progress (continue), handed in, or the result once published.
import { Button, Card, Popconfirm, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { formatSpan } from '../../../lib/format';
import { ListError } from '../../../components/ListError';
import { Nothing } from '../../../components/Nothing';
import { useMyExams, type MyExam } from '../api/exams';
import { OutcomeTag } from '../components/Results';
import { ItemList, ListItem } from '../../../components/ItemList';

/** Where a sitting stands for its candidate at device time `now`. */
export function stageOf(e: MyExam, now: number): 'result' | 'handed_in' | 'in_progress' | 'open' | 'not_open' | 'closed' {
  if (e.outcome) return 'result';
  if (e.attempt_status && e.attempt_status !== 'started') return 'handed_in';
  if (e.attempt_status === 'started') return now < Date.parse(e.closes_at) ? 'in_progress' : 'handed_in';
  if (now < Date.parse(e.opens_at)) return 'not_open';
  if (now < Date.parse(e.closes_at)) return 'open';
  return 'closed';
}

export function MyExamsPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const mine = useMyExams();
  const now = Date.now();
  return (
    <Card title={t('exam.nav.mine')} styles={{ body: { padding: 8 } }}>
      {mine.error ? (
        <ListError error={mine.error} onRetry={() => mine.refetch()} />
      ) : (
        <ItemList
          loading={mine.isLoading}
          dataSource={mine.data ?? []}
          emptyText={<Nothing text={t('exam.mine.none')} />}
          renderItem={(e) => {
            const stage = stageOf(e, now);
            const go = () => void navigate(`/my-exams/${e.sitting_id}`);
            return (
              <ListItem>
                <Card size="small" title={e.title} data-testid="my-exam" data-title={e.title} data-stage={stage}>
                  <Space orientation="vertical" size={4} style={{ width: '100%' }}>
                    <Typography.Text>{t('exam.mine.window', { span: formatSpan(e.opens_at, e.closes_at) })}</Typography.Text>
                    <Typography.Text type="secondary">
                      {t('exam.mine.duration', { n: e.duration_minutes })}
                      {e.place ? ` · ${e.place}` : ` · ${t('exam.sitting.online')}`}
                    </Typography.Text>
                    {e.attempt_no > 1 && <Tag color="orange">{t('exam.roster.retakeN', { n: e.attempt_no - 1 })}</Tag>}
                    {stage === 'result' && e.outcome && (
                      <Space wrap data-testid="my-result">
                        <OutcomeTag outcome={e.outcome} />
                        {e.theory_score !== null && e.theory_score !== undefined && <Typography.Text>{t('exam.mine.theory', { n: e.theory_score })}</Typography.Text>}
                        {e.practical_score !== null && e.practical_score !== undefined && <Typography.Text>{t('exam.mine.practical', { n: e.practical_score })}</Typography.Text>}
                      </Space>
                    )}
                    {stage === 'handed_in' && <Tag color="green">{t('exam.mine.handedIn')}</Tag>}
                    {stage === 'not_open' && <Tag>{t('exam.mine.notOpen')}</Tag>}
                    {stage === 'closed' && <Tag>{t('exam.mine.closed')}</Tag>}
                    {stage === 'in_progress' && (
                      <Button type="primary" block data-testid="exam-continue" onClick={go}>
                        {t('exam.mine.continue')}
                      </Button>
                    )}
                    {stage === 'open' && (
                      <Popconfirm title={t('exam.mine.confirmStart', { n: e.duration_minutes })} okText={t('exam.mine.start')} cancelText={t('app.cancel')} onConfirm={go}>
                        <Button type="primary" block data-testid="exam-start">
                          {t('exam.mine.start')}
                        </Button>
                      </Popconfirm>
                    )}
                  </Space>
                </Card>
              </ListItem>
            );
          }}
        />
      )}
    </Card>
  );
}
