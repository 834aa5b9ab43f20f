// An id no clerk reads in full: its first eight characters, the whole in a tooltip (and in
// the element's data, so it can be copied from the tooltip or found by a test).
import { Tooltip, Typography } from 'antd';

export function ShortId({ id }: { id: string }) {
  const short = id.length > 10 ? `${id.slice(0, 8)}…` : id;
  return (
    <Tooltip title={<span data-testid="short-id-full">{id}</span>}>
      <Typography.Text code data-testid="short-id" data-id={id} style={{ cursor: 'help' }}>
        {short}
      </Typography.Text>
    </Tooltip>
  );
}
