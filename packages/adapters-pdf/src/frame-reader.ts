/**
 * Splits a byte stream into frames: a 4-byte big-endian length, then that many bytes (the
 * worker's protocol, see worker/weasyprint_worker.py).
 */
export class FrameReader {
  #chunks: Buffer[] = [];
  #buffered = 0;

  /** Adds bytes; returns every frame now complete, in order. */
  push(chunk: Buffer): Buffer[] {
    this.#chunks.push(chunk);
    this.#buffered += chunk.length;
    const frames: Buffer[] = [];
    for (;;) {
      if (this.#buffered < 4) break;
      const head = this.#peek(4);
      const length = head.readUInt32BE(0);
      if (this.#buffered < 4 + length) break;
      this.#take(4);
      frames.push(this.#take(length));
    }
    return frames;
  }

  #peek(n: number): Buffer {
    if (this.#chunks[0] && this.#chunks[0].length >= n) return this.#chunks[0].subarray(0, n);
    const joined = Buffer.concat(this.#chunks);
    this.#chunks = [joined];
    return joined.subarray(0, n);
  }

  #take(n: number): Buffer {
    const joined = this.#chunks.length === 1 ? (this.#chunks[0] as Buffer) : Buffer.concat(this.#chunks);
    const taken = joined.subarray(0, n);
    const rest = joined.subarray(n);
    this.#chunks = rest.length > 0 ? [rest] : [];
    this.#buffered -= n;
    return taken;
  }
}

/** One frame: length prefix and bytes. */
export const frame = (payload: Buffer): Buffer => {
  const head = Buffer.alloc(4);
  head.writeUInt32BE(payload.length, 0);
  return Buffer.concat([head, payload]);
};
