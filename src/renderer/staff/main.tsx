import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { Providers } from '../common/providers';
import { StaffApp } from './App';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Providers>
      <StaffApp />
    </Providers>
  </StrictMode>,
);
