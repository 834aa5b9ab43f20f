// Server messages in the screen's language only. The server is moving to `detail` (zh-CN)
// plus `detail_en`; until every refusal has both, a bilingual "中文 / English" text is split.
// A rule id never sits inside the clerk's sentence: it is shown after it, small.
import i18n from '../config/i18n';
import type { ProblemBody } from './api/problem';

/** The half of a bilingual server text ("中文 / English") in the screen's language. */
export function inLanguage(text: string, language: string = i18n.language): string {
  const at = text.indexOf(' / ');
  if (at < 0) return text;
  return language.startsWith('zh') ? text.slice(0, at) : text.slice(at + 3);
}

/** A text that starts with a rule id ("TR-07: …") split into the two. */
export function splitRule(reason: string): { rule?: string; text: string } {
  const m = /^([A-Z]{2,3}-\d{1,3}):\s*([\s\S]*)$/.exec(reason);
  return m ? { rule: m[1], text: m[2] ?? '' } : { text: reason };
}

/** The sentence of a problem in the screen's language, without its rule id. */
export function problemText(body: ProblemBody, fallback: string, language: string = i18n.language): string {
  if (!language.startsWith('zh') && body.detail_en) return body.detail_en;
  const text = body.detail ?? body.title ?? fallback;
  return splitRule(inLanguage(text, language)).text;
}

/** The rule a problem cites: the `rule` member, or an id the text starts with. */
export function problemRule(body: ProblemBody): string | undefined {
  return body.rule ?? splitRule(body.detail ?? '').rule;
}

/** A rule id, small, after the sentence it explains. */
export function RuleRef({ rule }: { rule?: string }) {
  if (!rule) return null;
  return (
    <small style={{ color: 'rgba(0, 0, 0, 0.55)', marginInlineStart: 8 }} data-testid="rule-ref">
      {rule}
    </small>
  );
}

/** A server message as a clerk reads it: the sentence, then the rule id. */
export function MessageText({ text, rule }: { text: string; rule?: string }) {
  const parts = splitRule(inLanguage(text));
  return (
    <span>
      {parts.text}
      <RuleRef rule={rule ?? parts.rule} />
    </span>
  );
}
