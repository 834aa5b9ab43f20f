// A bank's questions from a sheet (EX-09), the enrolment import's pattern: the CSV or XLSX goes
// to the server as it is, all or nothing (one bad row and nothing is written: 422 with the
// rows) or good rows only (200 with the imported questions and the rejected rows); the answer
// is the server's report, every refused row with its line, column and reason (the rule after
// it). The dialog lists the template's columns, and the server's template is a button away.
import { useState } from 'react';
import { Alert, App, Button, Modal, Radio, Space, Spin, Tag, Typography, Upload } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, fileBody, unwrap } from '../../../lib/api/client';
import { toProblem, type RejectedRow } from '../../../lib/api/problem';
import type { components } from '../../../lib/api/schema';
import { showProblem } from '../../../lib/forms';
import { IMPORT_ACCEPT, importFileType } from '../../../lib/importFile';
import { ImportTemplateButton } from '../../../components/ImportTemplateButton';
import { RejectedRowsTable } from '../../../components/RejectedRowsTable';
import { examKeys } from '../api/exams';

type ImportMode = components['schemas']['ImportMode'];

/** The template's columns as the file spells them, with what each holds. */
export const QUESTION_IMPORT_COLUMNS = ['题型', '题干', '选项', '答案', '分值', '知识点', '难度'] as const;

interface Report {
  /** The good rows were written (good-rows mode), or nothing was (all or nothing with bad rows). */
  written: boolean;
  imported: number;
  rejected: RejectedRow[];
}

export function QuestionImport({ bankId, open, onClose }: { bankId: string; open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [mode, setMode] = useState<ImportMode>('all_or_nothing');
  const [sending, setSending] = useState<string | null>(null);
  const [report, setReport] = useState<Report | null>(null);

  const send = async (file: File) => {
    const type = importFileType(file);
    if (!type) {
      message.error(t('exam.import.badType'));
      return;
    }
    setReport(null);
    setSending(file.name);
    try {
      const answer = await unwrap(api.POST('/api/v1/exam-banks/{id}/question-imports', { params: { path: { id: bankId }, query: { mode } }, ...fileBody(file, type) }));
      setReport({ written: true, imported: answer.imported.length, rejected: answer.rejected });
      void qc.invalidateQueries({ queryKey: examKeys.all });
    } catch (e) {
      const p = toProblem(e);
      const rejected = p.body.rejected;
      if (rejected && rejected.length > 0) setReport({ written: false, imported: 0, rejected });
      else showProblem(p, message);
    } finally {
      setSending(null);
    }
  };

  return (
    <Modal open={open} title={t('exam.import.title')} onCancel={onClose} footer={null} width={760} destroyOnHidden>
      <Space orientation="vertical" style={{ width: '100%' }} data-testid="question-import">
        <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
          {t('exam.import.hint')}
        </Typography.Paragraph>
        <Space size={[0, 4]} wrap data-testid="question-import-columns">
          {QUESTION_IMPORT_COLUMNS.map((c) => (
            <Tag key={c} color="blue">
              {c}
            </Tag>
          ))}
        </Space>
        <Typography.Text type="secondary">{t('exam.import.format')}</Typography.Text>
        <ImportTemplateButton which="questions" testId="question-import-template" fileName={t('exam.import.templateName')} />
        <Radio.Group
          value={mode}
          disabled={!!sending}
          onChange={(e) => setMode(e.target.value as ImportMode)}
          options={[
            { value: 'all_or_nothing', label: t('enrolImport.allOrNothing') },
            { value: 'good_rows', label: t('enrolImport.goodRows') },
          ]}
        />
        <Upload
          accept={IMPORT_ACCEPT}
          showUploadList={false}
          disabled={!!sending}
          beforeUpload={(f) => {
            void send(f);
            return false;
          }}
        >
          <Button type="primary" loading={!!sending} data-testid="question-import-choose">
            {t('exam.import.choose')}
          </Button>
        </Upload>
        {sending && <Alert type="info" showIcon icon={<Spin size="small" />} title={t('exam.import.sending', { file: sending })} />}
        {report && (
          <>
            <Alert
              data-testid="question-import-summary"
              type={report.rejected.length === 0 ? 'success' : report.written ? 'warning' : 'error'}
              showIcon
              title={
                !report.written
                  ? t('exam.import.held', { bad: report.rejected.length })
                  : report.rejected.length === 0
                    ? t('exam.import.done', { n: report.imported })
                    : t('exam.import.partly', { ok: report.imported, bad: report.rejected.length })
              }
            />
            {report.rejected.length > 0 && <RejectedRowsTable rows={report.rejected} testId="question-import-report" />}
          </>
        )}
      </Space>
    </Modal>
  );
}
