// Server messages in the screen's language only. The server sends the two languages apart: a
// problem has `detail` (Chinese) and `detail_en`, a field error `message` and `message_en`, an
// import's rejected row `reason` and `reason_en`, and the rule that refused in its own `rule`
// member. The screen shows the Chinese text in Chinese and the English one in English (the
// Chinese one when the server has no English); a rule id never sits inside the clerk's
// sentence, it is shown after it as a small link to the rule's text (`RuleRef`).
import { useTranslation } from 'react-i18next';
import i18n from '../config/i18n';
import type { FieldError, ProblemBody } from './api/problem';

const isChinese = (language: string) => language.startsWith('zh');

/** A server text in the screen's language: the English one when English is chosen and the server sent one, else the Chinese one. */
export function localized(zh: string, en?: string | null, language: string = i18n.language): string {
  return !isChinese(language) && en ? en : zh;
}

/** The sentence of a problem in the screen's language. */
export function problemText(body: ProblemBody, fallback: string, language: string = i18n.language): string {
  return localized(body.detail ?? body.title ?? fallback, body.detail_en, language);
}

/** The rule a problem cites (its `rule` member). */
export function problemRule(body: ProblemBody): string | undefined {
  return body.rule ?? undefined;
}

/** A field error's message in the screen's language. */
export function fieldErrorText(fe: Pick<FieldError, 'message' | 'message_en'>, language: string = i18n.language): string {
  return localized(fe.message, fe.message_en, language);
}

/** Where a rule's text is read: the public rules page, at the rule's anchor. */
export function ruleHref(rule: string): string {
  return `/public/rules#${encodeURIComponent(rule)}`;
}

const RULE_TAG = {
  display: 'inline-block',
  marginInlineStart: 8,
  padding: '0 6px',
  fontSize: 12,
  lineHeight: '18px',
  border: '1px solid #b3c7e0',
  borderRadius: 4,
  background: '#f0f5fb',
  color: '#174a85',
  whiteSpace: 'nowrap',
  verticalAlign: 'baseline',
} as const;

/**
 * A rule id, small, after the sentence it explains: a link to the rule's text, opened beside
 * the page so a half-filled form stays as it is.
 */
export function RuleRef({ rule }: { rule?: string }) {
  const { t } = useTranslation();
  if (!rule) return null;
  return (
    <a href={ruleHref(rule)} target="_blank" rel="noopener" style={RULE_TAG} title={t('rules.open', { rule })} data-testid="rule-ref" data-rule={rule}>
      {rule}
    </a>
  );
}

/** A server message as a clerk reads it: the sentence in the screen's language, then the rule. */
export function MessageText({ text, en, rule }: { text: string; en?: string | null; rule?: string | null }) {
  return (
    <span>
      <span data-testid="message-text">{localized(text, en)}</span>
      <RuleRef rule={rule ?? undefined} />
    </span>
  );
}
