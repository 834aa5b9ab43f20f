// TR-07: an enterprise's training accounts as the association has them on file — the training
// officers (填报人) and the training manager (审核人) named by the last acknowledged change
// letter — and the letter waiting: the enterprise files who it names, uploads the stamped
// letter, and the association's staff acknowledge it; only then does the designation change.
import { useState } from 'react';
import { Alert, App, Button, Card, Descriptions, Empty, Form, Modal, Popconfirm, Select, Space, Tag, Tooltip, Typography, Upload } from 'antd';
import { useMutation, useQueries, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, fileBody, unwrap } from '../../../lib/api/client';
import { toProblem } from '../../../lib/api/problem';
import { showProblem } from '../../../lib/forms';
import { formatInstant } from '../../../lib/format';
import type { Me } from '../../../lib/me';
import { acknowledgeAccountChange, fileAccountChange, trainingKeys, useEnterpriseAccounts, useRoleHolders, type AccountChange } from '../api/training';
import { download } from '../lib/download';
import { LETTER_EXTS, LETTER_MAX_BYTES, acceptOf, mediaType } from '../lib/rules';
import { ProblemText } from '../../../components/ProblemText';

/** Where a change letter stands, for a tag: no letter waiting, waiting for its file, waiting for the association. */
export type LetterState = 'none' | 'awaiting_file' | 'awaiting_acknowledgement';

export function letterState(pending: AccountChange | null | undefined): LetterState {
  if (!pending) return 'none';
  return pending.letter_uploaded ? 'awaiting_acknowledgement' : 'awaiting_file';
}

export function LetterStateTag({ pending }: { pending: AccountChange | null | undefined }) {
  const { t } = useTranslation();
  const s = letterState(pending);
  if (s === 'none') return <Typography.Text type="secondary">{t('accounts.noPending')}</Typography.Text>;
  return (
    <Tag color={s === 'awaiting_file' ? 'orange' : 'blue'} data-testid="letter-state" data-state={s}>
      {t(`accounts.state.${s}`)}
    </Tag>
  );
}

/**
 * Display names of users: the caller's own from GET /me, the others from GET /users/{id}, which
 * answers only to who administers them (the enterprise's manager, the association admin). For
 * anyone else a user shows by the end of its id; the uploaded letter names them.
 */
function useUserNames(ids: string[], me: Me | undefined): (id: string) => string {
  const { t } = useTranslation();
  const others = [...new Set(ids)].filter((id) => id !== me?.user.id);
  const answers = useQueries({
    queries: others.map((id) => ({
      queryKey: trainingKeys.userName(id),
      staleTime: 5 * 60_000,
      retry: false,
      queryFn: () => unwrap(api.GET('/api/v1/users/{id}', { params: { path: { id } } })),
    })),
  });
  const names = new Map<string, string>();
  if (me) names.set(me.user.id, me.user.display_name);
  others.forEach((id, i) => {
    const a = answers[i];
    if (a?.data) names.set(id, a.data.display_name);
    else if (a?.isLoading) names.set(id, t('app.loading'));
  });
  return (id) => names.get(id) ?? t('accounts.userById', { id: id.slice(-6) });
}

function Designation({ change, nameOf, testId }: { change: AccountChange; nameOf: (id: string) => string; testId: string }) {
  const { t } = useTranslation();
  return (
    <Descriptions size="small" column={1} bordered data-testid={testId}>
      <Descriptions.Item label={t('accounts.officers')}>
        <Space wrap size={4}>
          {change.officer_ids.map((id) => (
            <Tag key={id} data-testid={`${testId}-officer`}>
              {nameOf(id)}
            </Tag>
          ))}
        </Space>
      </Descriptions.Item>
      <Descriptions.Item label={t('accounts.manager')}>
        <Tag color="blue" data-testid={`${testId}-manager`}>
          {nameOf(change.manager_id)}
        </Tag>
      </Descriptions.Item>
    </Descriptions>
  );
}

/**
 * One enterprise's accounts. `canFile`: the enterprise's own officer or manager (files the
 * designation and uploads the letter); `canAcknowledge`: the association's training department.
 * The buttons only mirror the server, which decides.
 */
