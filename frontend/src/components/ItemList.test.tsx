// Our list in place of antd's deprecated `List`: items as list items, the empty text, the
// spinner while loading, a pager that shows one page at a time, actions beside an item, a
// meta's title and description, and no deprecation warning from antd.
import { fireEvent, render, screen, within } from '@testing-library/react';
import { ConfigProvider } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import { ItemList, ListItem, ListItemMeta } from './ItemList';
import '../config/i18n';

interface Person {
  id: string;
  name: string;
}

const people = (n: number): Person[] => Array.from({ length: n }, (_, i) => ({ id: `p${i + 1}`, name: `学员${i + 1}` }));

const names = () => screen.queryAllByTestId('person').map((li) => li.textContent);

describe('ItemList', () => {
  it('renders one list item per row, in order, with the attributes the item was given', () => {
    render(<ItemList dataSource={people(3)} rowKey="id" data-testid="people" renderItem={(p) => <ListItem data-testid="person" data-id={p.id}>{p.name}</ListItem>} />);
    const list = screen.getByTestId('people');
    const items = within(list).getAllByRole('listitem');
    expect(items).toHaveLength(3);
    expect(items.map((li) => li.getAttribute('data-id'))).toEqual(['p1', 'p2', 'p3']);
    expect(names()).toEqual(['学员1', '学员2', '学员3']);
  });

  it('rules a line under every item but the last', () => {
    render(<ItemList dataSource={people(3)} rowKey="id" renderItem={(p) => <ListItem data-testid="person">{p.name}</ListItem>} />);
    const lines = screen.getAllByTestId('person').map((li) => li.style.borderBlockEnd !== '');
    expect(lines).toEqual([true, true, false]);
  });

  it('shows the empty text when there are no rows, and antd’s “no data” when none is given', () => {
    const { container, rerender } = render(<ItemList<Person> dataSource={[]} emptyText={<span data-testid="none">还没有学员</span>} renderItem={(p) => <ListItem>{p.name}</ListItem>} />);
    expect(screen.getByTestId('none').textContent).toBe('还没有学员');
    expect(screen.queryAllByRole('listitem')).toHaveLength(0);
    rerender(
      <ConfigProvider locale={zhCN}>
        <ItemList<Person> dataSource={[]} renderItem={(p) => <ListItem>{p.name}</ListItem>} />
      </ConfigProvider>,
    );
    expect(screen.queryByTestId('none')).toBeNull();
    expect(container.querySelector('.ant-empty-description')?.textContent).toBe('暂无数据');
  });

  it('spins while loading, instead of saying the list is empty', () => {
    const { container, rerender } = render(<ItemList<Person> loading dataSource={[]} emptyText="还没有学员" renderItem={(p) => <ListItem>{p.name}</ListItem>} />);
    expect(container.querySelector('.ant-spin-spinning')).not.toBeNull();
    expect(screen.queryByText('还没有学员')).toBeNull();
    rerender(<ItemList<Person> loading={false} dataSource={[]} emptyText="还没有学员" renderItem={(p) => <ListItem>{p.name}</ListItem>} />);
    expect(container.querySelector('.ant-spin-spinning')).toBeNull();
    expect(screen.getByText('还没有学员')).toBeTruthy();
  });

  it('shows one page of rows, and another when the pager is clicked', () => {
    const asked: number[] = [];
    render(<ItemList dataSource={people(25)} rowKey="id" pagination={{ pageSize: 10, onChange: (page) => asked.push(page) }} renderItem={(p) => <ListItem data-testid="person">{p.name}</ListItem>} />);
    expect(names()).toHaveLength(10);
    expect(names()[0]).toBe('学员1');
    fireEvent.click(screen.getByTitle('3'));
    expect(names()).toEqual(['学员21', '学员22', '学员23', '学员24', '学员25']);
    expect(asked).toEqual([3]);
    // With a pager under it, the last item keeps its line.
    expect(screen.getAllByTestId('person').at(-1)!.style.borderBlockEnd).not.toBe('');
  });

  it('follows a page the screen controls', () => {
    const { rerender } = render(<ItemList dataSource={people(25)} rowKey="id" pagination={{ pageSize: 20, current: 1 }} renderItem={(p) => <ListItem data-testid="person">{p.name}</ListItem>} />);
    expect(names()).toHaveLength(20);
    rerender(<ItemList dataSource={people(25)} rowKey="id" pagination={{ pageSize: 20, current: 2 }} renderItem={(p) => <ListItem data-testid="person">{p.name}</ListItem>} />);
    expect(names()).toEqual(['学员21', '学员22', '学员23', '学员24', '学员25']);
  });

  it('shows an item’s actions after its content, split by a line', () => {
    render(
      <ItemList
        dataSource={people(1)}
        rowKey="id"
        renderItem={(p) => (
          <ListItem data-testid="person" actions={[<a key="edit">编辑</a>, <a key="drop">删除</a>]}>
            {p.name}
          </ListItem>
        )}
      />,
    );
    const item = screen.getByTestId('person');
    expect(item.textContent).toBe('学员1编辑删除');
    expect(within(item).getByText('编辑').compareDocumentPosition(within(item).getByText('学员1')) & Node.DOCUMENT_POSITION_PRECEDING).toBeTruthy();
    expect(item.querySelectorAll('.ant-divider-vertical')).toHaveLength(1);
  });

  it('gives a meta its title as a heading over its description', () => {
    render(<ItemList dataSource={people(1)} rowKey="id" renderItem={(p) => <ListItem><ListItemMeta title={p.name} description="3 名学员" /></ListItem>} />);
    expect(screen.getByRole('heading', { level: 4 }).textContent).toBe('学员1');
    expect(screen.getByText('3 名学员')).toBeTruthy();
  });

  it('puts a header above the items', () => {
    render(<ItemList dataSource={people(2)} rowKey="id" header={<span data-testid="head">名单</span>} renderItem={(p) => <ListItem data-testid="person">{p.name}</ListItem>} />);
    expect(screen.getByTestId('head').compareDocumentPosition(screen.getAllByTestId('person')[0]!) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
  });

  it('lays a grid out in the columns of the window’s breakpoint', () => {
    const width = window.innerWidth;
    try {
      const subject = <ItemList dataSource={people(5)} rowKey="id" grid={{ gutter: 8, xs: 2, sm: 3, md: 4 }} renderItem={(p) => <ListItem data-testid="person">{p.name}</ListItem>} />;
      window.innerWidth = 1280;
      const { unmount } = render(subject);
      const columns = () => (screen.getAllByTestId('person')[0]!.parentElement as HTMLElement).style.gridTemplateColumns;
      expect(columns()).toBe('repeat(4, minmax(0, 1fr))');
      unmount();
      window.innerWidth = 375;
      render(subject);
      expect(columns()).toBe('repeat(2, minmax(0, 1fr))');
    } finally {
      window.innerWidth = width;
    }
  });

  it('draws no deprecation warning', () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      render(
        <ItemList dataSource={people(12)} rowKey="id" size="small" bordered loading={false} header="名单" pagination={{ pageSize: 5 }} renderItem={(p) => <ListItem actions={[<a key="a">看</a>, <a key="b">改</a>]}><ListItemMeta title={p.name} description="说明" /></ListItem>} />,
      );
      const said = [...error.mock.calls, ...warn.mock.calls].map((c) => c.map(String).join(' '));
      expect(said.filter((s) => /deprecated/i.test(s))).toEqual([]);
    } finally {
      error.mockRestore();
      warn.mockRestore();
    }
  });
});
