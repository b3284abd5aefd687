/**
 * A stored perceptual fingerprint of one catalog image (see `ProductImageMatcher`). `fingerprint`
 * is the matcher's own versioned string (e.g. `ph2:…`): the repository stores it as given.
 */
export interface ImageFingerprint {
  readonly imageId: string;
  readonly productId: string;
  readonly fingerprint: string;
  readonly updatedAt: Date;
}

/**
 * Where the local photo matcher keeps the fingerprints of catalog images. Small rows (one per
 * catalog image), read all at once to compare a photo against them. Writes are single statements
 * (no UnitOfWork): fingerprints are derived data a re-index can always rebuild.
 *
 *   await fingerprints.upsert([{ imageId: 'img-1', productId: 'p-1', fingerprint: 'ph2:…', updatedAt }]);
 *   await fingerprints.upsert([{ imageId: 'img-1', productId: 'p-1', fingerprint: 'ph2:other', updatedAt }]); // replaces
 *   await fingerprints.list()          // → [{ imageId: 'img-1', productId: 'p-1', fingerprint: 'ph2:other', … }]
 *   await fingerprints.remove(['img-1'])
 *
 * Image ids follow `ImageStore` ids (1-128 of letters, digits, "_", "-", "."; `IMAGE.ID_INVALID`
 * otherwise); an empty fingerprint is refused with `IMAGE.FINGERPRINT_INVALID`. Concurrent upserts
 * of one image id leave exactly one row, one of the written values.
 */
export interface ImageFingerprintRepository {
  upsert(records: readonly ImageFingerprint[]): Promise<void>;
  /** Every stored fingerprint, ordered by image id. */
  list(): Promise<readonly ImageFingerprint[]>;
  /** The fingerprints of one product's images. */
  forProduct(productId: string): Promise<readonly ImageFingerprint[]>;
  /** Removes these images' fingerprints; unknown ids are ignored. */
  remove(imageIds: readonly string[]): Promise<void>;
}
