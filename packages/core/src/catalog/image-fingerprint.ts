import type { ImageFingerprint } from '../ports/image-fingerprints.js';
import { ValidationError } from '../shared/errors.js';
import { assertImageId } from './stored-image.js';

/** The most characters a stored fingerprint may have (a matcher's versioned string). */
export const MAX_FINGERPRINT_LENGTH = 8192;

/** `IMAGE.ID_INVALID` or `IMAGE.FINGERPRINT_INVALID` unless `record` can be stored. */
export const assertImageFingerprint = (record: ImageFingerprint): void => {
  assertImageId(record.imageId);
  if (record.productId.trim() === '') throw new ValidationError('IMAGE.FINGERPRINT_INVALID', 'a fingerprint needs a product id', {});
  if (record.fingerprint.trim() === '' || record.fingerprint.length > MAX_FINGERPRINT_LENGTH)
    throw new ValidationError('IMAGE.FINGERPRINT_INVALID', `a fingerprint is 1-${MAX_FINGERPRINT_LENGTH} characters`, {
      imageId: record.imageId,
    });
};
