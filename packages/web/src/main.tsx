import '@mantine/core/styles.css';
import './app/app.css';
import './app/i18n/index.ts';
import { MantineProvider } from '@mantine/core';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router';
import { App } from './app/App.tsx';
import { StaffSessionProvider } from './app/staff-session.tsx';
import { cssVariablesResolver, theme } from './app/theme.ts';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <MantineProvider theme={theme} cssVariablesResolver={cssVariablesResolver} defaultColorScheme="light">
      <BrowserRouter>
        <StaffSessionProvider>
          <App />
        </StaffSessionProvider>
      </BrowserRouter>
    </MantineProvider>
  </StrictMode>,
);
