/** Chinese and English: Chinese when the browser's first language is Chinese, until the operator picks one. */
import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { en, type Messages, type MessageKey } from './en';
import { zh } from './zh';

export type Language = 'zh' | 'en';
export const LANGUAGES: Record<Language, string> = { zh: '中文', en: 'English' };
const DICTIONARIES: Record<Language, Messages> = { zh, en };
const STORAGE_KEY = 'mj-proxy.language';

export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

function initialLanguage(): Language {
  const stored = localStorage.getItem(STORAGE_KEY);
  if (stored === 'zh' || stored === 'en') return stored;
  const preferred = navigator.languages[0] ?? navigator.language;
  return preferred.toLowerCase().startsWith('zh') ? 'zh' : 'en';
}

interface I18n {
  language: Language;
  setLanguage(language: Language): void;
  t: Translate;
}

const I18nContext = createContext<I18n | undefined>(undefined);

export function I18nProvider({ children }: { children: ReactNode }) {
  const [language, setLanguageState] = useState(initialLanguage);
  useEffect(() => {
    document.documentElement.lang = language === 'zh' ? 'zh-CN' : 'en';
  }, [language]);
  const value = useMemo<I18n>(() => {
    const messages = DICTIONARIES[language];
    return {
      language,
      setLanguage(next) {
        localStorage.setItem(STORAGE_KEY, next);
        setLanguageState(next);
      },
      t: (key, params = {}) => messages[key].replace(/\{(\w+)\}/g, (whole, name: string) => String(params[name] ?? whole)),
    };
  }, [language]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const i18n = useContext(I18nContext);
  if (!i18n) throw new Error('useI18n outside I18nProvider');
  return i18n;
}
