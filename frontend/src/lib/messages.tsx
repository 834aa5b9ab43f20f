// Server messages in the screen's language only. A problem carries `detail` (Chinese) and
// `detail_en`; a field error `message` (Chinese) and, where the server has one, `message_en`.
// Texts from before the split ("中文 / English" in one string) are cut at the separator, and a
// leading rule id ("TR-07: …") is taken off: a rule id never sits inside the clerk's sentence,
// it is shown after it as a small link to the rule's text (`RuleRef`).
import { useTranslation } from 'react-i18next';
import i18n from '../config/i18n';
import type { FieldError, ProblemBody } from './api/problem';

const isChinese = (language: string) => language.startsWith('zh');

/** The half of a bilingual server text ("中文 / English") in the screen's language. */
export function inLanguage(text: string, language: string = i18n.language): string {
  const at = text.indexOf(' / ');
  if (at < 0) return text;
  return isChinese(language) ? text.slice(0, at) : text.slice(at + 3);
}

const RULE_ID = /^([A-Z]{2,3}-\d{1,3})(?:[:：]\s*)([\s\S]*)$/;

/** A text that starts with a rule id ("TR-07: …") split into the two. */
export function splitRule(reason: string): { rule?: string; text: string } {
  const m = RULE_ID.exec(reason);
  return m ? { rule: m[1], text: m[2] ?? '' } : { text: reason };
}

/**
 * A server text in the screen's language, without a leading rule id: the English text when
 * English is chosen and the server sent one, else the Chinese one (a bilingual text is cut).
 */
export function localized(zh: string, en?: string | null, language: string = i18n.language): string {
  const chosen = !isChinese(language) && en ? en : inLanguage(zh, language);
  return splitRule(chosen).text;
}

/** The sentence of a problem in the screen's language, without its rule id. */
export function problemText(body: ProblemBody, fallback: string, language: string = i18n.language): string {
  return localized(body.detail ?? body.title ?? fallback, body.detail_en, language);
}

/** The rule a problem cites: the `rule` member, or an id the text starts with. */
export function problemRule(body: ProblemBody): string | undefined {
  return body.rule ?? splitRule(body.detail ?? '').rule ?? splitRule(body.detail_en ?? '').rule;
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
export function MessageText({ text, en, rule }: { text: string; en?: string | null; rule?: string }) {
  const parts = splitRule(inLanguage(text));
  return (
    <span>
      <span data-testid="message-text">{localized(text, en)}</span>
      <RuleRef rule={rule ?? parts.rule} />
    </span>
  );
}
