// The personal centre: who I am (login, name, organizations and roles) and a new password.
import { App, Button, Card, Descriptions, Form, Input, Space, Tag } from 'antd';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../lib/api/client';
import { showProblem } from '../../lib/forms';
import { useMe } from '../../lib/me';

interface PasswordForm {
  password: string;
  again: string;
}

export function AccountPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const me = useMe();
  const [form] = Form.useForm<PasswordForm>();
  const user = me.data?.user;

  const change = useMutation({
    mutationFn: (v: PasswordForm) => unwrap(api.PUT('/api/v1/users/{id}/password', { params: { path: { id: user?.id ?? '' } }, body: { password: v.password } })),
    onSuccess: () => {
      message.success(t('account.passwordChanged'));
      form.resetFields();
    },
    onError: (e) => showProblem(e, message, form),
  });

  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      <Card title={t('account.title')} size="small">
        <Descriptions column={1} size="small">
          <Descriptions.Item label={t('account.name')}>{user?.display_name}</Descriptions.Item>
          <Descriptions.Item label={t('account.login')}>{user?.login}</Descriptions.Item>
          {(me.data?.memberships ?? []).map((m) => (
            <Descriptions.Item key={m.id} label={m.organization_name}>
              <Space wrap size={4}>
                {m.roles.map((r) => (
                  <Tag key={r}>{t(`role.${r}`)}</Tag>
                ))}
              </Space>
            </Descriptions.Item>
          ))}
        </Descriptions>
      </Card>
      <Card title={t('account.changePassword')} size="small">
        <Form form={form} layout="vertical" style={{ maxWidth: 360 }} onFinish={(v) => change.mutate(v)}>
          <Form.Item name="password" label={t('account.newPassword')} rules={[{ required: true, message: t('account.passwordRule') }]}>
            <Input.Password autoComplete="new-password" data-testid="account-password" />
          </Form.Item>
          <Form.Item
            name="again"
            label={t('account.again')}
            dependencies={['password']}
            rules={[
              { required: true, message: t('account.againRequired') },
              ({ getFieldValue }) => ({
                validator: (_r, v) => (v === getFieldValue('password') ? Promise.resolve() : Promise.reject(new Error(t('account.mismatch')))),
              }),
            ]}
          >
            <Input.Password autoComplete="new-password" data-testid="account-again" />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={change.isPending} data-testid="account-save">
            {t('app.save')}
          </Button>
        </Form>
      </Card>
    </Space>
  );
}
