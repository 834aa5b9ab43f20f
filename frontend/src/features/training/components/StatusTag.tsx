// An enrolment's place in the TR-08 sequence, coloured by who acts next.
import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { EnrolmentStatus } from '../api/training';

const COLOURS: Record<EnrolmentStatus, string> = {
  submitted: 'blue',
  returned: 'orange',
  approved: 'cyan',
  confirmed: 'geekblue',
  waitlisted: 'gold',
  paid: 'green',
};

export function StatusTag({ status }: { status: EnrolmentStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={COLOURS[status]} data-testid="enrolment-status">
      {t(`training.enrolmentStatus.${status}`)}
    </Tag>
  );
}
