// TR-07 training accounts: an enterprise's officer or manager sees its designation on file and
// files a change letter; the association's training department sees its member enterprises,
// which have a letter waiting, and acknowledges it: a foldable query form (name), the page size
// with the total, and "letters waiting only".
import { useState, type HTMLAttributes } from 'react';
import { Button, Card, Checkbox, Drawer, Form, Input, Space, Table, Typography } from 'antd';
import { useQueries, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../../lib/api/client';
import { formatInstant } from '../../../lib/format';
import { hasAnyRole, useMe, type Me } from '../../../lib/me';
import { useCursorPages, useListTotal, usePageSize } from '../../../lib/useCursorPages';
import { QueryForm } from '../../../components/QueryForm';
import { ListToolbar } from '../../../components/ListTools';
import { CursorPager } from '../../../components/CursorPager';
import { ListError } from '../../../components/ListError';
import type { components } from '../../../lib/api/schema';
import { trainingKeys, type EnterpriseAccounts } from '../api/training';
import { AssociationPicker, useAssociation } from '../components/AssociationPicker';
import { EnterpriseAccountsCard, LetterStateTag, letterState } from '../components/AccountChanges';

type Organization = components['schemas']['Organization'];

/** The enterprises the caller acts for as officer or manager. */
function ownEnterprises(me: Me | undefined): { id: string; name: string }[] {
  const seen = new Map<string, string>();
  for (const m of me?.memberships ?? []) {
    if (m.organization_kind === 'enterprise' && m.roles.some((r) => r === 'enterprise_officer' || r === 'enterprise_manager')) seen.set(m.organization_id, m.organization_name);
  }
  return [...seen].map(([id, name]) => ({ id, name }));
}

export function AccountsPage() {
  const { t } = useTranslation();
  const me = useMe();
  const department = hasAnyRole(me.data, ['association_admin', 'association_staff']);
  const own = ownEnterprises(me.data);
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      {own.map((e) => (
        <EnterpriseAccountsCard key={e.id} enterpriseId={e.id} title={t('accounts.ownTitle', { name: e.name })} me={me.data} canFile canAcknowledge={false} />
      ))}
      {department && <AssociationAccounts me={me.data} />}
    </Space>
  );
}

function AssociationAccounts({ me }: { me: Me | undefined }) {
  const { t } = useTranslation();
  const [association, setAssociation] = useAssociation(me);
  const pages = useCursorPages();
  const [q, setQ] = useState<string | undefined>();
  const [pendingOnly, setPendingOnly] = useState(false);
  const [open, setOpen] = useState<Organization | null>(null);
  const [pageSize, setPageSize] = usePageSize('enterprise-accounts', 50);
  const [queryForm] = Form.useForm<{ q?: string }>();
  const query = { kind: 'enterprise' as const, association_id: association, q, limit: pageSize, cursor: pages.cursor, with_total: pages.withTotal };
  const enterprises = useQuery({
    queryKey: trainingKeys.enterprises(query),
    enabled: !!association,
    queryFn: () => unwrap(api.GET('/api/v1/organizations', { params: { query } })),
  });
  const enterprisesTotal = useListTotal(pages, enterprises.data?.total);
  const rows = enterprises.data?.items ?? [];
  const accounts = useQueries({
    queries: rows.map((o) => ({
      queryKey: trainingKeys.accounts(o.id),
      queryFn: () => unwrap(api.GET('/api/v1/enterprises/{id}/accounts', { params: { path: { id: o.id } } })),
    })),
  });
  const of = new Map<string, EnterpriseAccounts>();
  rows.forEach((o, i) => {
    const a = accounts[i]?.data;
    if (a) of.set(o.id, a);
  });
  const shown = pendingOnly ? rows.filter((o) => letterState(of.get(o.id)?.pending) !== 'none') : rows;
  const waiting = rows.filter((o) => letterState(of.get(o.id)?.pending) === 'awaiting_acknowledgement').length;

  return (
    <Card title={t('accounts.title')} extra={<AssociationPicker me={me} value={association} onChange={setAssociation} />}>
      <Typography.Paragraph type="secondary">{t('accounts.departmentHint')}</Typography.Paragraph>
      <QueryForm<{ q?: string }>
        form={queryForm}
        onSearch={(v) => {
          pages.reset();
          setQ(v.q?.trim() || undefined);
        }}
        onReset={() => {
          pages.reset();
          setQ(undefined);
        }}
      >
        <Form.Item name="q" label={t('org.name')}>
          <Input placeholder={t('org.filterName')} allowClear data-testid="enterprises-filter" />
        </Form.Item>
      </QueryForm>
      <ListToolbar>
        <Checkbox checked={pendingOnly} onChange={(e) => setPendingOnly(e.target.checked)} data-testid="pending-only">
          {t('accounts.pendingOnly')}
        </Checkbox>
      </ListToolbar>
      {waiting > 0 && (
        <Typography.Paragraph data-testid="waiting-count">
          <Typography.Text strong>{t('accounts.waitingCount', { n: waiting })}</Typography.Text>
        </Typography.Paragraph>
      )}
      {enterprises.error ? (
        <ListError error={enterprises.error} onRetry={() => enterprises.refetch()} />
      ) : (
        <Table<Organization>
          rowKey="id"
          size="small"
          loading={enterprises.isLoading}
          dataSource={shown}
          pagination={false}
          scroll={{ x: 560 }}
          onRow={(o) => ({ 'data-testid': 'enterprise-row', 'data-name': o.name }) as HTMLAttributes<HTMLElement>}
          columns={[
            { title: t('org.name'), dataIndex: 'name' },
            {
              title: t('accounts.inForce'),
              key: 'current',
              render: (_, o) => {
                const c = of.get(o.id)?.current;
                return c ? t('accounts.onFileSince', { at: formatInstant(c.acknowledged_at) }) : <Typography.Text type="secondary">{t('accounts.byRoles')}</Typography.Text>;
              },
            },
            { title: t('accounts.pending'), key: 'pending', render: (_, o) => <LetterStateTag pending={of.get(o.id)?.pending} /> },
            {
              title: t('app.actions'),
              key: 'a',
              render: (_, o) => (
                <Button size="small" data-testid="open-accounts" onClick={() => setOpen(o)}>
                  {t('accounts.open')}
                </Button>
              ),
            },
          ]}
        />
      )}
      <CursorPager pages={pages} nextCursor={enterprises.data?.next_cursor} count={rows.length} pageSize={pageSize} onPageSize={setPageSize} total={enterprisesTotal} />
      <Drawer open={!!open} onClose={() => setOpen(null)} title={open?.name} size={Math.min(640, typeof window === 'undefined' ? 640 : window.innerWidth)} destroyOnHidden>
        {open && <EnterpriseAccountsCard enterpriseId={open.id} title={t('accounts.title')} me={me} canFile={false} canAcknowledge />}
      </Drawer>
    </Card>
  );
}
