// Which columns of a list a clerk wants to see: a "columns" button above the table with a
// checkbox per column and a reset, remembered per list on this device (localStorage,
// `seforce.columns.<list>`: the keys of the hidden columns). Every column of such a table has
// a `key`; at least one column stays shown.
import { useState, type ReactNode } from 'react';
import { Button, Checkbox, Popover, Space } from 'antd';
import { SettingOutlined } from '@ant-design/icons';
import type { ColumnType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';

/** A column that can be hidden: it has a key and a title to list it by (and to export it under). */
export type KeyedColumn<T> = ColumnType<T> & {
  key: string;
  title: ReactNode;
  /** The cell as text, for the export (`ListTools`), where `render` makes more than text. */
  csv?: (row: T) => string | number | null | undefined;
};

const storageKey = (list: string) => `seforce.columns.${list}`;

function readHidden(list: string, defaults: string[]): string[] {
  try {
    const raw = localStorage.getItem(storageKey(list));
    if (raw === null) return defaults;
    const parsed: unknown = JSON.parse(raw);
    return Array.isArray(parsed) ? parsed.filter((k): k is string => typeof k === 'string') : defaults;
  } catch {
    return defaults;
  }
}

/**
 * The shown columns of list `list` and the button that chooses them. `hiddenByDefault` are
 * the keys hidden until the clerk shows them.
 */
export function useColumnSettings<T>(list: string, columns: KeyedColumn<T>[], hiddenByDefault: string[] = []) {
  const [hidden, setHidden] = useState<string[]>(() => readHidden(list, hiddenByDefault));
  const save = (next: string[] | null) => {
    if (next === null) localStorage.removeItem(storageKey(list));
    else localStorage.setItem(storageKey(list), JSON.stringify(next));
    setHidden(next ?? hiddenByDefault);
  };
  const known = new Set(columns.map((c) => c.key));
  const hiddenHere = hidden.filter((k) => known.has(k));
  const visible = columns.filter((c) => !hiddenHere.includes(c.key));
  const toggle = (key: string, show: boolean) => save(show ? hidden.filter((k) => k !== key) : [...hidden, key]);
  const settings = <ColumnSettings list={list} columns={columns} hidden={hiddenHere} onToggle={toggle} onReset={() => save(null)} />;
  return { visible: visible.length > 0 ? visible : columns, settings };
}

function ColumnSettings<T>({ list, columns, hidden, onToggle, onReset }: { list: string; columns: KeyedColumn<T>[]; hidden: string[]; onToggle: (key: string, show: boolean) => void; onReset: () => void }) {
  const { t } = useTranslation();
  const shown = columns.length - hidden.length;
  const content = (
    <Space orientation="vertical" size={4} data-testid={`columns-${list}`}>
      {columns.map((c) => {
        const on = !hidden.includes(c.key);
        return (
          <Checkbox key={c.key} checked={on} disabled={on && shown <= 1} onChange={(e) => onToggle(c.key, e.target.checked)} data-testid="column-toggle" data-column={c.key}>
            {c.title}
          </Checkbox>
        );
      })}
      <Button size="small" type="link" style={{ padding: 0 }} onClick={onReset} data-testid="columns-reset">
        {t('table.columnsReset')}
      </Button>
    </Space>
  );
  return (
    <Popover content={content} title={t('table.columns')} trigger="click" placement="bottomRight">
      <Button icon={<SettingOutlined />} data-testid="columns-button" aria-label={t('table.columns')}>
        {t('table.columns')}
      </Button>
    </Popover>
  );
}
