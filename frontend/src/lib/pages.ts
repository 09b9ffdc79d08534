import type { MessageKey } from './i18n';

export const PAGE_IDS = ['chat', 'library', 'models', 'monitor', 'backup', 'settings'] as const;
export type PageId = (typeof PAGE_IDS)[number];

export const PAGE_TITLE: Record<PageId, MessageKey> = {
  chat: 'nav.chat',
  library: 'nav.library',
  models: 'nav.models',
  monitor: 'nav.monitor',
  backup: 'nav.backup',
  settings: 'nav.settings',
};
