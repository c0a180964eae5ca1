/** Renderer entry: picks the platform (Electron or browser) and mounts the app. */
import '@xyflow/react/dist/style.css';
import './app/app.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App.tsx';
import { detectPlatform } from './platform/index.ts';

const rootElement = document.getElementById('root');
if (!rootElement) throw new Error('index.html must contain <div id="root"> for the Netsketch UI to mount.');
createRoot(rootElement).render(
  <StrictMode>
    <App platform={detectPlatform()} />
  </StrictMode>,
);
