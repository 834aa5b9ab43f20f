// Papers (EX-01, EX-09): the papers of the caller's banks with their mode, book, duration, pass
// mark, theory points and practical stations; a paper's detail in a drawer beside the list —
// a fixed paper's questions at the versions it was built with, a drawn paper's blueprint with a
// preview of what a seed draws (the server draws it as it would for a candidate), the stations
// with their checklists. New papers are built on their own page.
import { useState, type HTMLAttributes } from 'react';
import { Button, Card, Descriptions, Drawer, InputNumber, Space, Table, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { PAGE_MAX, allPages, api, unwrap } from '../../../lib/api/client';
import { ListError } from '../../../components/ListError';
import { ProblemAlert } from '../../../components/ProblemText';
import { Nothing } from '../../../components/Nothing';
import { useColumnSettings } from '../../../components/ColumnSettings';
import { ListToolbar, useLocalPagination } from '../../../components/ListTools';
import { examKeys, useAllBanks, useAllQuestions, usePapers, type Paper } from '../api/exams';
import { keyText } from '../lib/rules';
import { ItemList, ListItem } from '../../../components/ItemList';

export function PapersPage() {
  const { t } = useTranslation();
  const papers = usePapers();
  const banks = useAllBanks();
  const [params, setParams] = useSearchParams();
  const open = params.get('open');
  const bankName = (id: string) => banks.data?.find((b) => b.id === id)?.name ?? '';
  const pages = useLocalPagination('exam-papers');
  const list = papers.data ?? [];
  const columns = useColumnSettings<Paper>(
    'exam-papers',
    [
      {
        key: 'title',
        title: t('exam.paper.title'),
        dataIndex: 'title',
        render: (v: string, p) => (
          <a data-testid="paper-open" onClick={() => setParams({ open: p.id })}>
            {v}
          </a>
        ),
      },
      { key: 'bank', title: t('exam.paper.bank'), dataIndex: 'bank_id', render: (id: string) => bankName(id) },
      { key: 'mode', title: t('exam.paper.mode'), dataIndex: 'mode', render: (m: string) => <Tag color="blue">{t(`exam.mode.${m}`)}</Tag> },
      { key: 'book', title: t('exam.paper.book'), dataIndex: 'book', render: (b: string) => t(`exam.book.${b}`) },
      { key: 'duration', title: t('exam.paper.duration'), dataIndex: 'duration_minutes', render: (n: number) => t('exam.minutesN', { n }) },
      { key: 'pass', title: t('exam.paper.passMark'), dataIndex: 'pass_mark' },
      { key: 'points', title: t('exam.paper.theoryPointsShort'), dataIndex: 'theory_points' },
      { key: 'stations', title: t('exam.paper.stations'), render: (_, p) => p.stations.length || t('app.none') },
      {
        key: 'flags',
        title: t('exam.paper.flags'),
        render: (_, p) => (
          <Space size={4} wrap>
            {p.double_marking && <Tag>{t('exam.paper.doubleMarking')}</Tag>}
            {p.skill_level && <Tag color="gold">{t('exam.paper.skillLevel')}</Tag>}
          </Space>
        ),
      },
    ],
    ['book', 'flags'],
  );

  return (
    <Card
      title={t('exam.nav.papers')}
      extra={
        <Link to="/exams/papers/new">
          <Button type="primary" data-testid="paper-new">
            {t('exam.paper.new')}
          </Button>
        </Link>
      }
    >
      <ListToolbar settings={columns.settings} />
      {papers.error ? (
        <ListError error={papers.error} onRetry={() => papers.refetch()} />
      ) : (
        <Table<Paper>
          rowKey="id"
          size="small"
          loading={papers.isLoading}
          dataSource={list}
          scroll={{ x: 900 }}
          pagination={pages.pagination}
          onRow={(p) => ({ 'data-testid': 'paper-row', 'data-title': p.title }) as HTMLAttributes<HTMLElement>}
          columns={columns.visible}
        />
      )}
      <PaperDrawer paper={list.find((p) => p.id === open)} onClose={() => setParams({})} bankName={bankName} />
    </Card>
  );
}

function PaperDrawer({ paper, onClose, bankName }: { paper: Paper | undefined; onClose: () => void; bankName: (id: string) => string }) {
  const { t } = useTranslation();
  const pool = useAllQuestions(paper?.bank_id);
  const [seed, setSeed] = useState(1);
  const [asked, setAsked] = useState<number | null>(null);
  const yesNo = (v: boolean) => (v ? t('exam.true') : t('exam.false'));
  const draw = useQuery({
    queryKey: examKeys.draw(paper?.id ?? '', asked ?? 0),
    enabled: !!paper && asked !== null,
    queryFn: () => allPages((cursor) => unwrap(api.GET('/api/v1/exam-papers/{id}/draw', { params: { path: { id: paper?.id ?? '' }, query: { seed: asked ?? 0, cursor, limit: PAGE_MAX } } }))),
  });
  const byVersion = new Map((pool.data ?? []).map((q) => [q.version_id, q]));
  return (
    <Drawer open={!!paper} onClose={onClose} title={paper?.title} size={Math.min(640, typeof window === 'undefined' ? 640 : window.innerWidth)} destroyOnHidden data-testid="paper-drawer">
      {paper && (
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Descriptions size="small" column={1} bordered>
            <Descriptions.Item label={t('exam.paper.bank')}>{bankName(paper.bank_id)}</Descriptions.Item>
            <Descriptions.Item label={t('exam.paper.mode')}>{t(`exam.mode.${paper.mode}`)}</Descriptions.Item>
            <Descriptions.Item label={t('exam.paper.book')}>{t(`exam.book.${paper.book}`)}</Descriptions.Item>
            <Descriptions.Item label={t('exam.paper.duration')}>{t('exam.minutesN', { n: paper.duration_minutes })}</Descriptions.Item>
            <Descriptions.Item label={t('exam.paper.passMark')}>{paper.pass_mark}</Descriptions.Item>
            <Descriptions.Item label={t('exam.paper.theoryPointsShort')}>{paper.theory_points}</Descriptions.Item>
            <Descriptions.Item label={t('exam.paper.doubleMarking')}>{paper.double_marking ? t('exam.paper.toleranceIs', { n: paper.tolerance }) : t('app.no')}</Descriptions.Item>
            <Descriptions.Item label={t('exam.paper.skillLevel')}>{paper.skill_level ? t('app.yes') : t('app.no')}</Descriptions.Item>
          </Descriptions>
          {paper.mode === 'fixed' ? (
            <Card size="small" title={t('exam.paper.items', { n: paper.items.length })}>
              <ItemList
                size="small"
                dataSource={paper.items}
                renderItem={(it) => {
                  const q = byVersion.get(it.question_version_id);
                  return (
                    <ListItem data-testid="paper-item">
                      <Space orientation="vertical" size={0}>
                        <Typography.Text>
                          {it.position}. {q ? q.stem : t('exam.paper.earlierVersion')}
                        </Typography.Text>
                        <Typography.Text type="secondary">
                          {t('exam.paper.itemLine', { points: it.points, kind: q ? t(`exam.kind.${q.kind}`) : '' })}
                        </Typography.Text>
                      </Space>
                    </ListItem>
                  );
                }}
              />
            </Card>
          ) : (
            <Card size="small" title={t('exam.paper.blueprint')}>
              <Table
                rowKey={(r) => `${r.kind}-${r.topic ?? ''}-${r.difficulty ?? ''}-${r.count}-${r.points}`}
                size="small"
                pagination={false}
                dataSource={paper.blueprint}
                columns={[
                  { title: t('exam.question.kind'), dataIndex: 'kind', render: (k: string) => t(`exam.kind.${k}`) },
                  { title: t('exam.question.topic'), dataIndex: 'topic', render: (v?: string | null) => v ?? t('exam.paper.any') },
                  { title: t('exam.question.difficulty'), dataIndex: 'difficulty', render: (v?: number | null) => v ?? t('exam.paper.any') },
                  { title: t('exam.paper.count'), dataIndex: 'count' },
                  { title: t('exam.paper.pointsEach'), dataIndex: 'points' },
                ]}
              />
            </Card>
          )}
          <Card
            size="small"
            title={t('exam.paper.preview')}
            extra={
              <Space>
                <InputNumber min={0} precision={0} value={seed} onChange={(v) => setSeed(v ?? 0)} addonBefore={t('exam.paper.seed')} style={{ width: 160 }} data-testid="draw-seed" />
                <Button data-testid="draw-preview" loading={draw.isFetching} onClick={() => setAsked(seed)}>
                  {t('exam.paper.draw')}
                </Button>
              </Space>
            }
          >
            <Typography.Paragraph type="secondary">{t('exam.paper.previewHint')}</Typography.Paragraph>
            {draw.error && <ProblemAlert error={draw.error} />}
            {draw.data && (
              <ItemList
                size="small"
                dataSource={draw.data}
                rowKey="version_id"
                emptyText={<Nothing text={t('exam.paper.nothingDrawn')} />}
                renderItem={(q, i) => (
                  <ListItem data-testid="drawn-question">
                    <Space orientation="vertical" size={0}>
                      <Typography.Text>
                        {i + 1}. [{t(`exam.kind.${q.kind}`)}] {q.stem}
                      </Typography.Text>
                      <Typography.Text type="secondary">{t('exam.paper.drawnLine', { points: q.points, key: keyText(q.key, yesNo) })}</Typography.Text>
                    </Space>
                  </ListItem>
                )}
              />
            )}
          </Card>
          {paper.stations.length > 0 && (
            <Card size="small" title={t('exam.paper.stations')}>
              {paper.stations.map((s, i) => (
                <div key={i} data-testid="paper-station" style={{ marginBottom: 8 }}>
                  <Typography.Text strong>{`${i + 1}. ${s.name}`}</Typography.Text>
                  <ul style={{ margin: '4px 0', paddingInlineStart: 20 }}>
                    {s.checklist.map((c, j) => (
                      <li key={j}>{t('exam.paper.checkLine', { item: c.item, points: c.points })}</li>
                    ))}
                  </ul>
                </div>
              ))}
            </Card>
          )}
        </Space>
      )}
    </Drawer>
  );
}
