// Enrolment from a sheet (TR-08) on the officer's enrolment screen: a CSV or XLSX with the
// columns 姓名 and 身份证号 is sent as it is to the class's enrolment import, either all or
// nothing (one bad row and nothing is written: 422 `import-rejected` with the rows) or good
// rows only (200 with the enrolled and the rejected rows). The browser reads nothing of the
// file (issue 14 §7): the answer is the server's report, every refused row with its line, the
// person it names (the ID number masked by the server), the column and the reason, the rule
// after it. The template is the server's, downloaded with the session.
import { useState } from 'react';
import { Alert, App, Button, Card, Radio, Space, Spin, Typography, Upload } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, fileBody, unwrap } from '../../../lib/api/client';
import { toProblem, type RejectedRow } from '../../../lib/api/problem';
import type { components } from '../../../lib/api/schema';
import { showProblem } from '../../../lib/forms';
import { IMPORT_ACCEPT, importFileType } from '../../../lib/importFile';
import { ImportTemplateButton } from '../../../components/ImportTemplateButton';
import { RejectedRowsTable } from '../../../components/RejectedRowsTable';
import { trainingKeys } from '../api/training';

type ImportMode = components['schemas']['ImportMode'];

interface Pending {
  file: string;
  size: number;
}

interface Report {
  /** Whether the good rows were written (good-rows mode), or nothing was (all or nothing with bad rows). */
  written: boolean;
  enrolled: number;
  rejected: RejectedRow[];
}

function kilobytes(size: number): string {
  return size < 1024 ? `${size} B` : `${(size / 1024).toFixed(1)} KB`;
}

export function EnrolmentImport({ classId }: { classId: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [mode, setMode] = useState<ImportMode>('all_or_nothing');
  const [upload, setUpload] = useState<Pending | null>(null);
  const [report, setReport] = useState<Report | null>(null);

  const send = async (file: File) => {
    const type = importFileType(file);
    if (!type) {
      message.error(t('enrolImport.badType'));
      return;
    }
    setReport(null);
    setUpload({ file: file.name, size: file.size });
    try {
      const answer = await unwrap(
        api.POST('/api/v1/classes/{id}/enrolment-imports', { params: { path: { id: classId }, query: { mode } }, ...fileBody(file, type) }),
      );
      setReport({ written: true, enrolled: answer.enrolled.length, rejected: answer.rejected });
      if (answer.rejected.length === 0) message.success(t('enrolImport.allDone', { n: answer.enrolled.length }));
      else message.warning(t('enrolImport.partly', { ok: answer.enrolled.length, bad: answer.rejected.length }));
      void qc.invalidateQueries({ queryKey: trainingKeys.all });
    } catch (e) {
      const p = toProblem(e);
      const rejected = p.body.rejected;
      // All or nothing with bad rows: nothing written, the rows are in the problem.
      if (rejected && rejected.length > 0) {
        setReport({ written: false, enrolled: 0, rejected });
        message.error(t('enrolImport.held', { bad: rejected.length }));
      } else showProblem(p, message);
    } finally {
      setUpload(null);
    }
  };

  return (
    <Card size="small" title={t('enrolImport.title')} data-testid="enrol-import" extra={<ImportTemplateButton which="enrolment" testId="enrol-import-template" type="link" size="small" />}>
      <Space orientation="vertical" style={{ width: '100%' }}>
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
          accept={IMPORT_ACCEPT}
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
            title={t('enrolImport.uploading', { file: upload.file, size: kilobytes(upload.size) })}
          />
        )}
        {report && (
          <>
            <Alert
              data-testid="enrol-import-summary"
              type={report.rejected.length === 0 ? 'success' : report.written ? 'warning' : 'error'}
              showIcon
              title={
                !report.written
                  ? t('enrolImport.held', { bad: report.rejected.length })
                  : report.rejected.length === 0
                    ? t('enrolImport.allDone', { n: report.enrolled })
                    : t('enrolImport.partly', { ok: report.enrolled, bad: report.rejected.length })
              }
              description={report.written && report.enrolled > 0 ? t('enrolImport.enrolledNote') : undefined}
            />
            {report.rejected.length > 0 && <RejectedRowsTable rows={report.rejected} testId="enrol-import-report" />}
          </>
        )}
      </Space>
    </Card>
  );
}
