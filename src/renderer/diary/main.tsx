import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { Providers } from '../common/providers';
import { DiaryApp } from './DiaryApp';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Providers>
      <DiaryApp />
    </Providers>
  </StrictMode>,
);
