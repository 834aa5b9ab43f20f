// The button that downloads an import's template from the server, with the session (the
// template is not a public link), under the screen's file name.
import { useState } from 'react';
import { App, Button, type ButtonProps } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { showProblem } from '../lib/forms';
import { downloadImportTemplate, type ImportTemplate } from '../lib/importTemplates';

/** `fileName`: the name the file is saved under, when not `importTemplate.fileName.<which>`. */
export function ImportTemplateButton({ which, testId, fileName, ...button }: { which: ImportTemplate; testId: string; fileName?: string } & Pick<ButtonProps, 'type' | 'size'>) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const onClick = async () => {
    setBusy(true);
    try {
      await downloadImportTemplate(which, fileName ?? t(`importTemplate.fileName.${which}`));
    } catch (e) {
      showProblem(e, message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Button {...button} icon={<DownloadOutlined />} loading={busy} data-testid={testId} onClick={() => void onClick()}>
      {t('importTemplate.download')}
    </Button>
  );
}
