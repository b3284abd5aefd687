import { ConflictError, NotFoundError, toProductView } from '@mostrador/core';
import { z } from 'zod';
import { ACCEPTED_IMAGE_TYPES, inspectImage, MAX_IMAGE_PIXELS, MAX_IMAGE_SIDE } from '../images/image-sniffer.js';
import { ProductDto, toProductDto } from '../presenters/catalog.js';
import { Id, IdParams } from '../presenters/common.js';
import { HttpProblem } from '../problems/problem.js';
import type { ApiRoutes } from '../routing/api-routes.js';
import type { RouteDeps } from './route-deps.js';

/** Clients that do not know the type may say so; anything else they claim must match the bytes. */
const UNSPECIFIC_TYPES = new Set(['application/octet-stream', '']);

export function imageRoutes(routes: ApiRoutes, { useCases, images, limits, clock }: RouteDeps): void {
  const { catalog } = useCases;

  routes.add({
    method: 'POST',
    url: '/api/v1/products/:id/images',
    access: 'catalog',
    summary: 'Add an image to a product',
    description: `multipart/form-data with one file: JPEG, PNG or WebP (checked on the bytes), at most ${limits.imageBytes} bytes (413 above).`,
    tags: ['products'],
    params: IdParams,
    consumes: ['multipart/form-data'],
    responses: {
      201: { description: 'The product with the new image', schema: ProductDto },
      413: { description: 'Too large (problem)' },
      415: { description: 'Not an accepted image (problem)' },
    },
    handler: async ({ actor, params, request, reply }) => {
      const view = await catalog.getProduct(params.id);
      if (!view) throw new NotFoundError('product', params.id);
      if (view.product.images.length >= limits.imagesPerProduct) {
        throw new ConflictError('IMAGE.TOO_MANY', `a product holds at most ${limits.imagesPerProduct} images`, {
          limit: limits.imagesPerProduct,
        });
      }
      if (!request.isMultipart()) throw new HttpProblem(415, 'REQUEST.UNSUPPORTED_MEDIA_TYPE', 'upload the image as multipart/form-data');
      const file = await request.file();
      if (!file) throw new HttpProblem(400, 'IMAGE.MISSING', 'the upload has no file');
      const bytes = await file.toBuffer();
      const inspection = inspectImage(bytes);
      if (inspection.kind === 'unknown') {
        throw new HttpProblem(415, 'IMAGE.UNSUPPORTED_TYPE', `the file is not a ${ACCEPTED_IMAGE_TYPES.join(', ')} image`);
      }
      if (inspection.kind === 'malformed') {
        const detail = `the file is not a readable ${inspection.mimeType} image: ${inspection.reason}`;
        throw new HttpProblem(422, 'IMAGE.MALFORMED', detail, {
          errors: [{ in: 'body', field: 'file', code: 'IMAGE.MALFORMED', message: detail }],
        });
      }
      if (inspection.kind === 'too_large') {
        const detail = `the image is ${inspection.width}×${inspection.height} pixels; at most ${MAX_IMAGE_SIDE} per side and ${MAX_IMAGE_PIXELS} in all`;
        throw new HttpProblem(422, 'IMAGE.DIMENSIONS_TOO_LARGE', detail, {
          errors: [{ in: 'body', field: 'file', code: 'IMAGE.DIMENSIONS_TOO_LARGE', message: detail }],
        });
      }
      const sniffed = inspection.image;
      const claimed = file.mimetype.split(';')[0]!.trim().toLowerCase();
      if (!UNSPECIFIC_TYPES.has(claimed) && claimed !== sniffed.mimeType) {
        throw new HttpProblem(415, 'IMAGE.TYPE_MISMATCH', `the file says ${claimed} but its content is ${sniffed.mimeType}`);
      }
      const imageId = await images.put(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), sniffed.mimeType);
      const image = {
        id: imageId,
        mimeType: sniffed.mimeType,
        width: sniffed.width,
        height: sniffed.height,
      };
      const product = await catalog.updateProduct(actor, params.id, { imageIds: [...view.product.images, image] });
      reply.code(201).header('location', `/api/v1/images/${encodeURIComponent(imageId)}`);
      return toProductDto(toProductView(product, clock.now()));
    },
  });

  routes.add({
    method: 'DELETE',
    url: '/api/v1/products/:id/images/:imageId',
    access: 'catalog',
    summary: 'Remove an image from a product',
    tags: ['products'],
    params: z.strictObject({ id: Id, imageId: Id }),
    responses: { 200: { description: 'The product', schema: ProductDto } },
    handler: async ({ actor, params }) => {
      const view = await catalog.getProduct(params.id);
      if (!view) throw new NotFoundError('product', params.id);
      if (!view.product.images.some((image) => image.id === params.imageId)) throw new NotFoundError('image', params.imageId);
      const product = await catalog.updateProduct(actor, params.id, {
        imageIds: view.product.images.filter((image) => image.id !== params.imageId),
      });
      return toProductDto(toProductView(product, clock.now()));
    },
  });

  routes.add({
    method: 'GET',
    url: '/api/v1/images/:id',
    access: 'public',
    summary: 'An image (public; ids never change content, so it may be cached for good)',
    tags: ['products'],
    params: IdParams,
    responses: { 200: { description: 'The image', contentType: 'image/*' }, 304: { description: 'Not modified' } },
    handler: async ({ params, request, reply }) => {
      const etag = `"${params.id}"`;
      const cacheForever = 'public, max-age=31536000, immutable';
      // Looked up before the conditional: a validator for an image that is not there is not "not modified".
      const image = await images.get(params.id);
      if (!image) throw new NotFoundError('image', params.id);
      if (request.headers['if-none-match'] === etag)
        return reply.code(304).header('cache-control', cacheForever).header('etag', etag).send();
      return reply
        .header('cache-control', cacheForever)
        .header('etag', etag)
        .header('content-security-policy', "default-src 'none'")
        .type(image.mimeType)
        .send(Buffer.from(image.bytes));
    },
  });
}
