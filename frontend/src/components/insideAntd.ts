import { createContext } from 'react';

/** True under Ant Design's `ConfigProvider` and `App` (the full app's, or `AntdProvider`'s). */
export const InsideAntd = createContext(false);