export function EnterpriseAccountsCard({ enterpriseId, title, me, canFile, canAcknowledge }: { enterpriseId: string; title: string; me: Me | undefined; canFile: boolean; canAcknowledge: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const accounts = useEnterpriseAccounts(enterpriseId);
  const [filing, setFiling] = useState(false);
  const [uploading, setUploading] = useState(false);
  const current = accounts.data?.current ?? null;
  const pending = accounts.data?.pending ?? null;
  const nameOf = useUserNames([...(current ? [current.manager_id, ...current.officer_ids] : []), ...(pending ? [pending.manager_id, ...pending.officer_ids] : [])], me);

  const refresh = () => qc.invalidateQueries({ queryKey: trainingKeys.accounts(enterpriseId) });

  const acknowledge = useMutation({
    mutationFn: (id: string) => acknowledgeAccountChange(id),
    onSuccess: () => {
      message.success(t('accounts.acknowledged'));
      void refresh();
    },
    onError: (e) => showProblem(e, message),
  });

  const upload = async (change: AccountChange, file: File) => {
    const type = mediaType(file.name, LETTER_EXTS);
    if (!type) {
      message.error(t('accounts.badType'));
      return;
    }
    if (file.size > LETTER_MAX_BYTES) {
      message.error(t('accounts.tooLarge'));
      return;
    }
    setUploading(true);
    try {
      await unwrap(api.PUT('/api/v1/account-changes/{id}/letter', { params: { path: { id: change.id } }, ...fileBody(file, type) }));
      message.success(t('accounts.uploaded'));
      await refresh();
    } catch (e) {
      showProblem(e, message);
    } finally {
      setUploading(false);
    }
  };

  const downloadLetter = (change: AccountChange) =>
    download(`/api/v1/account-changes/${change.id}/letter`, t('accounts.letterFile')).catch((e: unknown) => showProblem(e, message));

  return (
    <Card
      size="small"
      title={title}
      loading={accounts.isLoading}
      data-testid="enterprise-accounts"
      extra={
        canFile &&
        !pending &&
        accounts.data && (
          <Button type="primary" data-testid="file-change" onClick={() => setFiling(true)}>
            {t('accounts.file')}
          </Button>
        )
      }
    >
      {accounts.error ? (
        <Alert type="error" showIcon title={<ProblemText error={accounts.error} />} />
      ) : (
        accounts.data && (
          <Space orientation="vertical" style={{ width: '100%' }}>
            <Typography.Title level={5} style={{ margin: 0 }}>
              {t('accounts.inForce')}
            </Typography.Title>
            {current ? (
              <>
                <Designation change={current} nameOf={nameOf} testId="designation-current" />
                <Typography.Text type="secondary" data-testid="designation-acknowledged-at">
                  {t('accounts.acknowledgedAt', { at: formatInstant(current.acknowledged_at) })}
                </Typography.Text>
              </>
            ) : (
              <Alert type="info" showIcon title={t('accounts.noneOnFile')} data-testid="designation-none" />
            )}
            <Typography.Title level={5} style={{ margin: '8px 0 0' }}>
              {t('accounts.pending')}
            </Typography.Title>
            {pending ? (
              <Space orientation="vertical" style={{ width: '100%' }} data-testid="pending-change">
                <Space wrap>
                  <LetterStateTag pending={pending} />
                  <Typography.Text type="secondary">{t('accounts.filedAt', { at: formatInstant(pending.filed_at) })}</Typography.Text>
                </Space>
                <Designation change={pending} nameOf={nameOf} testId="designation-pending" />
                {!pending.letter_uploaded && <Typography.Text type="warning">{canFile ? t('accounts.uploadNext') : t('accounts.waitingForFile')}</Typography.Text>}
                <Space wrap>
                  {canFile && (
                    <Upload
                      accept={acceptOf(LETTER_EXTS)}
                      showUploadList={false}
                      beforeUpload={(f) => {
                        void upload(pending, f);
                        return false;
                      }}
                    >
                      <Button loading={uploading} data-testid="upload-letter">
                        {pending.letter_uploaded ? t('accounts.replaceLetter') : t('accounts.uploadLetter')}
                      </Button>
                    </Upload>
                  )}
                  {pending.letter_uploaded && (
                    <Button data-testid="download-letter" onClick={() => void downloadLetter(pending)}>
                      {t('accounts.downloadLetter')}
                    </Button>
                  )}
                  {canAcknowledge &&
                    (pending.letter_uploaded ? (
                      <Popconfirm title={t('accounts.confirmAcknowledge')} onConfirm={() => acknowledge.mutate(pending.id)} okText={t('app.yes')} cancelText={t('app.no')}>
                        <Button type="primary" loading={acknowledge.isPending} data-testid="acknowledge">
                          {t('accounts.acknowledge')}
                        </Button>
                      </Popconfirm>
                    ) : (
                      <Tooltip title={t('accounts.waitingForFile')}>
                        <Button type="primary" disabled data-testid="acknowledge">
                          {t('accounts.acknowledge')}
                        </Button>
                      </Tooltip>
                    ))}
                </Space>
              </Space>
            ) : (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('accounts.noPending')} />
            )}
            <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
              {t('accounts.hint')}
            </Typography.Paragraph>
          </Space>
        )
      )}
      {canFile && <FileChangeDialog open={filing} enterpriseId={enterpriseId} current={current} onClose={() => setFiling(false)} onFiled={() => void refresh()} />}
    </Card>
  );
}

