import { render, screen, within } from '@testing-library/react';
import type { HTMLAttributes } from 'react';
import '../config/i18n';
import { ResponsiveTable } from './ResponsiveTable';

interface Row {
  id: string;
  name: string;
  hours: number;
  note?: string;
}

const rows: Row[] = [
  { id: 'a', name: '周建华', hours: 4, note: '补录' },
  { id: 'b', name: '陈晓燕', hours: 8 },
];

function Subject() {
  return (
    <ResponsiveTable<Row>
      rowKey="id"
      dataSource={rows}
      pagination={false}
      emptyText="无"
      onRow={(r) => ({ 'data-testid': 'row', 'data-name': r.name }) as HTMLAttributes<HTMLElement>}
      columns={[
        { title: '姓名', dataIndex: 'name' },
        { title: '学时', dataIndex: 'hours', render: (h: number) => `${h} 学时` },
        { title: '备注', dataIndex: 'note' },
      ]}
    />
  );
}

const width = window.innerWidth;

describe('a table that becomes cards on a phone', () => {
  afterEach(() => {
    window.innerWidth = width;
  });

  it('is a table on a desk', () => {
    window.innerWidth = 1280;
    render(<Subject />);
    expect(screen.getByRole('table')).toBeTruthy();
    expect(screen.getAllByTestId('row')).toHaveLength(2);
    expect(screen.queryByTestId('card-list')).toBeNull();
  });

  it('is a list of cards below md, each titled by its first column, the others as labelled lines', () => {
    window.innerWidth = 375;
    render(<Subject />);
    expect(screen.queryByRole('table')).toBeNull();
    const cards = within(screen.getByTestId('card-list')).getAllByTestId('row');
    expect(cards.map((c) => c.getAttribute('data-name'))).toEqual(['周建华', '陈晓燕']);
    expect(within(cards[0]!).getByText('周建华').closest('.ant-card-head')).not.toBeNull();
    expect(within(cards[0]!).getByText('学时')).toBeTruthy();
    expect(within(cards[0]!).getByText('4 学时')).toBeTruthy();
    expect(within(cards[0]!).getByText('补录')).toBeTruthy();
    // An empty value leaves its line out.
    expect(within(cards[1]!).queryByText('备注')).toBeNull();
  });
});
