// A sitting's results as the exam side, the training department and the candidate read them:
// the outcome as a coloured tag, the table of a sitting's results (a card list on a phone), and
// the download of the XLSX score sheet.
import { useState, type HTMLAttributes } from 'react';
import { App, Button, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { showProblem } from '../../../lib/forms';
import { ResponsiveTable } from '../../../components/ResponsiveTable';
import { download } from '../../training/lib/download';
import type { ExamOutcome, ExamResult } from '../api/exams';

const OUTCOME_COLOR: Record<ExamOutcome, string> = { passed: 'green', failed: 'red', absent: 'default', disqualified: 'magenta' };

export function OutcomeTag({ outcome }: { outcome: ExamOutcome }) {
  const { t } = useTranslation();
  return (
    <Tag color={OUTCOME_COLOR[outcome]} data-testid="outcome" data-outcome={outcome}>
      {t(`exam.outcome.${outcome}`)}
    </Tag>
  );
}

export function ResultsTable({ results, loading }: { results: ExamResult[]; loading?: boolean }) {
  const { t } = useTranslation();
  return (
    <ResponsiveTable<ExamResult>
      rowKey="id"
      size="small"
      loading={loading}
      dataSource={results}
      pagination={false}
      emptyText={t('exam.results.none')}
      onRow={(r) => ({ 'data-testid': 'result', 'data-name': r.name }) as HTMLAttributes<HTMLElement>}
      columns={[
        { title: t('person.name'), dataIndex: 'name', key: 'name' },
        { title: t('person.nationalId'), dataIndex: 'national_id_masked', key: 'id' },
        { title: t('exam.results.theory'), dataIndex: 'theory_score', key: 'theory', render: (n: number) => <span data-testid="theory-score">{n}</span> },
        { title: t('exam.results.practical'), dataIndex: 'practical_score', key: 'practical', render: (n?: number | null) => n ?? '—' },
        { title: t('exam.results.outcome'), dataIndex: 'outcome', key: 'outcome', render: (o: ExamOutcome) => <OutcomeTag outcome={o} /> },
        { title: t('exam.roster.attempt'), dataIndex: 'attempt_no', key: 'attempt', render: (n: number) => (n > 1 ? t('exam.roster.retakeN', { n: n - 1 }) : t('exam.roster.first')) },
      ]}
    />
  );
}

/** Downloads a published sitting's score sheet (XLSX), under the server's file name. */
export function ScoreSheetButton({ sittingId }: { sittingId: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const sheet = async () => {
    setBusy(true);
    try {
      await download(`/api/v1/exam-sittings/${sittingId}/score-sheet`, t('exam.results.sheetName'));
    } catch (e) {
      showProblem(e, message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Button loading={busy} onClick={() => void sheet()} data-testid="score-sheet">
      {t('exam.results.sheet')}
    </Button>
  );
}
