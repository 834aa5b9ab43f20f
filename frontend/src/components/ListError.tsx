// A list that failed to load says so: a 403 is "you may not see this list", not an empty table.
import { Alert } from 'antd';
import { useTranslation } from 'react-i18next';
import { toProblem } from '../lib/api/problem';
import { ProblemText } from './ProblemText';

export function ListError({ error }: { error: unknown }) {
  const { t } = useTranslation();
  if (!error) return null;
  const p = toProblem(error);
  const title = p.status === 403 ? t('app.forbiddenList') : t('app.loadError');
  return <Alert type="error" showIcon data-testid="list-error" data-status={p.status} title={title} description={<ProblemText error={p} />} style={{ marginBottom: 12 }} />;
}
