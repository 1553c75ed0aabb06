/** Entry point: find the admin API and its token, start syncing, draw the app. */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { initApi } from './api/api';
import { resolveConnection } from './api/connection';
import { App, NoConnection } from './app/App';
import { startSync } from './stores/sync';
import './styles.css';

async function boot(): Promise<void> {
  const root = createRoot(document.getElementById('root') as HTMLElement);
  const conn = await resolveConnection();
  if ('error' in conn) {
    root.render(<NoConnection message={conn.error} />);
    return;
  }
  initApi(conn);
  startSync(conn);
  root.render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}

void boot();
