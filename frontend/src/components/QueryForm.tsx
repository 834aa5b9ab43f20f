// The query form above a list: its first fields always shown, the rest behind "more" (a
// clerk's everyday search is a name; the other filters are there when wanted), with search
// and reset. Folded fields stay mounted (only hidden), so a filter set before folding still
// applies; a count on the "more" button tells how many folded filters are set.
import { Children, useState, type ReactNode } from 'react';
import { Badge, Button, Col, Form, Row, Space, type FormInstance } from 'antd';
import { DownOutlined, UpOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';

const set = (v: unknown) => v !== undefined && v !== null && v !== '' && !(Array.isArray(v) && v.length === 0);

export function QueryForm<V extends object>({
  form,
  onSearch,
  onReset,
  shown = 2,
  children,
}: {
  form: FormInstance<V>;
  onSearch: (values: V) => void;
  onReset: () => void;
  /** How many fields show while the form is folded. */
  shown?: number;
  /** One `Form.Item` per field. */
  children: ReactNode;
}) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const fields = Children.toArray(children);
  const foldable = fields.length > shown;
  const values = Form.useWatch([], form) as Record<string, unknown> | undefined;
  const foldedNames = fields.slice(shown).map((f) => (f as { props?: { name?: string } }).props?.name).filter((n): n is string => typeof n === 'string');
  const foldedSet = foldedNames.filter((n) => set(values?.[n])).length;
  return (
    <Form form={form} layout="vertical" onFinish={onSearch} style={{ marginBottom: 12 }} data-testid="query-form" data-open={open ? 'true' : 'false'}>
      <Row gutter={[12, 0]} align="bottom">
        {fields.map((f, i) => (
          <Col key={i} xs={24} sm={12} lg={8} xl={6} style={!open && i >= shown ? { display: 'none' } : undefined} data-testid="query-field" data-folded={!open && i >= shown ? 'true' : 'false'}>
            {f}
          </Col>
        ))}
        <Col xs={24} sm={12} lg={8} xl={6}>
          <Form.Item>
            <Space wrap>
              <Button type="primary" htmlType="submit" data-testid="filter-submit">
                {t('app.search')}
              </Button>
              <Button
                data-testid="filter-reset"
                onClick={() => {
                  form.resetFields();
                  onReset();
                }}
              >
                {t('app.reset')}
              </Button>
              {foldable && (
                <Badge count={open ? 0 : foldedSet} size="small">
                  <Button type="link" style={{ paddingInline: 4 }} onClick={() => setOpen((o) => !o)} data-testid="query-toggle" aria-expanded={open} icon={open ? <UpOutlined /> : <DownOutlined />} iconPlacement="end">
                    {open ? t('table.fewer') : t('table.more')}
                  </Button>
                </Badge>
              )}
            </Space>
          </Form.Item>
        </Col>
      </Row>
    </Form>
  );
}
