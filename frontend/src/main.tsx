import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import './config/i18n';
import { Root } from './app/Root';

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <Root />
    </StrictMode>,
  );
}
