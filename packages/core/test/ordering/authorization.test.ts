import { describe, expect, it } from 'vitest';
import { aCustomer } from '../../../testkit/src/mothers/index.js';
import { type Actor, ForbiddenError, money, type Role } from '../../src/index.js';
import { aShop, CLERK, MANAGER, OWNER, type Shop, SYSTEM, VIEWER } from './shop-fixture.js';

const CUSTOMER: Actor = { kind: 'customer', customerId: 'customer-self' };
const ACTORS: Readonly<Record<Role | 'customer', Actor>> = {
  owner: OWNER,
  manager: MANAGER,
  clerk: CLERK,
  viewer: VIEWER,
  customer: CUSTOMER,
};
type Who = keyof typeof ACTORS;

/** Each operation sets up what it needs in a fresh shop, then acts as `actor`. */
const OPERATIONS: Readonly<Record<string, (shop: Shop, actor: Actor) => Promise<unknown>>> = {
  'catalog.createProduct': (shop, actor) =>
    shop.useCases.catalog.createProduct(actor, { sku: 'NEW-1', name: 'Nuevo', price: money(1_000), vatRate: 2100 }),
  'catalog.setDiscount': async (shop, actor) => {
    const product = await shop.seedProduct();
    return shop.useCases.catalog.setDiscount(actor, product.id, { kind: 'percent', basisPoints: 1000, validFrom: null, validUntil: null });
  },
  'catalog.importProducts': (shop, actor) =>
    shop.useCases.catalog.importProducts(actor, [{ sku: 'I-1', name: 'Importado', price: '10', vat: '21', stock: '1' }]),
  'catalog.saveCategory': (shop, actor) => shop.useCases.catalog.saveCategory(actor, { slug: 'nueva', name: 'Nueva' }),
  'catalog.adjustStock': async (shop, actor) => {
    const product = await shop.seedProduct();
    return shop.useCases.catalog.adjustStock(actor, product.id, { delta: -1, note: 'rota' });
  },
  'orders.changeStatus': async (shop, actor) => {
    const product = await shop.seedProduct();
    const order = await shop.placeOrder(await shop.seedCustomer(), [[product, 1]]);
    await shop.useCases.orders.applyPayment('mercadopago', shop.approvedPayment(order), 'evt');
    return shop.useCases.orders.changeStatus(actor, order.id, 'shipped', null);
  },
  'orders.list (another customer)': (shop, actor) =>
    shop.useCases.orders.list(actor, { customerId: 'another-customer' }, { offset: 0, limit: 10 }),
  'orders.salesSummary': (shop, actor) => shop.useCases.orders.salesSummary(actor, { from: new Date(0), to: shop.clock.now() }),
  'customers.list': (shop, actor) => shop.useCases.customers.list(actor, {}, { offset: 0, limit: 10 }),
  'customers.update (someone else)': async (shop, actor) => {
    const other = await shop.seedCustomer();
    return shop.useCases.customers.update(actor, other.id, { marketingConsent: true });
  },
  'staff.createUser': (shop, actor) =>
    shop.useCases.staff.createUser(actor, { email: 'nuevo@shop.example', name: 'Nuevo', password: 'una clave larga', roles: ['clerk'] }),
  'staff.listUsers': (shop, actor) => shop.useCases.staff.listUsers(actor),
};

/** Who may do what (owners: everything; customers: none of these staff operations). */
const ALLOWED: Readonly<Record<keyof typeof OPERATIONS, readonly Who[]>> = {
  'catalog.createProduct': ['owner', 'manager'],
  'catalog.setDiscount': ['owner', 'manager'],
  'catalog.importProducts': ['owner', 'manager'],
  'catalog.saveCategory': ['owner', 'manager'],
  'catalog.adjustStock': ['owner', 'manager', 'clerk'],
  'orders.changeStatus': ['owner', 'manager', 'clerk'],
  'orders.list (another customer)': ['owner', 'manager', 'clerk', 'viewer'],
  'orders.salesSummary': ['owner', 'manager'],
  'customers.list': ['owner', 'manager', 'clerk', 'viewer'],
  'customers.update (someone else)': ['owner', 'manager'],
  'staff.createUser': ['owner'],
  'staff.listUsers': ['owner'],
};

