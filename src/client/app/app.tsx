import { useEffect, useState, type ComponentType } from 'react';
import { BrowserRouter } from 'react-router';
import { whenIdle } from '@/client/components/when-idle';
import { Providers } from './providers';
import { AppRoutes } from './router';

/** Long enough for Today to have shown its lists on a slow phone before the prompt's code loads. */
const PROMPT_AFTER_MS = 3_000;

/**
 * The update prompt watches for new versions (workbox-window): nothing the first screen needs, so
 * its code loads a few seconds after start, when the page is idle. That code may not be on the
 * phone yet (signed in, then offline before the worker had cached everything): then there is no
 * prompt until the connection is back, and nothing else is affected.
 */
function AfterFirstScreen() {
  const [Prompt, setPrompt] = useState<ComponentType | null>(null);
  useEffect(() => {
    let stopped = false;
    let cancelIdle = () => undefined as void;
    const load = () => {
      import('@/client/pwa/update-prompt').then(
        ({ UpdatePrompt }) => {
          if (!stopped) setPrompt(() => UpdatePrompt);
        },
        () => window.addEventListener('online', load, { once: true }),
      );
    };
    const timer = window.setTimeout(() => {
      cancelIdle = whenIdle(load);
    }, PROMPT_AFTER_MS);
    return () => {
      stopped = true;
      window.clearTimeout(timer);
      cancelIdle();
      window.removeEventListener('online', load);
    };
  }, []);
  return Prompt ? <Prompt /> : null;
}

export function App() {
  return (
    <Providers>
      <BrowserRouter>
        <AppRoutes />
        <AfterFirstScreen />
      </BrowserRouter>
    </Providers>
  );
}
