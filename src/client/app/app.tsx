import { BrowserRouter } from 'react-router';
import { UpdatePrompt } from '@/client/pwa/update-prompt';
import { Providers } from './providers';
import { AppRoutes } from './router';

export function App() {
  return (
    <Providers>
      <BrowserRouter>
        <AppRoutes />
        <UpdatePrompt />
      </BrowserRouter>
    </Providers>
  );
}
