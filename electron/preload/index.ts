/**
 * Preload (sandboxed, bundled to one CommonJS file): exposes `window.netsketch`, a few named verbs over fixed
 * channels (see api.ts). `ipcRenderer` itself never reaches the page.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { createNetsketchApi } from './api.ts';

contextBridge.exposeInMainWorld('netsketch', createNetsketchApi(ipcRenderer));
