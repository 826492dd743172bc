import { zhCN } from './zh-CN.ts';
import { enUS } from './en-US.ts';

/** The interface languages; zh-CN is the default. */
export const LANGUAGES = ['zh-CN', 'en-US'] as const;
export type Language = (typeof LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Language = 'zh-CN';

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

type SourceDictionary = typeof zhCN;
export type MessageKey = keyof SourceDictionary;

/** `{a} and {b}` → 'a' | 'b', read from the zh-CN literal so a call without a needed param fails to compile. */
type ParamNames<S extends string> = S extends `${string}{${infer P}}${infer Rest}` ? P | ParamNames<Rest> : never;
export type MessageParams<K extends MessageKey> = Record<ParamNames<SourceDictionary[K]>, string | number>;
export type TranslateArgs<K extends MessageKey> = [ParamNames<SourceDictionary[K]>] extends [never]
  ? []
  : [params: MessageParams<K>];
/** Keys whose message takes no parameters (what enum → message maps may point at). */
export type PlainMessageKey = {
  [K in MessageKey]: [ParamNames<SourceDictionary[K]>] extends [never] ? K : never;
}[MessageKey];
export type Translate = <K extends MessageKey>(key: K, ...args: TranslateArgs<K>) => string;

export const dictionaries: Readonly<Record<Language, Readonly<Record<MessageKey, string>>>> = {
  'zh-CN': zhCN,
  'en-US': enUS,
};

const PLACEHOLDER = /\{(\w+)\}/g;

export function placeholdersOf(message: string): string[] {
  return [...message.matchAll(PLACEHOLDER)].map((m) => m[1] ?? '').sort();
}

function interpolate(message: string, params: Readonly<Record<string, string | number>> | undefined): string {
  if (!params) return message;
  return message.replace(PLACEHOLDER, (whole, name: string) =>
    Object.hasOwn(params, name) ? String(params[name]) : whole,
  );
}

export function translate<K extends MessageKey>(language: Language, key: K, ...args: TranslateArgs<K>): string {
  const params = args[0] as Readonly<Record<string, string | number>> | undefined;
  return interpolate(dictionaries[language][key], params);
}

/** A `t` bound to one language, as components use it. */
export function translatorFor(language: Language): Translate {
  return (key, ...args) => translate(language, key, ...args);
}

/** Pick the user's language from institution-supplied text (site profile names). */
export function localized(text: Readonly<Record<Language, string>>, language: Language): string {
  return text[language];
}
