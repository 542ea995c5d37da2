"""OCR pipeline: page images, normalisation, quality, engines, classification, extraction."""
