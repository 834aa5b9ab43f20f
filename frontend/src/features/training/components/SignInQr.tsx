// The session's sign-in QR code for the classroom (TR-19): a code lives 60 seconds, so a fresh
// one is fetched five seconds before it runs out. The QR carries a link that opens the app's
// sign-in page on the trainee's phone, drawn by Ant Design's QRCode as SVG (crisp on a
// projector); the code and the link can also be copied. A code that ran out before the next
// one arrived is shown as expired, with antd's refresh button.
import { useEffect, useState } from 'react';
import { Alert, App, Button, Progress, QRCode, Space, Spin, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../../lib/api/client';
import { trainingKeys } from '../api/training';
import { codeLifetime, refreshDelayMs, signInLink } from '../lib/rules';
import { ProblemText } from '../../../components/ProblemText';

export function SignInQr({ sessionId }: { sessionId: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const code = useQuery({
    queryKey: trainingKeys.signInCode(sessionId),
    queryFn: () => unwrap(api.GET('/api/v1/sessions/{id}/sign-in-code', { params: { path: { id: sessionId } } })),
    gcTime: 0,
    staleTime: 0,
    refetchIntervalInBackground: true,
    refetchInterval: (q) => (q.state.data ? refreshDelayMs(codeLifetime(q.state.data.expires_at, q.state.dataUpdatedAt)) : false),
  });
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const h = window.setInterval(() => setNow(Date.now()), 1000);
    return () => window.clearInterval(h);
  }, []);

  if (code.error) return <Alert type="error" showIcon title={<ProblemText error={code.error} />} />;
  if (!code.data) return <Spin />;
  const lifetime = codeLifetime(code.data.expires_at, code.dataUpdatedAt);
  const left = Math.max(0, lifetime - Math.floor((now - code.dataUpdatedAt) / 1000));
  const link = signInLink(window.location.origin, sessionId, code.data.code);
  const copy = (text: string) =>
    navigator.clipboard
      ?.writeText(text)
      .then(() => message.success(t('att.copied')))
      .catch(() => message.info(text));

  return (
    <Space orientation="vertical" align="center" style={{ width: '100%' }} data-testid="sign-in-code">
      <QRCode
        type="svg"
        value={link}
        size={280}
        errorLevel="M"
        bgColor="#fff"
        color="#000"
        aria-label={t('att.qrLabel')}
        data-testid="sign-in-qr"
        data-status={left === 0 ? 'expired' : 'active'}
        status={left === 0 ? 'expired' : 'active'}
        onRefresh={() => void code.refetch()}
      />
      <Progress percent={Math.round((left * 100) / lifetime)} format={() => t('att.secondsLeft', { n: left })} status={left <= 5 ? 'exception' : 'active'} style={{ maxWidth: 280 }} />
      <Typography.Text type="secondary">{t('att.qrHint')}</Typography.Text>
      <Space wrap>
        <Button onClick={() => void copy(link)}>{t('att.copyLink')}</Button>
        <Button onClick={() => void copy(code.data.code)}>{t('att.copyCode')}</Button>
      </Space>
    </Space>
  );
}
