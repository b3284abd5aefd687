import type { ScreenView } from '../layout.js';
import { type CampaignDraft, EMPTY_CAMPAIGN_DRAFT, type ScreenRef } from '../state.js';
import { staffCampaignNewScreen, staffCampaignScreen, staffCampaignsScreen } from './campaign-screens.js';
import { cartEmptyScreen, cartLineScreen, cartScreen, checkoutScreen, orderPlacedScreen } from './cart-screens.js';
import {
  addedScreen,
  answerScreen,
  categoriesScreen,
  categoryScreen,
  menuScreen,
  offersScreen,
  productScreen,
  searchPromptScreen,
  searchScreen,
} from './catalog-screens.js';
import type { ScreenContext } from './context.js';
import { helpScreen, languageScreen, orderCancelScreen, orderScreen, ordersScreen } from './order-screens.js';
import { staffCancelScreen, staffNoteScreen, staffOrderListScreen, staffOrderSearchScreen, staffStockScreen } from './staff-day-screens.js';
import { staffLowStockScreen, staffMenuScreen, staffOrderScreen, staffOrdersScreen, staffSalesScreen } from './staff-screens.js';

/** Loads what a screen shows and renders it. */
export const buildScreen = async (ref: ScreenRef, ctx: ScreenContext, campaignDraft?: CampaignDraft | null): Promise<ScreenView> => {
  switch (ref.name) {
    case 'menu':
      return menuScreen(ctx);
    case 'categories':
      return categoriesScreen(ref, ctx);
    case 'category':
      return categoryScreen(ref, ctx);
    case 'product':
      return productScreen(ref, ctx);
    case 'added':
      return addedScreen(ref, ctx);
    case 'search-prompt':
      return searchPromptScreen(ref, ctx);
    case 'search':
      return searchScreen(ref, ctx);
    case 'answer':
      return answerScreen(ref, ctx);
    case 'offers':
      return offersScreen(ref, ctx);
    case 'cart':
      return cartScreen(ctx);
    case 'cart-line':
      return cartLineScreen(ref, ctx);
    case 'checkout':
      return checkoutScreen(ref, ctx);
    case 'order-placed':
      return orderPlacedScreen(ref, ctx);
    case 'orders':
      return ordersScreen(ref, ctx);
    case 'order':
      return orderScreen(ref, ctx);
    case 'order-cancel':
      return orderCancelScreen(ref, ctx);
    case 'language':
      return languageScreen(ctx);
    case 'help':
      return helpScreen(ctx, { photoSearch: ctx.photoSearch === true, staff: (await ctx.staff()) !== null });
    case 'staff':
      return staffMenuScreen(ctx);
    case 'staff-orders':
      return staffOrdersScreen(ref, ctx);
    case 'staff-order':
      return staffOrderScreen(ref, ctx);
    case 'staff-low-stock':
      return staffLowStockScreen(ctx);
    case 'staff-sales':
      return staffSalesScreen(ctx);
    case 'staff-campaigns':
      return staffCampaignsScreen(ref, ctx);
    case 'staff-campaign':
      return staffCampaignScreen(ref, ctx);
    case 'staff-campaign-new':
      return staffCampaignNewScreen(ref, ctx, campaignDraft ?? EMPTY_CAMPAIGN_DRAFT);
    case 'cart-empty':
      return cartEmptyScreen(ctx);
    case 'staff-order-list':
      return staffOrderListScreen(ref, ctx);
    case 'staff-order-search':
      return staffOrderSearchScreen(ctx);
    case 'staff-cancel':
      return staffCancelScreen(ref, ctx);
    case 'staff-note':
      return staffNoteScreen(ref, ctx);
    case 'staff-stock':
      return staffStockScreen(ref, ctx);
  }
};
