"""Large scans benchmark: peak memory (RSS) and wall time of `zccheck scan` on 600-dpi A3 pages.

Run:  PYTHONPATH=src python benchmarks/bench_memory.py [--only NAME] [--placed photo,summary,evidence]

One page of Chinese text scanned at 600 dpi on an A3 bed (7016×9921 pixels: an A4 page of 880 字 at 600 dpi
on a white A3 canvas; needs a CJK font, e.g. Debian's fonts-wqy-microhei) is saved in the formats scanners
and phones write:

* tiff-rgb    uncompressed RGB TIFF (209 MB, just under the 200 MiB read cap)
* tiff-lzw    LZW greyscale TIFF
* tiff-g4     CCITT group 4 bilevel TIFF
* tiff-multi  three LZW greyscale pages in one TIFF
* png         RGB PNG
* jpeg        RGB JPEG (quality 85)
* bmp         24-bit BMP (209 MB)
* pdf         a scanned PDF: one A3 page drawing the page as a 600-dpi JPEG image XObject
* pdf-flate   a scanned PDF: one A3 page drawing the page as a 600-dpi RGB Flate (lossless) image XObject,
              rows PNG-filtered as Pillow's PNG encoder chooses (/Predictor 15), as PDFs made from PNG or
              TIFF scans are (decoded whole it is 209 MB; `content/flate_image.py` reads it band by band)

Each file is placed, in a fresh copy of `samples/complete`, as the ID photo, as the only work-summary file
(scanned: OCR on) and as an extra evidence scan under 07-1 (scan quality: blank, orientation, dpi). Each case
runs `python -m zccheck scan DIR --format json --no-cache` in its own process (`bench_realworld.measure`:
the child's peak RSS from `os.wait4`); the files are generated in another process so that the parent's own
memory high-water mark does not count into the child's. Target: peak RSS ≤ 500 MB per process.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_realworld import SAMPLE, TARGET_MB, measure, placed, print_table
from raw_pdf import image_page_pdf

A3_600DPI = (7016, 9921)
FORMATS = {"tiff-rgb": ".tif", "tiff-lzw": ".tif", "tiff-g4": ".tif", "tiff-multi": ".tif", "png": ".png",
           "jpeg": ".jpg", "bmp": ".bmp", "pdf": ".pdf",
           "pdf-flate": ".pdf"}
PLACEMENTS = ("photo", "summary", "evidence")


def make_pages(folder: Path) -> None:
    """Write one file per FORMATS entry into `folder` (run in its own process: it holds ~300 MB)."""
    import pypdfium2 as pdfium
    from bench_ocr import scanned_pdf, summary_text
    from PIL import Image

    document = pdfium.PdfDocument(scanned_pdf([summary_text(880, 7)], dpi=300))
    text = document[0].render(scale=600 / 72, grayscale=True).to_pil().convert("L")
    document.close()
    grey = Image.new("L", A3_600DPI, 250)
    grey.paste(text, (300, 300))
    del text
    dpi = (600, 600)
    grey.save(folder / "tiff-lzw.tif", "TIFF", compression="tiff_lzw", dpi=dpi)
    grey.point(lambda v: 255 if v > 160 else 0).convert("1").save(
        folder / "tiff-g4.tif", "TIFF", compression="group4", dpi=dpi)
    grey.save(folder / "tiff-multi.tif", "TIFF", compression="tiff_lzw", dpi=dpi, save_all=True,
              append_images=[grey.transpose(Image.Transpose.FLIP_LEFT_RIGHT), grey])
    rgb = grey.convert("RGB")
    del grey
    rgb.save(folder / "tiff-rgb.tif", "TIFF", dpi=dpi)
    rgb.save(folder / "png.png", "PNG", dpi=dpi, compress_level=6)
    rgb.save(folder / "jpeg.jpg", "JPEG", quality=85, dpi=dpi)
    rgb.save(folder / "bmp.bmp", "BMP", dpi=dpi)
    rgb.save(folder / "pdf.pdf", "PDF", resolution=600.0)  # Pillow embeds the page as one DCT image XObject
    (folder / "pdf-flate.pdf").write_bytes(flate_page_pdf(rgb, 600.0))


def flate_page_pdf(image: object, dpi: float) -> bytes:
    """A one-page PDF drawing `image` (Pillow, L or RGB) over the page as one Flate image XObject whose rows
    are PNG-filtered (/Predictor 15): the IDAT data of the image saved as PNG, written as the stream."""
    import io
    import struct

    png = io.BytesIO()
    image.save(png, "PNG", compress_level=6)  # type: ignore[attr-defined]
    data, position, chunks = png.getvalue(), 8, []
    while position < len(data):
        length = struct.unpack(">I", data[position:position + 4])[0]
        if data[position + 4:position + 8] == b"IDAT":
            chunks.append(data[position + 8:position + 8 + length])
        position += 12 + length
    stream = b"".join(chunks)
    width, height = image.size  # type: ignore[attr-defined]
    colors = 1 if image.mode == "L" else 3  # type: ignore[attr-defined]
    page = (round(width * 72 / dpi, 2), round(height * 72 / dpi, 2))
    return image_page_pdf(
        f"/Width {width} /Height {height} /BitsPerComponent 8 "
        f"/ColorSpace /{'DeviceGray' if colors == 1 else 'DeviceRGB'} /Filter /FlateDecode /DecodeParms "
        f"<< /Predictor 15 /Colors {colors} /BitsPerComponent 8 /Columns {width} >>", stream, page)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default="", help="run only formats whose name contains this (e.g. tiff)")
    parser.add_argument("--placed", default=",".join(PLACEMENTS), help="comma-separated: photo,summary,evidence")
    parser.add_argument("--json", type=Path, help="keep each case's JSON report in this folder")
    parser.add_argument("--make", type=Path, help=argparse.SUPPRESS)  # internal: generate the pages there
    args = parser.parse_args()
    if args.make is not None:
        make_pages(args.make)
        return
    placements = [p for p in args.placed.split(",") if p in PLACEMENTS]
    if args.json:
        args.json.mkdir(parents=True, exist_ok=True)
    rows: list[tuple[str, str, float, float, int]] = []
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        pages = tmp / "pages"
        pages.mkdir()
        subprocess.run([sys.executable, __file__, "--make", str(pages)], check=True)
        rows.append(("samples/complete (baseline)", "-", *measure(placed(tmp, SAMPLE / "zccheck.toml", "none"))))
        for fmt, suffix in FORMATS.items():
            if args.only and args.only not in fmt:
                continue
            for how in placements:
                report = args.json / f"{fmt}-{how}.json" if args.json else None
                rows.append((fmt, how, *measure(placed(tmp, pages / f"{fmt}{suffix}", how), report)))
                print(f"  {fmt:<10} {how:<8} {rows[-1][2]:6.1f} s {rows[-1][3]:5.0f} MB exit {rows[-1][4]}",
                      file=sys.stderr, flush=True)
    print(f"600-dpi A3 page {A3_600DPI[0]}×{A3_600DPI[1]}; target peak RSS ≤ {TARGET_MB:.0f} MB per process")
    print_table(rows)


if __name__ == "__main__":
    main()
