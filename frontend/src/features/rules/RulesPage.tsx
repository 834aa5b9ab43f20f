// The rules the server cites, readable without a login: where a rule id's link (`RuleRef`)
// leads. The rule in the address's fragment (`/public/rules#TR-10`) is marked and scrolled to.
import { useEffect } from 'react';
import { Card, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useLocation } from 'react-router';
import { PublicFrame } from '../training/routes/PublicPages';
import { RULES } from './catalogue';

export function RulesPage() {
  const { t, i18n } = useTranslation();
  const { hash } = useLocation();
  const chosen = decodeURIComponent(hash.replace(/^#/, ''));
  const zh = i18n.language.startsWith('zh');
  useEffect(() => {
    if (chosen) document.getElementById(chosen)?.scrollIntoView({ block: 'center' });
  }, [chosen]);
  return (
    <PublicFrame>
      <Card title={<h1 style={{ fontSize: 18, margin: 0 }}>{t('rules.title')}</h1>}>
        <Typography.Paragraph type="secondary">{t('rules.intro')}</Typography.Paragraph>
        <dl style={{ margin: 0 }}>
          {RULES.map((r) => (
            <div
              key={r.id}
              id={r.id}
              data-testid="rule"
              data-chosen={r.id === chosen || undefined}
              style={{ padding: '10px 12px', borderRadius: 6, marginBottom: 4, background: r.id === chosen ? '#fff7e6' : undefined, border: r.id === chosen ? '1px solid #ffd591' : '1px solid transparent' }}
            >
              <dt style={{ fontWeight: 600 }}>
                {r.id} <Tag style={{ marginInlineStart: 8 }}>{t(`rules.kind.${r.kind}`)}</Tag>
              </dt>
              <dd style={{ margin: '4px 0 0' }}>
                {zh ? r.zh : r.en}
                <Typography.Text type="secondary" style={{ marginInlineStart: 8, fontSize: 12 }}>
                  {t('rules.source', { source: r.source })}
                </Typography.Text>
              </dd>
            </div>
          ))}
        </dl>
      </Card>
    </PublicFrame>
  );
}
