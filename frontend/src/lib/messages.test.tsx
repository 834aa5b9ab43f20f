import { act, render, screen } from '@testing-library/react';
import { App as AntApp, Form, type FormInstance } from 'antd';
import type { MessageInstance } from 'antd/es/message/interface';
import i18n from '../config/i18n';
import { ApiProblem } from './api/problem';
import { showProblem } from './forms';
import { fieldErrorText, localized, MessageText, problemRule, problemText, ruleHref } from './messages';
import { RULES, ruleText } from '../features/public/rules';

describe('server messages in the chosen language only', () => {
  const problem = { detail: '延期须在开班前至少 1 天申请', detail_en: 'a deferral is requested at least a day before the class starts', rule: 'TR-10' };

  it('shows detail in Chinese and detail_en in English, never both', () => {
    expect(problemText(problem, '', 'zh-CN')).toBe('延期须在开班前至少 1 天申请');
    expect(problemText(problem, '', 'en')).toBe('a deferral is requested at least a day before the class starts');
  });

  it('falls back to the Chinese detail when the server has no English one', () => {
    expect(problemText({ detail: '登录失败次数过多,请稍后再试' }, '', 'en')).toBe('登录失败次数过多,请稍后再试');
  });

  it('shows each language as the server sent it, with no splitting of the text', () => {
    expect(localized('无此人员 / 请先录入', 'no such person', 'zh-CN')).toBe('无此人员 / 请先录入');
    expect(localized('无此人员 / 请先录入', 'no such person', 'en')).toBe('no such person');
    expect(localized('只有中文', undefined, 'en')).toBe('只有中文');
    expect(localized('只有中文', '', 'en')).toBe('只有中文');
  });

  it('takes the rule from the rule member only, never from the sentence', () => {
    expect(problemRule(problem)).toBe('TR-10');
    expect(problemRule({ detail: 'TR-16: 请假须提前 1 天' })).toBeUndefined();
    expect(problemRule({ detail: '请求中有无效字段', rule: null })).toBeUndefined();
    expect(problemText({ detail: '请假须提前 1 天', detail_en: 'leave is asked a day ahead', rule: 'TR-16' }, '', 'en')).toBe('leave is asked a day ahead');
  });

  it('shows a field error in English only when the server sent message_en', () => {
    expect(fieldErrorText({ message: '校验码错误', message_en: 'wrong check digit' }, 'en')).toBe('wrong check digit');
    expect(fieldErrorText({ message: '校验码错误', message_en: 'wrong check digit' }, 'zh-CN')).toBe('校验码错误');
    expect(fieldErrorText({ message: '校验码错误' }, 'en')).toBe('校验码错误');
  });

  it('links the rule id to the rule text, after the sentence and not inside it', () => {
    render(<MessageText text="延期须在开班前至少 1 天申请" en="a deferral is requested at least a day before the class starts" rule="TR-10" />);
    const sentence = screen.getByTestId('message-text');
    expect(sentence.textContent).toBe('延期须在开班前至少 1 天申请');
    const link = screen.getByTestId('rule-ref');
    expect(link.textContent).toBe('TR-10');
    expect(link.getAttribute('href')).toBe(ruleHref('TR-10'));
    expect(link.getAttribute('href')).toBe('/public/rules#TR-10');
  });

  it('shows an import row in English with its rule apart', async () => {
    await i18n.changeLanguage('en');
    try {
      render(<MessageText text="您不是本单位的培训专员" en="you are not the enterprise's training officer" rule="TR-07" />);
      expect(screen.getByTestId('message-text').textContent).toBe("you are not the enterprise's training officer");
      expect(screen.getByTestId('rule-ref').textContent).toBe('TR-07');
    } finally {
      await act(() => i18n.changeLanguage('zh-CN'));
    }
  });

  it('puts field errors on their fields in the chosen language, and the rest in one message', () => {
    let form: FormInstance | undefined;
    const shown: unknown[] = [];
    const message = { error: (m: unknown) => shown.push(m) } as unknown as MessageInstance;
    function Host() {
      const [f] = Form.useForm();
      form = f;
      return (
        <Form form={f} initialValues={{ national_id: '' }}>
          <Form.Item name="national_id" label="ID">
            <input />
          </Form.Item>
        </Form>
      );
    }
    render(
      <AntApp>
        <Host />
      </AntApp>,
    );
    const p = new ApiProblem(422, {
      detail: '请求中有无效字段',
      errors: [
        { pointer: '/national_id', code: 'check_digit', message: '校验码错误', message_en: 'wrong check digit' },
        { pointer: '/elsewhere', code: 'required', message: '必填' },
      ],
    });
    showProblem(p, message, form);
    expect(form?.getFieldError('national_id')).toEqual(['校验码错误']);
    expect(shown).toEqual(['必填']);
  });
});

describe('the rule catalogue a rule link leads to', () => {
  it('has every rule once, with a text in both languages', () => {
    const ids = RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const r of RULES) {
      expect(r.id).toMatch(/^[A-Z]{2}-\d{2}$/);
      expect(r.zh.length).toBeGreaterThan(4);
      expect(r.en.length).toBeGreaterThan(4);
    }
  });
  it('holds the rules the training refusals cite', () => {
    for (let n = 5; n <= 20; n++) expect(ruleText(`TR-${String(n).padStart(2, '0')}`)).toBeDefined();
    expect(ruleText('CR-04')?.en).toContain('5 years');
    expect(ruleText('ZZ-99')).toBeUndefined();
  });
});
