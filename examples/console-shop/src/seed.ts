import { money, type ProductInput, type UseCases } from '@mostrador/core';

/** A few products of a yerba-and-mate shop, in Spanish with English names: enough to search, buy and pay. */
export const CONSOLE_SHOP_PRODUCTS: readonly ProductInput[] = [
  {
    sku: 'MATE-CAL',
    name: 'Mate de calabaza',
    description: 'Calabaza curada a mano, con virola de alpaca.',
    price: money(12_500_00),
    vatRate: 2100,
    stockOnHand: 12,
    translations: { en: { name: 'Gourd mate', description: 'Hand-cured gourd with an alpaca rim.' } },
  },
  {
    sku: 'MATE-ALG',
    name: 'Mate de algarrobo',
    description: 'Madera de algarrobo torneada, interior curado.',
    price: money(9_800_00),
    vatRate: 2100,
    stockOnHand: 6,
    translations: { en: { name: 'Carob wood mate', description: 'Turned carob wood, cured inside.' } },
  },
  {
    sku: 'BOMB-ALP',
    name: 'Bombilla de alpaca',
    price: money(4_200_00),
    vatRate: 2100,
    stockOnHand: 30,
    translations: { en: { name: 'Alpaca straw' } },
  },
  {
    sku: 'YERBA-1K',
    name: 'Yerba mate 1 kg',
    description: 'Con palo, estacionada 24 meses.',
    price: money(5_600_00),
    vatRate: 1050,
    stockOnHand: 40,
    discount: { kind: 'percent', basisPoints: 1500, validFrom: null, validUntil: null },
    translations: { en: { name: 'Yerba mate 1 kg', description: 'With stems, aged 24 months.' } },
  },
];

/** Creates the products the catalog does not have yet (by SKU), so a second start changes nothing. */
export async function seedConsoleShop(useCases: UseCases): Promise<number> {
  let created = 0;
  for (const product of CONSOLE_SHOP_PRODUCTS) {
    try {
      await useCases.catalog.createProduct({ kind: 'system' }, product);
      created += 1;
    } catch (error) {
      // Already there from an earlier run.
      if ((error as { code?: unknown }).code !== 'PRODUCT.SKU_TAKEN') throw error;
    }
  }
  return created;
}
