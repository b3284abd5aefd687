import { randomBytes } from 'node:crypto';
import { extensionOf, photoVariants, sniffImage } from './media.js';
import type { TgFileObject, TgPhotoSize } from './types.js';

export type StoredFileKind = 'photo' | 'document' | 'video' | 'audio' | 'voice' | 'animation' | 'sticker' | 'video_note';

/** One stored byte blob; several file ids (photo sizes) may point at it. */
export interface StoredBlob {
  data: Buffer;
  mimeType: string;
  fileName?: string;
  /** Path under /file/bot<token>/ */
  filePath: string;
}

export interface StoredFile {
  fileId: string;
  fileUniqueId: string;
  botId: number;
  kind: StoredFileKind;
  blob: StoredBlob;
  width?: number;
  height?: number;
  /** For photos: every size of the photo this id belongs to. */
  photo?: TgPhotoSize[];
}

/** What a test can read back about a stored file. */
export interface EmulatedFile {
  fileId: string;
  fileUniqueId: string;
  kind: StoredFileKind;
  filePath: string;
  fileName?: string;
  mimeType: string;
  size: number;
  bytes: Buffer;
}

/** Telegram file ids are opaque base64url strings; a per-kind prefix keeps them recognisable in logs. */
const ID_PREFIX: Record<StoredFileKind, string> = {
  photo: 'AgACAgEAAxkB',
  document: 'BQACAgEAAxkB',
  video: 'BAACAgEAAxkB',
  audio: 'CQACAgEAAxkB',
  voice: 'AwACAgEAAxkB',
  animation: 'CgACAgEAAxkB',
  sticker: 'CAACAgEAAxkB',
  video_note: 'DQACAgEAAxkB',
};

const FOLDER: Record<StoredFileKind, string> = {
  photo: 'photos',
  document: 'documents',
  video: 'videos',
  audio: 'music',
  voice: 'voice',
  animation: 'animations',
  sticker: 'stickers',
  video_note: 'video_notes',
};

export class FileStore {
  private readonly byId = new Map<string, StoredFile>();
  private readonly byPath = new Map<string, StoredBlob>();
  private counter = 0;

  get(fileId: string): StoredFile | undefined {
    return this.byId.get(fileId);
  }

  blobByPath(botId: number, filePath: string): StoredBlob | undefined {
    return this.byPath.get(`${botId}/${filePath}`);
  }

  /** Stores an image and returns its PhotoSize variants, smallest first, like Telegram. */
  storePhoto(botId: number, data: Buffer, mimeType: string | undefined): TgPhotoSize[] {
    const image = sniffImage(data);
    // Unknown formats still get a plausible size: the emulator does no image processing.
    const width = image?.width ?? 800;
    const height = image?.height ?? 600;
    const blob = this.newBlob(botId, 'photo', data, image?.mimeType ?? mimeType ?? 'image/jpeg', undefined, image?.extension ?? 'jpg');
    const sizes: TgPhotoSize[] = photoVariants(width, height).map((variant) => {
      const file = this.register(botId, 'photo', blob, variant);
      return {
        file_id: file.fileId,
        file_unique_id: file.fileUniqueId,
        width: variant.width,
        height: variant.height,
        file_size: data.length,
      };
    });
    for (const size of sizes) {
      const record = this.byId.get(size.file_id);
      if (record) record.photo = sizes;
    }
    return sizes;
  }

  storeFile(
    botId: number,
    kind: Exclude<StoredFileKind, 'photo'>,
    data: Buffer,
    mimeType: string,
    fileName: string | undefined,
  ): StoredFile {
    const blob = this.newBlob(botId, kind, data, mimeType, fileName, extensionOf(fileName));
    return this.register(botId, kind, blob, {});
  }

  describe(file: StoredFile): EmulatedFile {
    const view: EmulatedFile = {
      fileId: file.fileId,
      fileUniqueId: file.fileUniqueId,
      kind: file.kind,
      filePath: file.blob.filePath,
      mimeType: file.blob.mimeType,
      size: file.blob.data.length,
      bytes: Buffer.from(file.blob.data),
    };
    if (file.blob.fileName) view.fileName = file.blob.fileName;
    return view;
  }

  fileObject(file: StoredFile): TgFileObject {
    const object: TgFileObject = {
      file_id: file.fileId,
      file_unique_id: file.fileUniqueId,
      file_size: file.blob.data.length,
    };
    if (file.blob.fileName) object.file_name = file.blob.fileName;
    object.mime_type = file.blob.mimeType;
    return object;
  }

  private newBlob(
    botId: number,
    kind: StoredFileKind,
    data: Buffer,
    mimeType: string,
    fileName: string | undefined,
    extension: string | undefined,
  ): StoredBlob {
    const n = this.counter++;
    const filePath = `${FOLDER[kind]}/file_${n}${extension ? `.${extension}` : ''}`;
    const blob: StoredBlob = { data: Buffer.from(data), mimeType, filePath };
    if (fileName) blob.fileName = fileName;
    this.byPath.set(`${botId}/${filePath}`, blob);
    return blob;
  }

  private register(botId: number, kind: StoredFileKind, blob: StoredBlob, size: { width?: number; height?: number }): StoredFile {
    const file: StoredFile = {
      fileId: `${ID_PREFIX[kind]}${randomBytes(27).toString('base64url')}`,
      fileUniqueId: `AQAD${randomBytes(9).toString('base64url')}`,
      botId,
      kind,
      blob,
    };
    if (size.width !== undefined) file.width = size.width;
    if (size.height !== undefined) file.height = size.height;
    this.byId.set(file.fileId, file);
    return file;
  }
}