interface ChangeForm {
  officer_ids: string[];
  manager_id: string;
}

/** The designation a change letter carries: officers and a manager, never the same person (TR-07). */
function FileChangeDialog({ open, enterpriseId, current, onClose, onFiled }: { open: boolean; enterpriseId: string; current: AccountChange | null; onClose: () => void; onFiled: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<ChangeForm>();
  const holders = useRoleHolders(enterpriseId, open);
  const file = useMutation({
    mutationFn: (v: ChangeForm) => fileAccountChange(enterpriseId, v),
    onSuccess: () => {
      message.success(t('accounts.filed'));
      onClose();
      onFiled();
    },
    onError: (e) => showProblem(e, message, form),
  });
  const label = (h: { display_name: string; login: string }) => `${h.display_name}(${h.login})`;
  const officers = (holders.data ?? []).filter((h) => h.officer);
  const managers = (holders.data ?? []).filter((h) => h.manager);

  return (
    <Modal
      open={open}
      title={t('accounts.file')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('accounts.fileSubmit')}
      cancelText={t('app.cancel')}
      okButtonProps={{ loading: file.isPending, disabled: !!holders.error, ...({ 'data-testid': 'file-change-submit' } as Record<`data-${string}`, string>) }}
      destroyOnHidden
    >
      {holders.error ? (
        <Alert type="warning" showIcon title={toProblem(holders.error).status === 403 ? t('accounts.cannotList') : <ProblemText error={holders.error} />} data-testid="holders-error" />
      ) : (
        <Form form={form} layout="vertical" onFinish={(v) => file.mutate(v)} preserve={false} initialValues={current ? { officer_ids: current.officer_ids, manager_id: current.manager_id } : undefined}>
          <Form.Item name="officer_ids" label={t('accounts.officers')} rules={[{ required: true, message: t('accounts.officersRequired') }]} extra={t('accounts.officersHint')}>
            <Select mode="multiple" loading={holders.isLoading} data-testid="officer-select" optionFilterProp="label" options={officers.map((h) => ({ value: h.id, label: label(h) }))} />
          </Form.Item>
          <Form.Item
            name="manager_id"
            label={t('accounts.manager')}
            dependencies={['officer_ids']}
            rules={[
              { required: true, message: t('accounts.managerRequired') },
              ({ getFieldValue }) => ({
                validator: (_, v: string | undefined) => ((getFieldValue('officer_ids') as string[] | undefined)?.includes(v ?? '') ? Promise.reject(new Error(t('accounts.twoPeople'))) : Promise.resolve()),
              }),
            ]}
            extra={t('accounts.managerHint')}
          >
            <Select loading={holders.isLoading} data-testid="manager-select" optionFilterProp="label" options={managers.map((h) => ({ value: h.id, label: label(h) }))} />
          </Form.Item>
        </Form>
      )}
    </Modal>
  );
}
