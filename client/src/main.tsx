import './zodConfig';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { openBrowserStorage, openTabStorage } from './app/browserStorage';
import './ui/base.css';

const container = document.getElementById('root');
if (!container) throw new Error('index.html must contain <div id="root">');

createRoot(container).render(
  <StrictMode>
    <App
      storage={openBrowserStorage()}
      tabStorage={openTabStorage()}
      browserLanguages={navigator.languages}
    />
  </StrictMode>,
);