const CASES = Object.keys(OPERATIONS).flatMap((operation) =>
  (Object.keys(ACTORS) as Who[]).map((who) => [operation, who, ALLOWED[operation]!.includes(who)] as const),
);

describe('authorization matrix', () => {
  it.each(CASES)('%s by %s → allowed: %s', async (operation, who, allowed) => {
    const shop = aShop();
    const run = OPERATIONS[operation]!(shop, ACTORS[who]);
    if (allowed) {
      await expect(run).resolves.toBeDefined();
    } else {
      const error = await run.catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ForbiddenError);
      expect(error).toMatchObject({ code: 'AUTH.FORBIDDEN' });
    }
  });

  it('the system actor (jobs, webhooks, CLI) passes every check', async () => {
    for (const operation of Object.keys(OPERATIONS)) await expect(OPERATIONS[operation]!(aShop(), SYSTEM)).resolves.toBeDefined();
  });

  it('a refused operation changes nothing', async () => {
    const shop = aShop();
    const product = await shop.seedProduct({ stockOnHand: 7 });
    await expect(shop.useCases.catalog.adjustStock(VIEWER, product.id, { delta: -7, note: 'robo' })).rejects.toMatchObject({
      code: 'AUTH.FORBIDDEN',
    });
    await expect(shop.useCases.catalog.updateProduct(CLERK, product.id, { name: 'hackeado' })).rejects.toMatchObject({
      code: 'AUTH.FORBIDDEN',
    });
    expect(await shop.repositories.products.get(product.id)).toEqual(product);
  });

  it('a staff actor without roles is refused even reads', async () => {
    const shop = aShop();
    await expect(
      shop.useCases.orders.list({ kind: 'staff', userId: 'nobody', roles: [] }, {}, { offset: 0, limit: 10 }),
    ).rejects.toMatchObject({ code: 'AUTH.FORBIDDEN' });
  });
});

describe('customers see only their own orders', () => {
  const twoCustomers = async () => {
    const shop = aShop();
    const product = await shop.seedProduct({ stockOnHand: 10 });
    const ana = await shop.seedCustomer(aCustomer({ name: 'Ana' }));
    const bruno = await shop.seedCustomer(aCustomer({ name: 'Bruno' }));
    const anasOrder = await shop.placeOrder(ana, [[product, 1]]);
    const brunosOrder = await shop.placeOrder(bruno, [[product, 2]]);
    const asAna: Actor = { kind: 'customer', customerId: ana.id };
    return { shop, ana, bruno, anasOrder, brunosOrder, asAna };
  };

  it('reads their own order by id and number', async () => {
    const { shop, anasOrder, asAna } = await twoCustomers();
    expect(await shop.useCases.orders.get(asAna, anasOrder.id)).toEqual(anasOrder);
    expect(await shop.useCases.orders.getByNumber(asAna, anasOrder.number)).toEqual(anasOrder);
  });

  it('another customer’s order looks absent, by id and by number', async () => {
    const { shop, brunosOrder, asAna } = await twoCustomers();
    expect(await shop.useCases.orders.get(asAna, brunosOrder.id)).toBeNull();
    expect(await shop.useCases.orders.getByNumber(asAna, brunosOrder.number)).toBeNull();
  });

  it('listing shows only their orders; asking for someone else’s is forbidden', async () => {
    const { shop, bruno, anasOrder, asAna } = await twoCustomers();
    const mine = await shop.useCases.orders.list(asAna, {}, { offset: 0, limit: 10 });
    expect(mine.items.map((order) => order.id)).toEqual([anasOrder.id]);
    await expect(shop.useCases.orders.list(asAna, { customerId: bruno.id }, { offset: 0, limit: 10 })).rejects.toMatchObject({
      code: 'AUTH.FORBIDDEN',
    });
  });

  it('cannot cancel someone else’s order, nor change any status', async () => {
    const { shop, brunosOrder, anasOrder, asAna } = await twoCustomers();
    await expect(shop.useCases.orders.cancel(asAna, brunosOrder.id, null)).rejects.toMatchObject({ code: 'ORDER.NOT_FOUND' });
    expect((await shop.repositories.orders.get(brunosOrder.id))?.status).toBe('placed');
    await expect(shop.useCases.orders.changeStatus(asAna, anasOrder.id, 'paid', null)).rejects.toMatchObject({ code: 'AUTH.FORBIDDEN' });
    expect(await shop.useCases.orders.cancel(asAna, anasOrder.id, null)).toMatchObject({ status: 'cancelled' });
  });

  it('may update their own profile but not someone else’s', async () => {
    const { shop, ana, bruno, asAna } = await twoCustomers();
    expect(await shop.useCases.customers.update(asAna, ana.id, { language: 'en', marketingConsent: true })).toMatchObject({
      language: 'en',
      marketingConsent: true,
    });
    await expect(shop.useCases.customers.update(asAna, bruno.id, { name: 'x' })).rejects.toMatchObject({ code: 'AUTH.FORBIDDEN' });
  });
});

