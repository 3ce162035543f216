"""Reading a QR code off a PDF page as a phone would see it: the page rasterized, the code found by its corners.

There is no QR decoder among the project's packages, so the code is not decoded: its three finder patterns
are located, its modules sampled at their centres, and the result compared module by module with the QR
code of the address expected (segno makes the same symbol from the same text every time).
"""

import shutil
import subprocess
from io import BytesIO
from itertools import groupby
from pathlib import Path

from PIL import Image

DARK = 128  # grey levels below are dark


def page_image(pdf: bytes, tmp_path: Path, *, page: int = 1, dpi: int = 300) -> Image.Image:
    """One page of ``pdf`` in grey levels (pdftoppm, from poppler-utils, which .ci/run installs)."""
    assert shutil.which("pdftoppm"), "pdftoppm (poppler-utils) is needed to look at a page"
    source = tmp_path / "page.pdf"
    source.write_bytes(pdf)
    command = ["pdftoppm", "-f", str(page), "-l", str(page), "-r", str(dpi), "-gray", "-png", "-singlefile"]
    subprocess.run([*command, str(source), str(tmp_path / "page")], check=True, timeout=60)
    return Image.open(BytesIO((tmp_path / "page.png").read_bytes())).convert("L")


def _finder_rows(image: Image.Image):
    """(centre x, y, module width) of each row crossing a finder pattern: dark, light, dark×3, light, dark."""
    width, height = image.size
    pixels = image.tobytes()
    for y in range(height):
        runs, x = [], 0
        for dark, group in groupby(pixels[y * width : (y + 1) * width], key=lambda level: level < DARK):
            length = len(list(group))
            runs.append((dark, x, length))
            x += length
        for i in range(len(runs) - 4):
            if not runs[i][0]:
                continue
            lengths = [run[2] for run in runs[i : i + 5]]
            unit = sum(lengths) / 7
            if unit >= 2 and all(
                abs(length - n * unit) < unit * 0.6 for length, n in zip(lengths, (1, 1, 3, 1, 1), strict=True)
            ):
                yield runs[i + 2][1] + runs[i + 2][2] / 2, y, unit


def _finders(image: Image.Image) -> list[tuple[float, float, float]]:
    """The centres of the finder patterns (x, y, module width): rows that cross one, gathered."""
    groups: list[list[tuple[float, float, float]]] = []
    for x, y, unit in _finder_rows(image):
        for group in groups:
            last_x, last_y, last_unit = group[-1]
            if abs(x - last_x) < 2 * last_unit and 0 < y - last_y <= 2:
                group.append((x, y, unit))
                break
        else:
            groups.append([(x, y, unit)])
    centres = []
    for group in groups:
        unit = sum(row[2] for row in group) / len(group)
        if len(group) >= 2 * unit:  # the pattern's centre is three modules tall
            centres.append((sum(row[0] for row in group) / len(group), sum(row[1] for row in group) / len(group), unit))
    return centres


def qr_modules(image: Image.Image, size: int) -> list[list[bool]] | None:
    """The dark and light modules of the ``size``×``size`` QR code on the image, or None if there is none."""
    finders = _finders(image)
    if len(finders) < 3:
        return None
    top_left = min(finders, key=lambda f: f[0] + f[1])
    others = [f for f in finders if f is not top_left]
    top_right = min(others, key=lambda f: abs(f[1] - top_left[1]) - f[0])  # level with it, furthest right
    module = (top_right[0] - top_left[0]) / (size - 7)
    if module < 1:
        return None
    pixels = image.load()
    width, height = image.size

    def dark(row: int, column: int) -> bool:
        x = round(top_left[0] + (column - 3) * module)
        y = round(top_left[1] + (row - 3) * module)
        return 0 <= x < width and 0 <= y < height and pixels[x, y] < DARK

    return [[dark(row, column) for column in range(size)] for row in range(size)]
