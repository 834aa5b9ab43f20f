// Ant Design's theme, locale and `App` (messages, modals) with its stylesheet: what `app/App`
// puts around the full app, for a part of a page outside it (`AntdScope`).
import type { ReactNode } from 'react';
import { App as AntApp, ConfigProvider } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import enUS from 'antd/locale/en_US';
import { useTranslation } from 'react-i18next';
import 'antd/dist/antd.css';
import '../app/contrast.css';
import { THEME } from '../app/theme';
import { InsideAntd } from './insideAntd';

export default function AntdProvider({ children }: { children: ReactNode }) {
  const { i18n } = useTranslation();
  return (
    <ConfigProvider locale={i18n.language === 'en' ? enUS : zhCN} theme={THEME}>
      <AntApp>
        <InsideAntd.Provider value>{children}</InsideAntd.Provider>
      </AntApp>
    </ConfigProvider>
  );
}
