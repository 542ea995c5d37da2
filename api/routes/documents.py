"""Document uploads into a draft claim's slots (multipart, one file part named ``file``)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, File, Response, UploadFile, status

from api.deps import ClaimId, ServicesDep
from api.routes.common import document_public
from api.schemas import ErrorPublic, Slot, UploadPublic
from intake import claims
from intake.errors import EklaimError

router = APIRouter(prefix="/claims", tags=["documents"])


@router.put(
    "/{claim_id}/documents/{slot}",
    status_code=status.HTTP_201_CREATED,
    response_model=UploadPublic,
    responses={
        200: {"model": UploadPublic, "description": "The same bytes were already this slot's document."},
        404: {"model": ErrorPublic, "description": "No such claim."},
        409: {"model": ErrorPublic, "description": "The claim was submitted: no more uploads."},
        413: {"model": ErrorPublic, "description": "The body or the file is over the size limit."},
        415: {"model": ErrorPublic, "description": "Not an allowed format (``not_an_allowed_format``)."},
        422: {"model": ErrorPublic, "description": "A corrupt or invalid file (its intake reason code)."},
    },
)
def upload_document(
    claim_id: ClaimId,
    slot: Slot,
    file: Annotated[UploadFile, File(description="JPEG, PNG, BMP or PDF; the bytes decide the format.")],
    services: ServicesDep,
    response: Response,
) -> Any:
    """Upload (or replace) the document of a slot and queue it for reading.

    Idempotent: the same bytes again answer 200 with the same document and no new job; other
    bytes replace the slot's document (201) and are read again. The file name is metadata
    only (shown sanitised, never used as a path).
    """
    try:
        outcome = claims.store_upload(  # streamed: spooled, hashed, checked, encrypted a chunk at a time
            claim_id, slot, file.file, file.filename, services.dispatcher,
            settings=services.settings, store=services.store,
        )
    except EklaimError as exc:
        services.metrics.uploads.labels(exc.code).inc()
        raise
    finally:
        file.file.close()
    services.metrics.uploads.labels("created" if outcome.created else "unchanged").inc()
    if outcome.created:
        services.metrics.upload_bytes.inc(outcome.document.size)
    else:
        response.status_code = status.HTTP_200_OK
    return UploadPublic(**document_public(outcome.document).model_dump(), created=outcome.created)
