// The notice bell's button with its unread count: the bell itself (NoticeBell, a chunk of its
// own) and the shell's stand-in until that chunk is mounted draw the same markup, so the
// header does not move when the real bell takes its place.
import { forwardRef } from 'react';
import { Badge, Button, type ButtonProps } from 'antd';
import { BellOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';

export const BellButton = forwardRef<HTMLButtonElement, ButtonProps & { unread: number; testId?: string }>(function BellButton({ unread, testId, ...rest }, ref) {
  const { t } = useTranslation();
  return (
    <Button ref={ref} type="text" aria-label={t('notices.title')} data-testid={testId} {...rest}>
      <Badge count={unread} size="small" data-testid={testId ? 'notice-unread' : undefined}>
        <BellOutlined style={{ fontSize: 18 }} />
      </Badge>
    </Button>
  );
});
