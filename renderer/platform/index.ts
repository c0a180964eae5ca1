/** Picks the platform: Electron when the preload exposed `window.netsketch`, the browser otherwise. */
import { createBrowserPlatform } from './browser-platform.ts';
import { createElectronPlatform } from './electron-platform.ts';
import type { Platform } from './platform.ts';

export type { Platform } from './platform.ts';

export function detectPlatform(win: Window = window): Platform {
  return win.netsketch ? createElectronPlatform(win.netsketch) : createBrowserPlatform(win);
}
