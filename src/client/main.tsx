import { StrictMode, startTransition } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/app';
import { readStoredLanguage } from './app/i18n';
import { loadEnglishTexts } from './i18n/load-language';
import { startServiceWorker } from './pwa/page-controller';
import './app/app.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
const mount = root;
// The offline app: registered at once; which worker served this page is remembered for the update prompt.
startServiceWorker();

// As a transition, the first render yields to the browser every few milliseconds instead of holding
// the main thread for the whole tree (Lighthouse counted it as one long task on a mid-range phone).
function render() {
  const reactRoot = createRoot(mount);
  startTransition(() =>
    reactRoot.render(
      <StrictMode>
        <App />
      </StrictMode>,
    ),
  );
}

// Someone who chose English sees English from the first paint (its texts are a chunk of their own).
if (readStoredLanguage() === 'en') void loadEnglishTexts().then(render, render);
else render();
