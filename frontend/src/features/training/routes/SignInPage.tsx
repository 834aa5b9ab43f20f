// Where the classroom QR code leads (TR-19): the link carries the session and the code; the
// page signs the logged-in trainee in at once and says how it went — which class and which
// session it signed into, so a trainee who scanned the wrong room's code sees it at once (an
// expired code or an unpaid fee is refused with its rule).
import { useEffect, useRef } from 'react';
import { Alert, Button, Card, Result, Spin } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { api, unwrap } from '../../../lib/api/client';
import { trainingKeys, useMyClasses } from '../api/training';
import { formatSpan } from '../../../lib/format';
import { ProblemText } from '../../../components/ProblemText';

export function SignInPage() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [params] = useSearchParams();
  const session = params.get('session') ?? '';
  const code = params.get('code') ?? '';
  const sent = useRef(false);
  const signIn = useMutation({
    mutationFn: () => unwrap(api.POST('/api/v1/sessions/{id}/sign-in', { params: { path: { id: session } }, body: { code } })),
    onSuccess: () => void qc.invalidateQueries({ queryKey: trainingKeys.mine }),
  });
  const { mutate } = signIn;
  const mine = useMyClasses();
  const signedInto = (mine.data ?? []).flatMap((m) => m.sessions.filter((x) => x.id === session).map((x) => ({ klass: m.class.name, at: formatSpan(x.starts_at, x.ends_at) })))[0];
  const valid = session !== '' && code !== '';

  useEffect(() => {
    if (!valid || sent.current) return;
    sent.current = true;
    mutate();
  }, [valid, mutate]);

  const back = (
    <Link to="/my-classes">
      <Button type="primary">{t('nav.myClasses')}</Button>
    </Link>
  );

  return (
    <Card style={{ maxWidth: 480, margin: '0 auto' }} data-testid="sign-in-page">
      {!valid ? (
        <Alert type="error" showIcon title={t('mine.badCode')} />
      ) : signIn.isSuccess ? (
        <Result
          status="success"
          title={signedInto ? t('mine.signedInto', { name: signedInto.klass }) : t('mine.signedIn')}
          subTitle={
            <span data-testid="signed-into">
              {signedInto && <span data-testid="signed-session">{t('mine.signedSession', { at: signedInto.at })} · </span>}
              {t(`training.attendance.${signIn.data.status}`)}
            </span>
          }
          extra={back}
        />
      ) : signIn.isError ? (
        <Result status="error" title={t('mine.signInFailed')} subTitle={<ProblemText error={signIn.error} />} extra={back} />
      ) : (
        <Spin />
      )}
    </Card>
  );
}
