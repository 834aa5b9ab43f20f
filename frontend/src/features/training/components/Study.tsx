// Online self-study (TR-03, CE-03): a course's units with the trainee's progress, and a study
// timer that reports the seconds studied every 15 seconds and when closed. Progress never goes
// back on the server, so a resent or late report does no harm.
import { useEffect, useRef, useState } from 'react';
import { App, Button, Modal, Progress, Space, Typography } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../../lib/api/client';
import { showProblem } from '../../../lib/forms';
import { trainingKeys, useUnits, type Unit } from '../api/training';
import { unitPercent } from '../lib/rules';
import { ProblemText } from '../../../components/ProblemText';
import { Nothing } from '../../../components/Nothing';
import { ItemList, ListItem } from '../../../components/ItemList';

const REPORT_EVERY = 15;

function StudyModal({ unit, onClose }: { unit: Unit; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const total = unit.duration_minutes * 60;
  const [seconds, setSeconds] = useState(unit.seconds_watched);
  const [playing, setPlaying] = useState(true);
  const latest = useRef(unit.seconds_watched);
  const reported = useRef(unit.seconds_watched);

  const report = (value: number) => {
    if (value <= reported.current) return;
    reported.current = value;
    unwrap(api.PUT('/api/v1/units/{id}/progress', { params: { path: { id: unit.id } }, body: { seconds_watched: value } }))
      .then(() => qc.invalidateQueries({ queryKey: trainingKeys.units(unit.course_id) }))
      .catch((e: unknown) => showProblem(e, message));
  };
  const reportRef = useRef(report);
  useEffect(() => {
    reportRef.current = report;
  });

  useEffect(() => {
    if (!playing) return;
    const h = window.setInterval(() => {
      const next = Math.min(total, latest.current + 1);
      latest.current = next;
      setSeconds(next);
      if (next % REPORT_EVERY === 0 || next === total) reportRef.current(next);
    }, 1000);
    return () => window.clearInterval(h);
  }, [playing, total]);

  const close = () => {
    report(latest.current);
    onClose();
  };
  const pct = total > 0 ? Math.floor((seconds * 100) / total) : 0;
  const mmss = (s: number) => `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;

  return (
    <Modal open title={unit.title} onCancel={close} footer={<Button onClick={close}>{t('study.close')}</Button>} destroyOnHidden>
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Progress percent={pct} />
        <Typography.Text>{t('study.time', { done: mmss(seconds), total: mmss(total) })}</Typography.Text>
        <Button onClick={() => setPlaying((p) => !p)} disabled={seconds >= total}>
          {playing && seconds < total ? t('study.pause') : t('study.resume')}
        </Button>
        <Typography.Text type="secondary">{t('study.hint')}</Typography.Text>
      </Space>
    </Modal>
  );
}

export function StudyUnits({ courseId }: { courseId: string }) {
  const { t } = useTranslation();
  const units = useUnits(courseId);
  const [studying, setStudying] = useState<Unit | null>(null);
  if (units.error) return <Typography.Text type="secondary">{<ProblemText error={units.error} />}</Typography.Text>;
  const list = units.data ?? [];
  const done = list.filter((u) => u.completed).length;
  return (
    <>
      <ItemList
        size="small"
        loading={units.isLoading}
        header={list.length > 0 ? t('study.header', { done, n: list.length }) : t('study.title')}
        dataSource={list}
        emptyText={<Nothing text={t('study.none')} />}
        renderItem={(u) => (
          <ListItem data-testid="study-unit">
            <Space orientation="vertical" style={{ width: '100%' }} size={2}>
              <Space style={{ width: '100%', justifyContent: 'space-between' }} wrap>
                <Typography.Text>
                  {u.position}. {u.title}
                </Typography.Text>
                <Button size="small" onClick={() => setStudying(u)} disabled={u.completed}>
                  {u.completed ? t('study.completed') : u.seconds_watched > 0 ? t('study.continue') : t('study.start')}
                </Button>
              </Space>
              <Progress percent={unitPercent(u)} size="small" />
            </Space>
          </ListItem>
        )}
      />
      {studying && <StudyModal unit={studying} onClose={() => setStudying(null)} />}
    </>
  );
}
