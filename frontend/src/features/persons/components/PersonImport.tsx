// The persons import (issue 15): the picked CSV or XLSX goes to the server as it is and is
// answered at once with a job; the dialog polls the job every second, shows the rows checked
// and written while it runs, then the server's report: every refused row with its line, the
// person it names (the ID number masked by the server) and the reason. The browser reads
// nothing of the file (issue 14 §7). All or nothing: one bad row and nothing is written.
// The dialog lists the template's columns, and the server's template is a button away.
import { useEffect, useRef, useState } from 'react';
import { Alert, App, Button, Modal, Radio, Space, Tag, Typography, Upload } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, fileBody, unwrap } from '../../../lib/api/client';
import type { components } from '../../../lib/api/schema';
import { showProblem } from '../../../lib/forms';
import { IMPORT_ACCEPT, importFileType } from '../../../lib/importFile';
import { ImportTemplateButton } from '../../../components/ImportTemplateButton';
import { RejectedRowsTable } from '../../../components/RejectedRowsTable';

type Job = components['schemas']['Job'];
type ImportMode = components['schemas']['ImportMode'];
type ImportReport = components['schemas']['ImportReport'];

/** How often a running job is asked for its progress. */
export const JOB_POLL_MS = 1000;

/**
 * The columns of the server's template (sheet 人员), as the header row spells them, with the
 * person field each one fills; the first five must be filled on every row.
 */
export const PERSON_IMPORT_COLUMNS: { header: string; label: string; required: boolean }[] = [
  { header: '姓名', label: 'person.name', required: true },
  { header: '性别', label: 'person.gender', required: true },
  { header: '出生日期', label: 'person.birthDate', required: true },
  { header: '身份证号', label: 'person.nationalId', required: true },
  { header: '工作单位统一社会信用代码', label: 'personImport.employerCode', required: true },
  { header: '学历', label: 'person.education', required: false },
  { header: '毕业院校', label: 'person.school', required: false },
  { header: '学历证书编号', label: 'person.certificateNo', required: false },
  { header: '职称', label: 'person.title', required: false },
  { header: '职称级别', label: 'person.titleLevel', required: false },
  { header: '岗位', label: 'person.post', required: false },
  { header: '任职日期', label: 'person.postSince', required: false },
  { header: '社保状态', label: 'person.insurance', required: false },
];

const ended = (j?: Job) => j?.state === 'succeeded' || j?.state === 'failed';

export function PersonImport({
  open,
  onClose,
  onDone,
  pollMs = JOB_POLL_MS,
}: {
  open: boolean;
  onClose: () => void;
  onDone: () => void;
  /** Tests poll faster. */
  pollMs?: number;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [mode, setMode] = useState<ImportMode>('all_or_nothing');
  const [sending, setSending] = useState(false);
  const [jobId, setJobId] = useState<string | null>(null);
  const job = useQuery({
    queryKey: ['jobs', jobId],
    enabled: jobId !== null,
    queryFn: () => unwrap(api.GET('/api/v1/jobs/{id}', { params: { path: { id: jobId ?? '' } } })),
    refetchInterval: (q) => (ended(q.state.data) ? false : pollMs),
  });
  const data = job.data;
  const report = (data?.report ?? null) as ImportReport | null;

  // Once per job: the list learns of the new persons, the clerk of the outcome.
  const told = useRef<string | null>(null);
  useEffect(() => {
    if (!data || !ended(data) || told.current === data.id) return;
    told.current = data.id;
    if (data.state === 'succeeded') {
      message.success(t('person.imported', { n: report?.imported ?? 0 }));
      onDone();
    }
  }, [data, report, message, onDone, t]);

  const upload = async (file: File) => {
    const type = importFileType(file);
    if (!type) {
      message.error(t('personImport.badType'));
      return;
    }
    setSending(true);
    setJobId(null);
    try {
      const queued = await unwrap(api.POST('/api/v1/persons/imports', { params: { query: { mode } }, ...fileBody(file, type) }));
      setJobId(queued.id);
    } catch (e) {
      showProblem(e, message);
    } finally {
      setSending(false);
    }
  };

  const busy = sending || (jobId !== null && !ended(data));
  const columns = (required: boolean) =>
    PERSON_IMPORT_COLUMNS.filter((c) => c.required === required).map((c) => (
      <Tag key={c.header} color={required ? 'blue' : undefined} data-testid="person-import-column" data-required={required}>
        {t('personImport.column', { header: c.header, label: t(c.label) })}
      </Tag>
    ));
  return (
    <Modal open={open} title={t('person.import')} onCancel={onClose} footer={null} width={760}>
      <Space orientation="vertical" style={{ width: '100%' }} data-testid="person-import">
        <div data-testid="person-import-columns">
          <Typography.Paragraph type="secondary" style={{ marginBottom: 4 }}>
            {t('personImport.hint')}
          </Typography.Paragraph>
          <Space size={[0, 4]} wrap>
            <Typography.Text strong style={{ marginInlineEnd: 8 }}>
              {t('personImport.required')}
            </Typography.Text>
            {columns(true)}
          </Space>
          <br />
          <Space size={[0, 4]} wrap>
            <Typography.Text strong style={{ marginInlineEnd: 8 }}>
              {t('personImport.optional')}
            </Typography.Text>
            {columns(false)}
          </Space>
        </div>
        <ImportTemplateButton which="persons" testId="person-import-template" />
        <Radio.Group value={mode} disabled={busy} onChange={(e) => setMode(e.target.value as ImportMode)}>
          <Radio value="all_or_nothing">{t('person.allOrNothing')}</Radio>
          <Radio value="good_rows">{t('person.goodRows')}</Radio>
        </Radio.Group>
        <Upload
          accept={IMPORT_ACCEPT}
          showUploadList={false}
          disabled={busy}
          beforeUpload={(f) => {
            void upload(f);
            return false;
          }}
        >
          <Button type="primary" loading={busy} data-testid="person-import-choose">
            {busy ? t('person.importing') : t('person.chooseFile')}
          </Button>
        </Upload>
        {data && !ended(data) && (
          <Typography.Text data-testid="person-import-progress">
            {t(data.state === 'queued' ? 'personImport.queued' : 'personImport.running')}{' '}
            {t('personImport.progress', { checked: data.rows_checked, written: data.rows_written })}
          </Typography.Text>
        )}
        {data && ended(data) && (
          <Space orientation="vertical" style={{ width: '100%' }} data-testid="person-import-report">
            {data.state === 'succeeded' && report && (
              <Alert
                type={report.rejected.length === 0 ? 'success' : 'warning'}
                showIcon
                title={report.rejected.length === 0 ? t('person.imported', { n: report.imported }) : t('personImport.partly', { n: report.imported, bad: report.rejected.length })}
              />
            )}
            {data.state === 'failed' && report && <Alert type="error" showIcon title={t('personImport.heldBack', { n: report.rejected.length })} />}
            {data.state === 'failed' && !report && data.error && <Alert type="error" showIcon title={t('personImport.failed', { detail: data.error.detail })} />}
            {report && report.rejected.length > 0 && <RejectedRowsTable rows={report.rejected} testId="person-import-rows" />}
          </Space>
        )}
      </Space>
    </Modal>
  );
}
