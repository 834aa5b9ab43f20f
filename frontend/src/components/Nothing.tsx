// What an empty list or table says (`ItemList`'s and Table's `emptyText`): not a bare text,
// which antd's Table (and its old List) print in the disabled grey (1.8:1 on white, below the
// 4.5:1 contrast text needs); Empty's description uses the theme's description colour, which
// App.tsx keeps readable.
import { Empty } from 'antd';

export function Nothing({ text }: { text: string }) {
  return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={text} />;
}
