// Shows a problem where it belongs: field errors on the form fields, everything else (a rule
// refusal with its id, a conflict, a network failure) as a message.
import type { FormInstance } from 'antd';
import type { MessageInstance } from 'antd/es/message/interface';
import { createElement } from 'react';
import { ApiProblem, toProblem } from './api/problem';
import { fieldErrorText, MessageText } from './messages';

export function showProblem(e: unknown, message: MessageInstance, form?: FormInstance): void {
  const p: ApiProblem = toProblem(e);
  const errors = p.body.errors ?? [];
  if (form && errors.length > 0) {
    const known = new Set(Object.keys(form.getFieldsValue(true) as object));
    const onForm = errors.filter((fe) => known.has(ApiProblem.fieldOf(fe.pointer)));
    form.setFields(onForm.map((fe) => ({ name: ApiProblem.fieldOf(fe.pointer), errors: [fieldErrorText(fe)] })));
    const rest = errors.filter((fe) => !onForm.includes(fe));
    if (rest.length === 0) return;
    message.error(rest.map((fe) => fieldErrorText(fe)).join('; '));
    return;
  }
  message.error(createElement(MessageText, { text: p.summary(), rule: p.rule() }));
}
