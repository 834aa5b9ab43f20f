// Any failure as a clerk reads it: the server's sentence in the screen's language, then the
// rule it cites as a small link. One component, so no screen prints a raw bilingual detail.
import { Alert } from 'antd';
import { toProblem } from '../lib/api/problem';
import { RuleRef } from '../lib/messages';

export function ProblemText({ error }: { error: unknown }) {
  const p = toProblem(error);
  return (
    <span>
      <span data-testid="message-text">{p.summary()}</span>
      <RuleRef rule={p.rule()} />
    </span>
  );
}

/** A failed load or action shown in place, as an error box. */
export function ProblemAlert({ error, style }: { error: unknown; style?: React.CSSProperties }) {
  return <Alert type="error" showIcon title={<ProblemText error={error} />} style={style} data-testid="problem" />;
}
