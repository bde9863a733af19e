"""Chinese characters: the one character class of the archive's trigram index and the extractor's text patterns.

A leaf module (no imports from the project, nothing heavy), so that the
crawler's pure extraction code can read it without loading the archive.
"""

from __future__ import annotations

import re

#: Chinese characters (CJK unified ideographs, extension A and B+, compatibility ideographs).
CJK_CLASS = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff"
#: a run of Chinese characters
CJK_RUN = re.compile(f"[{CJK_CLASS}]+")
