/** Simplified Chinese interface strings of the editor (same keys as en.ts). */
import type en from './en.ts';

const zhCN: Partial<Record<keyof typeof en, string>> = {
  'app.ready': '就绪',
};

export default zhCN;
