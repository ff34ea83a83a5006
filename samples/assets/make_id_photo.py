"""Make `id-photo-413x579.jpg`: a 2寸 ID photo (413×579 px, 35:49, 300 dpi) on a plain light background.

Derived deterministically from scikit-image's public-domain portrait `skimage.data.astronaut()` (NASA
photo of Eileen Collins): the Haar cascade bundled with OpenCV finds the face; the crop puts the face box
at about a third of the height, centred, with the hair just below the top edge; OpenCV's grabCut, seeded
by the face box (face = foreground, top and upper side bands = background), separates the person from
the studio backdrop, which is replaced by a plain near-white colour.

Run from the repository root:  python samples/assets/make_id_photo.py
Needs scikit-image, opencv-python-headless (<5), numpy and Pillow.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

OUTPUT = Path(__file__).with_name("id-photo-413x579.jpg")
SIZE = (413, 579)                 # 35×49 mm at 300 dpi
BACKGROUND = (246, 248, 250)      # plain near-white
FACE_SHARE = 0.31                 # face box height / crop height
FACE_TOP = 0.20                   # face box top / crop height
JPEG_QUALITY = 88


def make_id_photo() -> bytes:
    """The JPEG bytes of the ID photo."""
    import cv2
    import numpy as np
    from PIL import Image, ImageFilter
    from skimage import data

    portrait = data.astronaut()  # 512×512 RGB
    grey = cv2.cvtColor(portrait, cv2.COLOR_RGB2GRAY)
    cascade = cv2.CascadeClassifier(cv2.data.haarcascades + "haarcascade_frontalface_default.xml")
    faces = cascade.detectMultiScale(grey, scaleFactor=1.1, minNeighbors=5, minSize=(40, 40))
    if len(faces) == 0:
        raise RuntimeError("no face found in skimage.data.astronaut()")
    fx, fy, fw, fh = (int(v) for v in max(faces, key=lambda b: b[2] * b[3]))

    # Crop at 35:49 around the face.
    crop_h = round(fh / FACE_SHARE)
    crop_w = round(crop_h * SIZE[0] / SIZE[1])
    x0 = round(fx + fw / 2 - crop_w / 2)
    y0 = max(0, round(fy - FACE_TOP * crop_h))
    crop = np.ascontiguousarray(portrait[y0:y0 + crop_h, x0:x0 + crop_w])
    height, width = crop.shape[:2]

    # grabCut seeded by the face box.
    mask = np.full((height, width), cv2.GC_PR_BGD, np.uint8)
    bx, by = fx - x0, fy - y0
    head_top = max(0, round(by - 0.55 * fh))
    mask[head_top:, max(0, round(bx - 0.35 * fw)):round(bx + 1.35 * fw)] = cv2.GC_PR_FGD
    body_top = round(by + 1.2 * fh)
    mask[body_top:, :] = cv2.GC_PR_FGD
    mask[by + fh // 6:by + fh * 5 // 6, bx + fw // 6:bx + fw * 5 // 6] = cv2.GC_FGD
    band = max(3, width // 30)
    mask[:band, :] = cv2.GC_BGD
    mask[:body_top, :band] = cv2.GC_BGD
    mask[:body_top, width - band:] = cv2.GC_BGD
    cv2.setRNGSeed(0)
    bgd_model = np.zeros((1, 65), np.float64)
    fgd_model = np.zeros((1, 65), np.float64)
    cv2.grabCut(cv2.cvtColor(crop, cv2.COLOR_RGB2BGR), mask, None, bgd_model, fgd_model, 6,
                cv2.GC_INIT_WITH_MASK)

    # Replace the backdrop with a plain light colour, with a soft edge.
    person = np.where((mask == cv2.GC_FGD) | (mask == cv2.GC_PR_FGD), 1.0, 0.0).astype(np.float32)
    alpha = cv2.GaussianBlur(person, (5, 5), 0)[..., None]
    composed = crop.astype(np.float32) * alpha + np.array(BACKGROUND, np.float32) * (1.0 - alpha)
    image = Image.fromarray(np.clip(composed + 0.5, 0, 255).astype(np.uint8))
    image = image.resize(SIZE, Image.Resampling.LANCZOS)
    image = image.filter(ImageFilter.UnsharpMask(radius=1.5, percent=60, threshold=2))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True, dpi=(300, 300))
    return out.getvalue()


def main(argv: list[str]) -> int:
    """Write the photo to OUTPUT (or to the path given) and print its size."""
    target = Path(argv[1]) if len(argv) > 1 else OUTPUT
    data = make_id_photo()
    target.write_bytes(data)
    print(f"{target}: {len(data)} bytes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
