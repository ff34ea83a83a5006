"""A one-page PDF written byte by byte around one image XObject (for benchmarks and tests that need image
dictionaries no PDF library writes as they are: predictors, filters, colour spaces chosen freely)."""

from __future__ import annotations


def image_page_pdf(image_dict: str, stream: bytes, page_pt: tuple[float, float],
                   extra: list[bytes] | None = None) -> bytes:
    """A one-page PDF whose page draws image XObject 5 (dictionary entries `image_dict` besides /Type,
    /Subtype and /Length; data `stream`) over the whole page of `page_pt` points; `extra` objects are numbered
    from 6."""
    width, height = page_pt
    content = f"q {width} 0 0 {height} 0 0 cm /Im0 Do Q".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {width} {height}] "
        f"/Resources << /XObject << /Im0 5 0 R >> >> /Contents 4 0 R >>".encode(),
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        f"<< /Type /XObject /Subtype /Image {image_dict} /Length {len(stream)} >>\nstream\n".encode()
        + stream + b"\nendstream",
        *(extra or []),
    ]
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)
