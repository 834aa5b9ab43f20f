// Enrolment from a sheet (TR-08) on the officer's enrolment screen: a CSV or XLSX with the
// columns 姓名 and 身份证号 is sent as it is to the class's enrolment import, either all or
// nothing (one bad row and nothing is written: 422 with the rows) or good rows only. The
// answer is a per-row report: line, person (read from the picked file), outcome and reason,
// and the rule id beside the outcome when a business rule refused the row. The template with
// the headers is made in the page.
import { useState, type HTMLAttributes } from 'react';
import { Alert, App, Button, Card, Radio, Space, Spin, Table, Tag, Typography, Upload } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, fileBody, unwrap } from '../../../lib/api/client';
import { toProblem } from '../../../lib/api/problem';
import { showProblem } from '../../../lib/forms';
import type { components } from '../../../lib/api/schema';
import { trainingKeys } from '../api/training';
import { saveBlob } from '../lib/download';
import { enrolmentTemplateCsv, inLanguage, maskNationalId, readSheet, reportLines, sheetType, type ReportLine, type SheetRow } from '../lib/sheet';

type ImportMode = components['schemas']['ImportMode'];

interface Pending {
  file: string;
  size: number;
  phase: 'reading' | 'uploading';
  rows: number | null;
}

interface Report {
  lines: ReportLine[];
  written: boolean;
  enrolled: number;
  rejected: number;
  readable: boolean;
}

const OUTCOME_COLOUR = { enrolled: 'success', rejected: 'error', held: 'default' } as const;

function kilobytes(size: number): string {
  return size < 1024 ? `${size} B` : `${(size / 1024).toFixed(1)} KB`;
}