describe('staff accounts', () => {
  const withOwner = async () => {
    const shop = aShop();
    const owner = await shop.useCases.staff.createUser(SYSTEM, {
      email: '  Duena@Shop.Example ',
      name: 'Dueña',
      password: 'correct horse battery',
      roles: ['owner'],
    });
    const asOwner: Actor = { kind: 'staff', userId: owner.id, roles: owner.roles };
    return { shop, owner, asOwner };
  };

  it('creates users with a lower-cased email and a hashed password', async () => {
    const { shop, owner } = await withOwner();
    expect(owner).toMatchObject({ email: 'duena@shop.example', roles: ['owner'], active: true, chatIdentity: null });
    expect(owner.passwordHash).not.toContain('correct horse battery');
    expect(await shop.passwords.verify('correct horse battery', owner.passwordHash)).toBe(true);
  });

  it('refuses bad emails, weak passwords, no roles and a taken email in another case', async () => {
    const { shop, asOwner } = await withOwner();
    const create = (input: Partial<{ email: string; password: string; roles: readonly Role[] }>) =>
      shop.useCases.staff.createUser(asOwner, {
        email: 'clerk@shop.example',
        name: 'Clerk',
        password: 'long enough!',
        roles: ['clerk'],
        ...input,
      });
    await expect(create({ email: 'not-an-email' })).rejects.toMatchObject({ code: 'STAFF.EMAIL_INVALID' });
    await expect(create({ password: '123456789' })).rejects.toMatchObject({ code: 'STAFF.PASSWORD_WEAK' });
    await expect(create({ roles: [] })).rejects.toMatchObject({ code: 'STAFF.ROLES_INVALID' });
    await expect(create({ email: 'DUENA@shop.example' })).rejects.toMatchObject({ code: 'STAFF.EMAIL_TAKEN' });
    expect(await create({ password: '0123456789' })).toMatchObject({ email: 'clerk@shop.example' });
  });

  it('authenticates with any email case; unknown, wrong and inactive all give AUTH.INVALID_CREDENTIALS', async () => {
    const { shop, owner, asOwner } = await withOwner();
    expect((await shop.useCases.staff.authenticate('DUENA@shop.example', 'correct horse battery')).id).toBe(owner.id);
    const clerk = await shop.useCases.staff.createUser(asOwner, {
      email: 'clerk@shop.example',
      name: 'Clerk',
      password: 'clerk password',
      roles: ['clerk'],
    });
    await shop.useCases.staff.updateUser(asOwner, clerk.id, { active: false });

    const attempts = [
      ['nobody@shop.example', 'whatever password'],
      ['duena@shop.example', 'wrong password!'],
      ['clerk@shop.example', 'clerk password'],
    ] as const;
    const errors = [];
    for (const [email, password] of attempts) {
      const before = shop.passwords.verifications.length;
      errors.push(await shop.useCases.staff.authenticate(email, password).catch((e: unknown) => e));
      // Every attempt, even for an unknown email, costs one password verification.
      expect(shop.passwords.verifications.length).toBe(before + 1);
    }
    for (const error of errors) expect(error).toMatchObject({ code: 'AUTH.INVALID_CREDENTIALS', message: 'wrong email or password' });
  });

  it('keeps at least one active owner', async () => {
    const { shop, owner, asOwner } = await withOwner();
    await expect(shop.useCases.staff.updateUser(asOwner, owner.id, { roles: ['manager'] })).rejects.toMatchObject({
      code: 'STAFF.LAST_OWNER',
    });
    await expect(shop.useCases.staff.updateUser(asOwner, owner.id, { active: false })).rejects.toMatchObject({ code: 'STAFF.LAST_OWNER' });
    const second = await shop.useCases.staff.createUser(asOwner, {
      email: 'socio@shop.example',
      name: 'Socio',
      password: 'another long one',
      roles: ['owner'],
    });
    expect(await shop.useCases.staff.updateUser(asOwner, owner.id, { roles: ['manager'] })).toMatchObject({ roles: ['manager'] });
    await expect(shop.useCases.staff.updateUser(SYSTEM, second.id, { active: false })).rejects.toMatchObject({ code: 'STAFF.LAST_OWNER' });
  });

  it('lets users change their own password, proving the current one, but not their roles', async () => {
    const { shop, asOwner } = await withOwner();
    const clerk = await shop.useCases.staff.createUser(asOwner, {
      email: 'clerk@shop.example',
      name: 'Clerk',
      password: 'clerk password',
      roles: ['clerk'],
    });
    const asClerk: Actor = { kind: 'staff', userId: clerk.id, roles: ['clerk'] };
    await expect(shop.useCases.staff.updateUser(asClerk, clerk.id, { password: 'a brand new password' })).rejects.toMatchObject({
      code: 'STAFF.CURRENT_PASSWORD_REQUIRED',
      details: { field: 'currentPassword' },
    });
    await shop.useCases.staff.updateUser(asClerk, clerk.id, { password: 'a brand new password', currentPassword: 'clerk password' });
    expect((await shop.useCases.staff.authenticate('clerk@shop.example', 'a brand new password')).id).toBe(clerk.id);
    await expect(shop.useCases.staff.updateUser(asClerk, clerk.id, { roles: ['owner'] })).rejects.toMatchObject({ code: 'AUTH.FORBIDDEN' });
  });

  it('links a chat with a one-time code that expires', async () => {
    const { shop, owner, asOwner } = await withOwner();
    const identity = { channel: 'telegram', userId: '5550001' };
    const { code, expiresAt } = await shop.useCases.staff.createChatLinkCode(asOwner);
    expect(expiresAt).toEqual(new Date(shop.clock.now().getTime() + 15 * 60_000));
    expect(await shop.useCases.staff.linkChat(code.toLowerCase(), identity)).toMatchObject({ id: owner.id, chatIdentity: identity });
    expect((await shop.useCases.staff.findByChat(identity))?.id).toBe(owner.id);
    await expect(shop.useCases.staff.linkChat(code, identity)).rejects.toMatchObject({ code: 'STAFF.LINK_CODE_INVALID' });

    const late = await shop.useCases.staff.createChatLinkCode(asOwner);
    shop.clock.advance({ minutes: 15 });
    await expect(shop.useCases.staff.linkChat(late.code, { channel: 'telegram', userId: '999' })).rejects.toMatchObject({
      code: 'STAFF.LINK_CODE_INVALID',
    });
    await expect(shop.useCases.staff.createChatLinkCode(CUSTOMER)).rejects.toMatchObject({ code: 'AUTH.FORBIDDEN' });
  });
});
