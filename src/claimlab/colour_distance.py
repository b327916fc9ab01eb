"""How far apart two colours look: CIEDE2000, with normal colour vision and with red-green deficiency.

A chart that tells categories apart by colour only works when a reader can see the difference.
``colour_distance`` gives the CIEDE2000 difference (Sharma, Wu and Dalal 2005) between two
sRGB colours; ``vision="deutan"`` or ``"protan"`` first simulates full deuteranopia or
protanopia with the matrices of Machado, Oliveira and Fernandes (2009, severity 1.0, applied to
linear sRGB). About 1 is the smallest difference most people notice side by side; small chart
marks need far more. ``closest_pair`` finds the two colours of a set that are hardest to tell apart.
"""

from __future__ import annotations

import itertools
import math

MACHADO_2009 = {  # severity 1.0, linear sRGB
    "deutan": ((0.367322, 0.860646, -0.227968), (0.280085, 0.672501, 0.047413), (-0.011820, 0.042940, 0.968881)),
    "protan": ((0.152286, 1.052583, -0.204868), (0.114503, 0.786281, 0.099216), (-0.003882, -0.048116, 1.051998)),
}
VISIONS = ("normal", "deutan", "protan")
D65 = (0.95047, 1.0, 1.08883)


def _linear(hex_colour: str) -> tuple[float, float, float]:
    text = hex_colour.strip().lstrip("#")
    if len(text) != 6 or any(ch not in "0123456789abcdefABCDEF" for ch in text):
        raise ValueError(f"{hex_colour!r} is not a colour like #E69F00")
    channels = [int(text[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return r, g, b


def _lab(rgb: tuple[float, float, float]) -> tuple[float, float, float]:
    r, g, b = rgb
    xyz = (0.4124564 * r + 0.3575761 * g + 0.1804375 * b,
           0.2126729 * r + 0.7151522 * g + 0.0721750 * b,
           0.0193339 * r + 0.1191920 * g + 0.9503041 * b)

    def f(t: float) -> float:
        return t ** (1 / 3) if t > (6 / 29) ** 3 else t / (3 * (6 / 29) ** 2) + 4 / 29

    fx, fy, fz = (f(v / n) for v, n in zip(xyz, D65))
    return 116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)


def simulated(rgb: tuple[float, float, float], vision: str) -> tuple[float, float, float]:
    """A linear-sRGB colour as a reader with this colour vision sees it ('normal', 'deutan', 'protan')."""
    if vision == "normal":
        return rgb
    if vision not in MACHADO_2009:
        raise ValueError(f"vision must be one of {', '.join(VISIONS)}, not {vision!r}")
    return tuple(min(1.0, max(0.0, sum(m * c for m, c in zip(row, rgb)))) for row in MACHADO_2009[vision])


def ciede2000(lab1: tuple[float, float, float], lab2: tuple[float, float, float]) -> float:
    """The CIEDE2000 colour difference of two CIELAB colours."""
    (l1, a1, b1), (l2, a2, b2) = lab1, lab2
    c_mean = (math.hypot(a1, b1) + math.hypot(a2, b2)) / 2
    g = 0.5 * (1 - math.sqrt(c_mean ** 7 / (c_mean ** 7 + 25 ** 7)))
    a1p, a2p = (1 + g) * a1, (1 + g) * a2
    c1p, c2p = math.hypot(a1p, b1), math.hypot(a2p, b2)
    h1p = math.degrees(math.atan2(b1, a1p)) % 360 if c1p else 0.0
    h2p = math.degrees(math.atan2(b2, a2p)) % 360 if c2p else 0.0
    dl, dc = l2 - l1, c2p - c1p
    if c1p * c2p == 0:
        dh = 0.0
    elif abs(h2p - h1p) <= 180:
        dh = h2p - h1p
    else:
        dh = h2p - h1p - 360 if h2p - h1p > 180 else h2p - h1p + 360
    d_big_h = 2 * math.sqrt(c1p * c2p) * math.sin(math.radians(dh / 2))
    l_mean, cp_mean = (l1 + l2) / 2, (c1p + c2p) / 2
    if c1p * c2p == 0:
        h_mean = h1p + h2p
    elif abs(h1p - h2p) <= 180:
        h_mean = (h1p + h2p) / 2
    else:
        h_mean = (h1p + h2p + 360) / 2 if h1p + h2p < 360 else (h1p + h2p - 360) / 2
    t = (1 - 0.17 * math.cos(math.radians(h_mean - 30)) + 0.24 * math.cos(math.radians(2 * h_mean))
         + 0.32 * math.cos(math.radians(3 * h_mean + 6)) - 0.20 * math.cos(math.radians(4 * h_mean - 63)))
    d_theta = 30 * math.exp(-(((h_mean - 275) / 25) ** 2))
    r_c = 2 * math.sqrt(cp_mean ** 7 / (cp_mean ** 7 + 25 ** 7))
    s_l = 1 + 0.015 * (l_mean - 50) ** 2 / math.sqrt(20 + (l_mean - 50) ** 2)
    s_c = 1 + 0.045 * cp_mean
    s_h = 1 + 0.015 * cp_mean * t
    r_t = -math.sin(math.radians(2 * d_theta)) * r_c
    return math.sqrt((dl / s_l) ** 2 + (dc / s_c) ** 2 + (d_big_h / s_h) ** 2 + r_t * (dc / s_c) * (d_big_h / s_h))


def colour_distance(colour1: str, colour2: str, vision: str = "normal") -> float:
    """The CIEDE2000 difference of two hex colours, as a reader with this colour vision sees them."""
    return ciede2000(_lab(simulated(_linear(colour1), vision)), _lab(simulated(_linear(colour2), vision)))


def closest_pair(colours: dict[str, str], vision: str = "normal") -> tuple[float, str, str]:
    """The two named colours of a set that are hardest to tell apart: (distance, name, name)."""
    pairs = [(colour_distance(c1, c2, vision), n1, n2)
             for (n1, c1), (n2, c2) in itertools.combinations(colours.items(), 2)]
    return min(pairs) if pairs else (math.inf, "", "")
