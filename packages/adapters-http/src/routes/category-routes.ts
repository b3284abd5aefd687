import { z } from 'zod';
import { CategoryDto, toCategoryDto } from '../presenters/catalog.js';
import { Id, IdParams, PaginationQuery, pageSchema, TranslationsSchema } from '../presenters/common.js';
import type { ApiRoutes } from '../routing/api-routes.js';
import { Text } from '../routing/request-schema.js';
import type { RouteDeps } from './route-deps.js';

const CategoryInput = z.strictObject({
  slug: Text.min(1).max(100).describe('Lowercase words joined by "-"'),
  name: Text.min(1).max(200),
  parentId: Id.nullable().optional(),
  position: z.number().int().min(0).max(1_000_000).optional(),
  translations: TranslationsSchema.optional(),
});

export function categoryRoutes(routes: ApiRoutes, { useCases }: RouteDeps): void {
  const { catalog } = useCases;

  routes.add({
    method: 'GET',
    url: '/api/v1/categories',
    access: 'read',
    summary: 'List categories (by position, then name)',
    tags: ['categories'],
    query: PaginationQuery,
    responses: { 200: { description: 'A page of categories', schema: pageSchema(CategoryDto) } },
    handler: async ({ query }) => {
      const all = await catalog.listCategories();
      return {
        items: all.slice(query.offset, query.offset + query.limit).map(toCategoryDto),
        total: all.length,
        offset: query.offset,
        limit: query.limit,
      };
    },
  });

  routes.add({
    method: 'POST',
    url: '/api/v1/categories',
    access: 'catalog',
    summary: 'Create a category',
    tags: ['categories'],
    body: CategoryInput,
    responses: { 201: { description: 'Created', schema: CategoryDto } },
    handler: async ({ actor, body, reply }) => {
      const category = await catalog.saveCategory(actor, body);
      reply.code(201).header('location', `/api/v1/categories/${encodeURIComponent(category.id)}`);
      return toCategoryDto(category);
    },
  });

  routes.add({
    method: 'PUT',
    url: '/api/v1/categories/:id',
    access: 'catalog',
    summary: 'Replace a category',
    tags: ['categories'],
    params: IdParams,
    body: CategoryInput,
    responses: { 200: { description: 'Saved', schema: CategoryDto } },
    handler: async ({ actor, params, body }) => toCategoryDto(await catalog.saveCategory(actor, { ...body, id: params.id })),
  });

  routes.add({
    method: 'DELETE',
    url: '/api/v1/categories/:id',
    access: 'catalog',
    summary: 'Delete an empty category (409 `CATEGORY.IN_USE` otherwise)',
    tags: ['categories'],
    params: IdParams,
    responses: { 204: { description: 'Deleted' } },
    handler: async ({ actor, params }) => {
      await catalog.deleteCategory(actor, params.id);
      return undefined;
    },
  });
}
