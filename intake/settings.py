"""The one settings class of the service (env prefix ``EKLAIM_``)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Service settings; every field can be set as ``EKLAIM_<NAME>`` in the environment.

    The embedded defaults need no server: a SQLite file and a local blob folder under
    ``data_dir``. ``database_url`` switches to PostgreSQL, ``redis_url`` turns on the queue.
    """

    model_config = SettingsConfigDict(env_prefix="EKLAIM_", env_file=None, extra="ignore")

    environment: Literal["development", "test", "production"] = "development"
    require_api_key: bool | None = Field(
        default=None, description="Intake /v1 routes need the claim form's X-API-Key; default: only in production.")
    data_dir: Path = Field(default=Path("var"), description="Root for the SQLite file and blobs.")
    database_url: str | None = Field(default=None, description="SQLAlchemy URL; SQLite under data_dir when unset.")
    redis_url: str | None = Field(default=None, description="Redis URL; without it jobs run in-process.")
    blob_backend: Literal["local", "postgres"] = "local"

    # Intake limits.
    max_file_bytes: int = 10 * 1024 * 1024
    max_pdf_pages: int = 5
    max_image_pixels: int = 40_000_000
    min_image_side_px: int = 200
    pdf_parse_timeout_s: float = 5.0
    pdf_render_dpi: int = 200
    pdf_render_timeout_s: float = 30.0
    max_document_memory_mb: int = Field(
        default=256, ge=1, description="Working memory one document may take once decoded, estimated "
        "from its header before any decode (images: pixels x bytes per pixel + RGB working copies; "
        "PDFs: every page at its render resolution); above it the file is refused (too_much_memory).")

    # OCR.
    ocr_backend: Literal["paddleocr", "rapidocr"] = "paddleocr"
    ocr_threads: int = 2
    ocr_det_max_side: int = Field(
        default=1280, description="Detector input long side cap (0: full resolution). Measured on generated "
        "A4 pages: 1280 px reads the same fields as full resolution, ~30% faster.")
    ocr_det_max_side_cards: int = Field(
        default=800, ge=0, description="Detector input cap for the card slots (ktp, bpjs_card), below "
        "ocr_det_max_side (0: the same cap). Measured with bench/ocr_accuracy --types ktp,bpjs_card: see docs/benchmarks.md.")
    models_dir: Path | None = Field(default=None, description="Provisioned model folders; under data_dir when unset.")
    verify_processes: int = Field(
        default=0, ge=0, description="Processes reading a claim's documents at once in `eklaim verify` (0: one per "
        "CPU core, 1: in-process, one after another); each gets ocr_threads / processes ONNX threads (at least 1).")

    # Queue.
    queue_name: str = "eklaim"
    job_timeout_s: int = 300
    sweep_after_s: int = 600
    worker_max_jobs: int = Field(
        default=0, ge=0, description="A worker process exits after this many jobs and is replaced by a fresh one "
        "(0: never); bounds the memory native libraries leak in long-running processes.")
    worker_stop_timeout_s: float = Field(
        default=30.0, gt=0, description="`eklaim worker --processes N`: seconds a stop (SIGTERM) waits for "
        "running jobs before the worker processes are killed.")

    # Privacy (review pages, encryption at rest, retention): see intake/crypto.py.
    encryption_key: SecretStr | None = Field(default=None, description="Active AES-256 key, base64 (32 bytes).")
    encryption_key_file: Path | None = Field(default=None, description="Key file: one base64 key a line, the first active.")
    encryption_old_keys: SecretStr | None = Field(default=None, description="Retired keys, base64, comma-separated (decrypt only).")
    secret_key: SecretStr | None = Field(default=None, description="Signs sessions, CSRF cookies and claimant status links.")
    retention_days: int = Field(default=365, ge=1, description="Default age after which `eklaim purge` deletes claims.")

    # Network hardening (issue 12, see docs/security.md).
    webhook_allow_private: bool = Field(
        default=False, description="Allow webhook URLs to loopback/private/link-local addresses (development, tests).")
    trusted_proxies: str = Field(
        default="", description="Comma-separated proxy addresses/networks whose X-Forwarded-For is trusted; "
        "empty: none (the peer address is the client).")

    # Reviewer workbench (issue 17, see docs/review.md).
    review_sla_hours: float = Field(
        default=72.0, gt=0, description="Hours a submitted claim may wait for a reviewer: the worklist shows its age "
        "green below half of it, amber below it, red from it on.")
    qa_sample_share: float = Field(
        default=0.05, ge=0.0, le=1.0, description="Share of automatically clear claims routed to a reviewer for "
        "quality assurance (0: none, 1: all); chosen by a keyed hash of the claim id, stable across restarts.")
    four_eyes_min_balance: int | None = Field(
        default=None, ge=0, description="Approvals of claims whose JHT balance (Rupiah) is at least this need a "
        "second reviewer (four eyes); unset: no balance rule.")
    four_eyes_on_warn: bool = Field(
        default=False, description="Approvals of claims with a `warn` signal need a second reviewer (four eyes).")
    # Reviewer signals (issue 15, see docs/signals.md).
    signal_severity: str = Field(
        default="", description="Severity overrides, comma-separated code=info|warn (e.g. "
        "'photocopy=warn,nik_open_claims=info'); codes not named keep their default.")
    signal_key: SecretStr | None = Field(
        default=None, description="HMAC key of the signal index (account and NIK keyed hashes); "
        "derived from the service secret when unset.")
    reuse_max_distance: int = Field(
        default=3, ge=0, le=3, description="Largest Hamming distance (of 64 bits) between page hashes that "
        "counts as the same image; at most 3 (the four 16-bit bucket index guarantees those are found).")

    @property
    def signal_severity_overrides(self) -> dict[str, str]:
        """``signal_severity`` as ``{code: severity}``."""
        out: dict[str, str] = {}
        for part in self.signal_severity.split(","):
            if part.strip():
                code, _, sev = part.partition("=")
                out[code.strip()] = sev.strip()
        return out

    @field_validator("signal_severity")
    @classmethod
    def _check_signal_severity(cls, value: str) -> str:
        for part in value.split(","):
            if not part.strip():
                continue
            code, eq, sev = part.partition("=")
            if not eq or not code.strip() or sev.strip() not in ("info", "warn"):
                raise ValueError(f"EKLAIM_SIGNAL_SEVERITY: expected code=info|warn, got {part.strip()!r}")
        return value

    @property
    def trusted_proxy_list(self) -> list[str]:
        """``trusted_proxies`` as a list (empty: trust no forwarding header)."""
        return [p.strip() for p in self.trusted_proxies.split(",") if p.strip()]

    @property
    def resolved_database_url(self) -> str:
        """The database URL to use, defaulting to a SQLite file under ``data_dir``."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'eklaim.sqlite3').resolve()}"

    @property
    def max_document_memory_bytes(self) -> int:
        """``max_document_memory_mb`` in bytes."""
        return self.max_document_memory_mb * 1024 * 1024

    @property
    def api_key_required(self) -> bool:
        """Whether the intake API asks for an API key (always in production unless set)."""
        return self.environment == "production" if self.require_api_key is None else self.require_api_key

    @property
    def blob_dir(self) -> Path:
        """Folder of the local blob backend."""
        return self.data_dir / "blobs"

    @property
    def resolved_models_dir(self) -> Path:
        """Folder holding the provisioned OCR model folders."""
        return self.models_dir or (self.data_dir / "models")

    @model_validator(mode="after")
    def _refuse_unsafe_production(self) -> Settings:
        if self.environment == "production" and not self.database_url:
            raise ValueError("EKLAIM_DATABASE_URL must be set in production (no SQLite default)")
        return self


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """Return the process-wide settings (read once from the environment)."""
    return Settings()
