import { crc32, deflateSync } from 'node:zlib';

export type Rgb = readonly [number, number, number];

const clamp = (value: number): number => (value < 0 ? 0 : value > 255 ? 255 : Math.round(value));

const chunk = (type: string, data: Buffer): Buffer => {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typed = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typed));
  return Buffer.concat([length, typed, crc]);
};

/**
 * A width × height RGB picture for tests of image code: draw, transform the way a customer's
 * photo differs from the catalog picture (crop, slight rotation, lighter/darker, rescale), and
 * encode as PNG. Pure TypeScript on node:zlib.
 */
export class TestRaster {
  readonly pixels: Uint8Array;
  constructor(
    readonly width: number,
    readonly height: number,
    fill: Rgb = [255, 255, 255],
  ) {
    this.pixels = new Uint8Array(width * height * 3);
    for (let i = 0; i < width * height; i++) this.pixels.set(fill, i * 3);
  }

  /** A picture from RGBA or RGB bytes (e.g. a decoder's output). */
  static fromPixels(width: number, height: number, data: Uint8Array, channels: 3 | 4): TestRaster {
    const raster = new TestRaster(width, height);
    for (let i = 0; i < width * height; i++) {
      raster.pixels[i * 3] = data[i * channels] ?? 0;
      raster.pixels[i * 3 + 1] = data[i * channels + 1] ?? 0;
      raster.pixels[i * 3 + 2] = data[i * channels + 2] ?? 0;
    }
    return raster;
  }

  get(x: number, y: number): Rgb {
    const cx = Math.min(this.width - 1, Math.max(0, x));
    const cy = Math.min(this.height - 1, Math.max(0, y));
    const i = (cy * this.width + cx) * 3;
    return [this.pixels[i] ?? 0, this.pixels[i + 1] ?? 0, this.pixels[i + 2] ?? 0];
  }

  set(x: number, y: number, [r, g, b]: Rgb): void {
    if (x < 0 || y < 0 || x >= this.width || y >= this.height) return;
    const i = (y * this.width + x) * 3;
    this.pixels[i] = r;
    this.pixels[i + 1] = g;
    this.pixels[i + 2] = b;
  }

  /** Fills the pixels for which `inside(x, y)` holds. */
  paint(color: Rgb, inside: (x: number, y: number) => boolean): this {
    for (let y = 0; y < this.height; y++) for (let x = 0; x < this.width; x++) if (inside(x, y)) this.set(x, y, color);
    return this;
  }

  /** The part from (left, top), fractions of the size: `crop(0.1, 0.05, 0.8, 0.9)`. */
  crop(left: number, top: number, width: number, height: number): TestRaster {
    const x0 = Math.round(left * this.width);
    const y0 = Math.round(top * this.height);
    const out = new TestRaster(Math.max(1, Math.round(width * this.width)), Math.max(1, Math.round(height * this.height)));
    for (let y = 0; y < out.height; y++) for (let x = 0; x < out.width; x++) out.set(x, y, this.get(x0 + x, y0 + y));
    return out;
  }

  /** Rotated by `degrees` about the centre, same size; corners filled with `background`. */
  rotate(degrees: number, background: Rgb = [255, 255, 255]): TestRaster {
    const out = new TestRaster(this.width, this.height, background);
    const angle = (degrees * Math.PI) / 180;
    const cos = Math.cos(angle);
    const sin = Math.sin(angle);
    const cx = (this.width - 1) / 2;
    const cy = (this.height - 1) / 2;
    for (let y = 0; y < this.height; y++)
      for (let x = 0; x < this.width; x++) {
        const sx = Math.round(cos * (x - cx) + sin * (y - cy) + cx);
        const sy = Math.round(-sin * (x - cx) + cos * (y - cy) + cy);
        if (sx >= 0 && sy >= 0 && sx < this.width && sy < this.height) out.set(x, y, this.get(sx, sy));
      }
    return out;
  }

  /** Every channel times `factor` plus `offset` (lighter: 1.2, 20; darker: 0.75, -10). */
  light(factor: number, offset = 0): TestRaster {
    const out = new TestRaster(this.width, this.height);
    for (let i = 0; i < this.pixels.length; i++) out.pixels[i] = clamp((this.pixels[i] ?? 0) * factor + offset);
    return out;
  }

  /** Resampled to `width` × `height` (nearest neighbour). */
  resize(width: number, height: number): TestRaster {
    const out = new TestRaster(width, height);
    for (let y = 0; y < height; y++)
      for (let x = 0; x < width; x++) out.set(x, y, this.get(Math.floor((x * this.width) / width), Math.floor((y * this.height) / height)));
    return out;
  }

  /** Deterministic noise of ±`amount` per channel (a camera's grain). */
  noise(amount: number, seed = 1): TestRaster {
    const out = new TestRaster(this.width, this.height);
    let state = seed >>> 0 || 1;
    for (let i = 0; i < this.pixels.length; i++) {
      state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
      out.pixels[i] = clamp((this.pixels[i] ?? 0) + ((state / 0xffffffff) * 2 - 1) * amount);
    }
    return out;
  }

  /** An 8-bit truecolour PNG. */
  toPng(): Uint8Array {
    const rowLength = this.width * 3 + 1;
    const raw = Buffer.alloc(rowLength * this.height);
    for (let y = 0; y < this.height; y++) {
      raw[y * rowLength] = 0;
      raw.set(this.pixels.subarray(y * this.width * 3, (y + 1) * this.width * 3), y * rowLength + 1);
    }
    const header = Buffer.alloc(13);
    header.writeUInt32BE(this.width, 0);
    header.writeUInt32BE(this.height, 4);
    header.set([8, 2, 0, 0, 0], 8);
    const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    return new Uint8Array(
      Buffer.concat([signature, chunk('IHDR', header), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]),
    );
  }
}
