// Question banks (EX-09): the banks of the exam bodies where the caller keeps banks (its exam
// officers and admin), cursor pages with the page size and the total, and a new bank for one of
// those bodies (subject, equipment category, level). A bank opens on its own page (its
// questions, import, export). The server decides who sees a bank: every other role is told it
// does not exist, and the list answers 403 to a role that keeps none.
import { useState, type HTMLAttributes } from 'react';
import { App, Button, Card, Form, Input, Modal, Select, Table, Tag } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { api, unwrap } from '../../../lib/api/client';
import { showProblem } from '../../../lib/forms';
import { useMe } from '../../../lib/me';
import { formatInstant } from '../../../lib/format';
import { useCursorPages, useListTotal, usePageSize } from '../../../lib/useCursorPages';
import { CursorPager } from '../../../components/CursorPager';
import { ListError } from '../../../components/ListError';
import { CATEGORIES } from '../../training/api/training';
import { BANK_KEEPER_ROLES, examKeys, useBanks, type Bank, type BankIn } from '../api/exams';

export function BanksPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const me = useMe();
  const pages = useCursorPages();
  const [pageSize, setPageSize] = usePageSize('exam-banks');
  const list = useBanks({ cursor: pages.cursor, limit: pageSize, withTotal: pages.withTotal });
  const total = useListTotal(pages, list.data?.total);
  const [creating, setCreating] = useState(false);
  const [form] = Form.useForm<BankIn>();
  // The bodies where the caller keeps banks: where the server will accept a new one.
  const bodies = (me.data?.memberships ?? []).filter((m) => m.roles.some((r) => (BANK_KEEPER_ROLES as readonly string[]).includes(r)));
  const ownerName = (id: string) => me.data?.memberships.find((m) => m.organization_id === id)?.organization_name ?? '';

  const create = useMutation({
    mutationFn: (v: BankIn) => unwrap(api.POST('/api/v1/exam-banks', { body: { ...v, level: v.level?.trim() || null, equipment_category: v.equipment_category ?? null } })),
    onSuccess: (b) => {
      setCreating(false);
      message.success(t('exam.bank.created', { name: b.name }));
      void qc.invalidateQueries({ queryKey: examKeys.all });
      void navigate(`/exams/banks/${b.id}`);
    },
    onError: (e) => showProblem(e, message, form),
  });

  return (
    <Card
      title={t('exam.nav.banks')}
      extra={
        bodies.length > 0 && (
          <Button
            type="primary"
            data-testid="bank-new"
            onClick={() => {
              form.resetFields();
              form.setFieldsValue({ owner_id: bodies[0]?.organization_id });
              setCreating(true);
            }}
          >
            {t('exam.bank.new')}
          </Button>
        )
      }
    >
      {list.error ? (
        <ListError error={list.error} onRetry={() => list.refetch()} />
      ) : (
        <Table<Bank>
          rowKey="id"
          size="small"
          loading={list.isLoading}
          dataSource={list.data?.items ?? []}
          pagination={false}
          scroll={{ x: 720 }}
          onRow={(b) => ({ 'data-testid': 'bank-row', 'data-name': b.name }) as HTMLAttributes<HTMLElement>}
          columns={[
            {
              title: t('exam.bank.name'),
              dataIndex: 'name',
              render: (n: string, b) => (
                <Link to={`/exams/banks/${b.id}`} data-testid="bank-open">
                  {n}
                </Link>
              ),
            },
            { title: t('exam.bank.topic'), dataIndex: 'topic' },
            { title: t('exam.bank.category'), dataIndex: 'equipment_category', render: (c?: string | null) => (c ? t(`training.category.${c}`) : t('app.none')) },
            { title: t('exam.bank.level'), dataIndex: 'level', render: (l?: string | null) => (l ? <Tag>{l}</Tag> : t('app.none')) },
            { title: t('exam.bank.owner'), dataIndex: 'owner_id', render: (id: string) => ownerName(id) },
            { title: t('exam.bank.createdAt'), dataIndex: 'created_at', render: (v: string) => formatInstant(v) },
          ]}
        />
      )}
      <CursorPager pages={pages} nextCursor={list.data?.next_cursor} count={list.data?.items.length} total={total} pageSize={pageSize} onPageSize={setPageSize} />

      <Modal
        open={creating}
        title={t('exam.bank.new')}
        onCancel={() => setCreating(false)}
        onOk={() => form.submit()}
        okText={t('app.save')}
        cancelText={t('app.cancel')}
        okButtonProps={{ loading: create.isPending, ...({ 'data-testid': 'bank-save' } as Record<`data-${string}`, string>) }}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" preserve={false} onFinish={(v) => create.mutate(v)}>
          <Form.Item name="owner_id" label={t('exam.bank.owner')} rules={[{ required: true }]}>
            <Select options={bodies.map((m) => ({ value: m.organization_id, label: m.organization_name }))} data-testid="bank-owner" />
          </Form.Item>
          <Form.Item name="name" label={t('exam.bank.name')} rules={[{ required: true, whitespace: true, message: t('exam.bank.nameRequired') }, { max: 100 }]}>
            <Input maxLength={100} placeholder={t('exam.bank.namePlaceholder')} data-testid="bank-name" />
          </Form.Item>
          <Form.Item name="topic" label={t('exam.bank.topic')} rules={[{ required: true, whitespace: true, message: t('exam.bank.topicRequired') }, { max: 50 }]}>
            <Input maxLength={50} placeholder={t('exam.bank.topicPlaceholder')} data-testid="bank-topic" />
          </Form.Item>
          <Form.Item name="equipment_category" label={t('exam.bank.category')}>
            <Select allowClear options={CATEGORIES.map((c) => ({ value: c, label: t(`training.category.${c}`) }))} />
          </Form.Item>
          <Form.Item name="level" label={t('exam.bank.level')}>
            <Input maxLength={50} placeholder={t('exam.bank.levelPlaceholder')} />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
