"""Errors of the ``ocr`` package that several of its modules raise.

:class:`OcrEngineError` lives here, below both ``ocr.engine`` (which runs the backends) and
``ocr.provision`` (which installs and checks their model files), so that neither imports the
other to raise it. ``ocr.engine`` re-exports it.
"""

from __future__ import annotations

from intake.errors import EklaimError
from ocr.messages import OcrCode, ocr_message


class OcrEngineError(EklaimError):
    """The OCR engine cannot run or failed on a page.

    Codes: ``ocr_models_missing`` (model folders absent), ``ocr_models_corrupt`` (a hash
    differs), ``ocr_failed`` (the engine raised while reading a page). ``detail`` is for
    operators' logs (paths, hashes, exception types), never recognised text.
    """

    http_status = 503

    def __init__(self, code: str, detail: str | None = None) -> None:
        known = code in (OcrCode.OCR_MODELS_MISSING, OcrCode.OCR_MODELS_CORRUPT, OcrCode.OCR_FAILED)
        super().__init__(code, ocr_message(code if known else OcrCode.OCR_FAILED))
        self.detail = detail

    def __str__(self) -> str:
        return f"{self.code}: {self.detail}" if self.detail else self.code


__all__ = ["OcrEngineError"]
