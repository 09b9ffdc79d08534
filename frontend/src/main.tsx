import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import App from './App';
import { AppProviders, createQueryClient } from './AppProviders';
import './style.css';

const container = document.getElementById('root');
if (!container) throw new Error('#root element missing');

createRoot(container).render(
  <StrictMode>
    <AppProviders client={createQueryClient()}>
      <App />
    </AppProviders>
  </StrictMode>,
);
