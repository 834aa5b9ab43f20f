// The persons import (issue 15): the picked CSV or XLSX goes to the server as it is and is
// answered at once with a job; the dialog polls the job every second, shows the rows checked
// and written while it runs, then the per-row report. All or nothing: one bad row and nothing
// is written, and the report lists every bad row.
import { useEffect, useRef, useState, type HTMLAttributes } from 'react';
import { Alert, App, Button, Modal, Radio, Space, Table, Typography, Upload } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, fileBody, unwrap } from '../../../lib/api/client';
import type { components } from '../../../lib/api/schema';
import { showProblem } from '../../../lib/forms';
import type { RejectedRow } from '../../../lib/api/problem';

type Job = components['schemas']['Job'];
type ImportMode = components['schemas']['ImportMode'];
type ImportReport = components['schemas']['ImportReport'];

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** How often a running job is asked for its progress. */
export const JOB_POLL_MS = 1000;

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
    setSending(true);
    setJobId(null);
    try {
      const type = file.name.toLowerCase().endsWith('.xlsx') ? XLSX : 'text/csv';
      const queued = await unwrap(api.POST('/api/v1/persons/imports', { params: { query: { mode } }, ...fileBody(file, type) }));
      setJobId(queued.id);
    } catch (e) {
      showProblem(e, message);
    } finally {
      setSending(false);
    }
  };

  const busy = sending || (jobId !== null && !ended(data));
  return (
    <Modal open={open} title={t('person.import')} onCancel={onClose} footer={null} width={720}>
      <Space orientation="vertical" style={{ width: '100%' }} data-testid="person-import">
        <Radio.Group value={mode} onChange={(e) => setMode(e.target.value as ImportMode)}>
          <Radio value="all_or_nothing">{t('person.allOrNothing')}</Radio>
          <Radio value="good_rows">{t('person.goodRows')}</Radio>
        </Radio.Group>
        <Upload
          accept=".csv,.xlsx"
          showUploadList={false}
          beforeUpload={(f) => {
            void upload(f);
            return false;
          }}
        >
          <Button loading={busy}>{busy ? t('person.importing') : t('person.chooseFile')}</Button>
        </Upload>
        {data && !ended(data) && (
          <Typography.Text data-testid="person-import-progress">
            {t(data.state === 'queued' ? 'personImport.queued' : 'personImport.running')}{' '}
            {t('personImport.progress', { checked: data.rows_checked, written: data.rows_written })}
          </Typography.Text>
        )}
        {data && ended(data) && (
          <div data-testid="person-import-report">
            {data.state === 'succeeded' && report && (
              <Typography.Text>
                {t('person.imported', { n: report.imported })}; {t('person.rejected', { n: report.rejected.length })}
              </Typography.Text>
            )}
            {data.state === 'failed' && report && <Alert type="error" showIcon title={t('personImport.heldBack', { n: report.rejected.length })} />}
            {data.state === 'failed' && !report && data.error && (
              <Alert type="error" showIcon title={t('personImport.failed', { detail: data.error.detail })} />
            )}
            {report && report.rejected.length > 0 && (
              <Table<RejectedRow>
                size="small"
                rowKey={(r) => `${r.line}-${r.field}-${r.reason}`}
                dataSource={report.rejected}
                pagination={{ pageSize: 10 }}
                onRow={(r) => ({ 'data-testid': 'person-import-row', 'data-line': r.line }) as HTMLAttributes<HTMLElement>}
                columns={[
                  { title: t('person.line'), dataIndex: 'line', width: 70 },
                  { title: t('person.field'), dataIndex: 'field', width: 180 },
                  { title: t('person.reason'), dataIndex: 'reason' },
                ]}
              />
            )}
          </div>
        )}
      </Space>
    </Modal>
  );
}
