import { ValidationError } from '../shared/errors.js';

/*
 * What every ImageStore accepts (the contract pins it): ids a caller may choose, and MIME types.
 * Kept here so each store refuses the same values with the same codes.
 */

const IMAGE_ID = /^[\w.-]{1,128}$/;
const MIME_TYPE = /^[\w.+-]+\/[\w.+-]+$/;

/** `IMAGE.ID_INVALID` unless `id` is 1-128 letters, digits, "_", "-" or ".". */
export const assertImageId = (id: string): void => {
  if (!IMAGE_ID.test(id)) throw new ValidationError('IMAGE.ID_INVALID', `"${id}" is not an image id`, { id });
};

/** `IMAGE.MIME_TYPE_INVALID` unless `mimeType` looks like `type/subtype`. */
export const assertImageMimeType = (mimeType: string): void => {
  if (!MIME_TYPE.test(mimeType)) throw new ValidationError('IMAGE.MIME_TYPE_INVALID', `"${mimeType}" is not a MIME type`, { mimeType });
};
