// A class's exams on the class page, for the exam side (run_exam_sittings): the class's sittings
// with their window and state, and each published sitting's results with their outcome; a
// sitting opens on its page. The training department sees the same results in the class's
// results (the exam writes them there when it publishes).
import { Card, Space, Tag, Typography } from 'antd';
import { useQueries } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatSpan } from '../../../lib/format';
import { ListError } from '../../../components/ListError';
import { Nothing } from '../../../components/Nothing';
import { resultsQuery, useSittings } from '../api/exams';
import { ResultsTable } from './Results';
import { ItemList, ListItem } from '../../../components/ItemList';

export function ClassExams({ classId }: { classId: string }) {
  const { t } = useTranslation();
  const sittings = useSittings({ class_id: classId });
  const list = sittings.data ?? [];
  const results = useQueries({ queries: list.map((s) => ({ ...resultsQuery(s.id), enabled: s.status === 'results_published' })) });
  return (
    <Card size="small" title={t('exam.classExams.title')} data-testid="class-exams" extra={<Link to="/exams/sittings">{t('exam.nav.sittings')}</Link>}>
      {sittings.error ? (
        <ListError error={sittings.error} onRetry={() => sittings.refetch()} />
      ) : (
        <ItemList
          loading={sittings.isLoading}
          dataSource={list}
          emptyText={<Nothing text={t('exam.classExams.none')} />}
          renderItem={(s, i) => (
            <ListItem data-testid="class-sitting" data-title={s.title}>
              <Space orientation="vertical" style={{ width: '100%' }} size={4}>
                <Space wrap>
                  <Link to={`/exams/sittings/${s.id}`}>{s.title}</Link>
                  <Tag color={s.status === 'planned' ? 'blue' : 'green'}>{t(`exam.sittingStatus.${s.status}`)}</Tag>
                  <Typography.Text type="secondary">{formatSpan(s.opens_at, s.closes_at)}</Typography.Text>
                </Space>
                {s.status === 'results_published' &&
                  (results[i]?.error ? <ListError error={results[i]?.error} /> : <ResultsTable results={results[i]?.data ?? []} loading={results[i]?.isLoading} />)}
              </Space>
            </ListItem>
          )}
        />
      )}
    </Card>
  );
}
