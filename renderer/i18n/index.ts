/**
 * Interface strings: a tiny message catalogue per language (English and Simplified Chinese) with `t(key, params)`
 * and the `useT()` hook. The editor's keys live in en.ts / zh-CN.ts; the training views add theirs in
 * training.en.ts / training.zh-CN.ts, merged here. The chosen language is remembered in localStorage.
 * Placeholders are written `{name}`; a missing key falls back to English, then to the key itself.
 */
import { useSyncExternalStore } from 'react';
import en from './en.ts';
import zhCN from './zh-CN.ts';
import trainingEn from './training.en.ts';
import trainingZh from './training.zh-CN.ts';

export type Language = 'en' | 'zh-CN';
export type Messages = Readonly<Record<string, string>>;
export type MessageKey = keyof typeof en;
export type Params = Readonly<Record<string, string | number>>;

export const LANGUAGES: readonly { id: Language; label: string }[] = [
  { id: 'en', label: 'English' },
  { id: 'zh-CN', label: '简体中文' },
];

const CATALOGUES: Record<Language, Messages> = {
  en: { ...en, ...trainingEn },
  'zh-CN': { ...zhCN, ...trainingZh },
};

const KEY = 'netsketch.language';

function storage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}

function initialLanguage(): Language {
  const saved = storage()?.getItem(KEY);
  if (saved === 'en' || saved === 'zh-CN') return saved;
  const nav = typeof navigator === 'undefined' ? '' : navigator.language;
  return /^zh/i.test(nav) ? 'zh-CN' : 'en';
}

let language: Language = initialLanguage();
const listeners = new Set<() => void>();

export function getLanguage(): Language {
  return language;
}

/** Switches the interface language (remembered for the next start). */
export function setLanguage(next: Language): void {
  if (next === language) return;
  language = next;
  storage()?.setItem(KEY, next);
  if (typeof document !== 'undefined') document.documentElement.lang = next;
  for (const l of listeners) l();
}

export function subscribeLanguage(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function interpolate(text: string, params?: Params): string {
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m));
}

/** The message for `key` in the current language, with `{placeholders}` filled from `params`. */
export function t(key: MessageKey | (string & {}), params?: Params): string {
  const text = CATALOGUES[language][key] ?? CATALOGUES.en[key] ?? key;
  return interpolate(text, params);
}

/** Whether a key exists (for optional keys such as per-kind help). */
export function hasMessage(key: string): boolean {
  return key in CATALOGUES[language] || key in CATALOGUES.en;
}

/** `t` bound to the current language; re-renders the component when the language changes. */
export function useT(): typeof t {
  useSyncExternalStore(subscribeLanguage, getLanguage, getLanguage);
  return t;
}

export function useLanguage(): Language {
  return useSyncExternalStore(subscribeLanguage, getLanguage, getLanguage);
}

/** Keys present in English but missing from another catalogue (tests use this). */
export function missingKeys(lang: Language): string[] {
  return Object.keys(CATALOGUES.en).filter((k) => !(k in CATALOGUES[lang]));
}