export function EnrolmentImport({ classId }: { classId: string }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [mode, setMode] = useState<ImportMode>('all_or_nothing');
  const [upload, setUpload] = useState<Pending | null>(null);
  const [report, setReport] = useState<Report | null>(null);

  const send = async (file: File) => {
    const type = sheetType(file);
    if (!type) {
      message.error(t('enrolImport.badType'));
      return;
    }
    setReport(null);
    setUpload({ file: file.name, size: file.size, phase: 'reading', rows: null });
    const rows: SheetRow[] | null = await readSheet(file);
    setUpload({ file: file.name, size: file.size, phase: 'uploading', rows: rows?.length ?? null });
    try {
      const answer = await unwrap(
        api.POST('/api/v1/classes/{id}/enrolment-imports', { params: { path: { id: classId }, query: { mode } }, ...fileBody(file, type) }),
      );
      setReport({ lines: reportLines(rows, answer.rejected, true), written: true, enrolled: answer.enrolled.length, rejected: answer.rejected.length, readable: rows !== null });
      if (answer.rejected.length === 0) message.success(t('enrolImport.allDone', { n: answer.enrolled.length }));
      else message.warning(t('enrolImport.partly', { ok: answer.enrolled.length, bad: answer.rejected.length }));
      void qc.invalidateQueries({ queryKey: trainingKeys.all });
    } catch (e) {
      const p = toProblem(e);
      const rejected = p.body.rejected;
      // All or nothing with bad rows: nothing written, the rows are in the problem.
      if (rejected && rejected.length > 0) {
        setReport({ lines: reportLines(rows, rejected, false), written: false, enrolled: 0, rejected: rejected.length, readable: rows !== null });
        message.error(t('enrolImport.held', { bad: rejected.length }));
      } else showProblem(p, message);
    } finally {
      setUpload(null);
    }
  };

  const template = () => saveBlob(new Blob([enrolmentTemplateCsv()], { type: 'text/csv;charset=utf-8' }), t('enrolImport.templateName'));

  return (
    <Card size="small" title={t('enrolImport.title')} data-testid="enrol-import" extra={<Button type="link" size="small" data-testid="enrol-import-template" onClick={template}>{t('enrolImport.template')}</Button>}>
      <Space direction="vertical" style={{ width: '100%' }}>
        <Typography.Text type="secondary">{t('enrolImport.hint')}</Typography.Text>
        <Space wrap>
          <Typography.Text>{t('enrolImport.mode')}</Typography.Text>
          <Radio.Group
            value={mode}
            disabled={!!upload}
            onChange={(e) => setMode(e.target.value as ImportMode)}
            options={[
              { value: 'all_or_nothing', label: t('enrolImport.allOrNothing') },
              { value: 'good_rows', label: t('enrolImport.goodRows') },
            ]}
          />
        </Space>
        <Upload
          accept=".csv,.xlsx"
          showUploadList={false}
          disabled={!!upload}
          beforeUpload={(f) => {
            void send(f);
            return false;
          }}
        >
          <Button data-testid="enrol-import-choose" loading={!!upload}>
            {t('enrolImport.chooseFile')}
          </Button>
        </Upload>
        {upload && (
          <Alert
            type="info"
            data-testid="enrol-import-progress"
            icon={<Spin size="small" />}
            showIcon
            message={upload.phase === 'reading' ? t('enrolImport.reading', { file: upload.file }) : t('enrolImport.uploading', { file: upload.file, size: kilobytes(upload.size) })}
            description={upload.rows !== null ? t('enrolImport.rows', { n: upload.rows }) : undefined}
          />
        )}
        {report && (
          <>
            <Alert
              data-testid="enrol-import-summary"
              type={report.rejected === 0 ? 'success' : report.written ? 'warning' : 'error'}
              showIcon
              message={
                !report.written
                  ? t('enrolImport.held', { bad: report.rejected })
                  : report.rejected === 0
                    ? t('enrolImport.allDone', { n: report.enrolled })
                    : t('enrolImport.partly', { ok: report.enrolled, bad: report.rejected })
              }
              description={report.readable ? undefined : t('enrolImport.unreadable')}
            />
            <Table<ReportLine>
              data-testid="enrol-import-report"
              rowKey="key"
              size="small"
              dataSource={report.lines}
              pagination={{ pageSize: 20, hideOnSinglePage: true }}
              onRow={(l) => ({ 'data-testid': 'import-row', 'data-line': l.line, 'data-outcome': l.outcome }) as HTMLAttributes<HTMLElement>}
              columns={[
                { title: t('enrolImport.line'), dataIndex: 'line', width: 56, render: (n: number) => <span data-testid="import-line">{n}</span> },
                {
                  title: t('enrolImport.person'),
                  key: 'person',
                  width: '38%',
                  render: (_, l) =>
                    l.name !== undefined ? (
                      <Space direction="vertical" size={0}>
                        <span data-testid="import-person">{l.name || '—'}</span>
                        {l.nationalId && <Typography.Text type="secondary">{maskNationalId(l.nationalId)}</Typography.Text>}
                      </Space>
                    ) : (
                      '—'
                    ),
                },
                {
                  title: t('enrolImport.outcome'),
                  key: 'outcome',
                  render: (_, l) => (
                    <Space direction="vertical" size={0}>
                      <Space size={4} wrap>
                        <Tag color={OUTCOME_COLOUR[l.outcome]}>{t(`enrolImport.result.${l.outcome}`)}</Tag>
                        {l.rule && (
                          <Tag color="orange" data-testid="import-rule">
                            {l.rule}
                          </Tag>
                        )}
                      </Space>
                      <span data-testid="import-reason">
                        {l.outcome === 'rejected' ? inLanguage(l.reason ?? '', i18n.language) : t(l.outcome === 'held' ? 'enrolImport.heldNote' : 'enrolImport.enrolledNote')}
                      </span>
                      {l.field && <Typography.Text type="secondary">{t('enrolImport.field', { field: l.field })}</Typography.Text>}
                    </Space>
                  ),
                },
              ]}
            />
          </>
        )}
      </Space>
    </Card>
  );
}
