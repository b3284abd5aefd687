"""Mostrador's WeasyPrint worker: renders many HTML documents to PDF in one process.

Protocol (stdin/stdout, binary): every frame is a 4-byte big-endian length and that many bytes.
- Start: the worker sends one JSON frame, {"ready": true, "version": "..."} or {"ready": false, "error": "..."}.
- Job: the parent sends one JSON frame {"html": "..."}; the worker answers one JSON frame
  {"ok": true, "size": N} followed by a frame of the N PDF bytes, or {"ok": false, "error": "..."}.
Jobs are handled one at a time, in order. EOF on stdin ends the worker.
Only data: URLs are fetched: a document never reaches the network or the file system.
"""
import json
import os
import struct
import sys

# The protocol owns the real stdout; anything else printed (libraries) goes to stderr.
_out = os.fdopen(os.dup(1), "wb", buffering=0)
os.dup2(2, 1)
_in = sys.stdin.buffer


def send(frame: bytes) -> None:
    _out.write(struct.pack(">I", len(frame)) + frame)


def send_json(value) -> None:
    send(json.dumps(value).encode("utf-8"))


def read_exact(n: int):
    chunks = []
    while n > 0:
        chunk = _in.read(n)
        if not chunk:
            return None
        chunks.append(chunk)
        n -= len(chunk)
    return b"".join(chunks)


def main() -> int:
    try:
        import weasyprint
    except Exception as error:  # noqa: BLE001 - reported to the parent, which explains how to install it
        send_json({"ready": False, "error": f"{type(error).__name__}: {error}"})
        return 3

    def only_data_urls(url, *args, **kwargs):
        if url.startswith("data:"):
            return weasyprint.default_url_fetcher(url, *args, **kwargs)
        raise ValueError("documents may only embed data: URLs")

    send_json({"ready": True, "version": weasyprint.__version__})
    while True:
        head = read_exact(4)
        if head is None:
            return 0
        payload = read_exact(struct.unpack(">I", head)[0])
        if payload is None:
            return 0
        try:
            job = json.loads(payload)
            pdf = weasyprint.HTML(string=job["html"], url_fetcher=only_data_urls).write_pdf()
        except Exception as error:  # noqa: BLE001 - one bad document must not end the worker
            send_json({"ok": False, "error": f"{type(error).__name__}: {str(error)[:500]}"})
            continue
        send_json({"ok": True, "size": len(pdf)})
        send(pdf)


if __name__ == "__main__":
    sys.exit(main())
