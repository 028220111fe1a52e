import { createI18n } from 'vue-i18n'
import zhCN from './zh-CN'
import en from './en'

export type Locale = 'zh-CN' | 'en'
const STORED = 'shuyu.locale'

/** Keys asked for that no dictionary has: the i18n browser test fails when any page leaves one here. */
export const missingKeys = new Set<string>()
;(window as unknown as { __shuyuMissingKeys: Set<string> }).__shuyuMissingKeys = missingKeys

function initialLocale(): Locale {
  const stored = localStorage.getItem(STORED)
  return stored === 'en' || stored === 'zh-CN' ? stored : 'zh-CN' // Chinese first
}

export const i18n = createI18n({
  legacy: false,
  locale: initialLocale(),
  fallbackLocale: false,
  messages: { 'zh-CN': zhCN, en },
  missingWarn: false,
  fallbackWarn: false,
  missing: (locale: string, key: string) => {
    // An enum label of an absent value (`states.${row.state}` while Element Plus's table probes a column's slot with an
    // empty row) is blank, not a missing message.
    if (key.endsWith('.undefined') || key.endsWith('.null')) return ''
    missingKeys.add(`${locale}:${key}`)
    return key
  },
})

document.documentElement.lang = initialLocale()

export function setLocale(locale: Locale): void {
  i18n.global.locale.value = locale
  localStorage.setItem(STORED, locale)
  document.documentElement.lang = locale
}

export function currentLocale(): Locale {
  return i18n.global.locale.value as Locale
}
