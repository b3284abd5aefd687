import type { Locale } from '../../shared/types.js';
import { notifyEn } from './notify-en.js';
import { type NotifyCatalog, notifyEs } from './notify-es.js';

export type { NotifyCatalog };

export const notifyCatalogFor = (locale: Locale): NotifyCatalog => (locale === 'en' ? notifyEn : notifyEs);
