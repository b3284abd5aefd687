import type { SettingsRepository } from '../ports/repositories.js';
import type { IdGenerator } from '../ports/services.js';

/*
 * Short codes for products on pushed buttons (`~p<code>`, see conversation/push-choices.ts):
 * product ids are too long for a channel's button payload. A code is made once per product and
 * kept in the settings store both ways; concurrent makers agree on the first stored one.
 */

const byProduct = (productId: string): string => `push.product.${productId}`;
const byCode = (code: string): string => `push.code.${code}`;

export const productPushCode = async (settings: SettingsRepository, ids: IdGenerator, productId: string): Promise<string> => {
  const known = await settings.get<string>(byProduct(productId));
  if (known) return known;
  const code = ids.code(8);
  // The reverse entry first: a code that is handed out always resolves.
  await settings.setIfAbsent(byCode(code), productId);
  return settings.setIfAbsent(byProduct(productId), code);
};

export const productForPushCode = (settings: SettingsRepository, code: string): Promise<string | null> =>
  settings.get<string>(byCode(code));
