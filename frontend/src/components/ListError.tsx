// A list that failed to load says so: a 403 is "you may not see this list", not an empty table;
// any other failure is "could not load" with the server's sentence and, when the screen gives
// `onRetry`, a button that asks again (a 403 would only be refused again, so it has none).
import { Alert, Button } from 'antd';
import { useTranslation } from 'react-i18next';
import { toProblem } from '../lib/api/problem';
import { ProblemText } from './ProblemText';

export function ListError({ error, onRetry }: { error: unknown; onRetry?: () => unknown }) {
  const { t } = useTranslation();
  if (!error) return null;
  const p = toProblem(error);
  const forbidden = p.status === 403;
  const title = forbidden ? t('app.forbiddenList') : t('app.loadError');
  const action =
    !forbidden && onRetry ? (
      <Button size="small" onClick={() => void onRetry()} data-testid="list-retry">
        {t('app.retry')}
      </Button>
    ) : undefined;
  return <Alert type="error" showIcon data-testid="list-error" data-status={p.status} title={title} description={<ProblemText error={p} />} action={action} style={{ marginBottom: 12 }} />;
}
