"""Prometheus metrics of the API process (one registry per app, served at ``/metrics``).

Request counters and latency come from ``api.middleware.MetricsMiddleware``; uploads are
counted by outcome code; queue depth and documents by state are read at scrape time (from the
dispatcher and the database), so every API replica reports the same truth.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)


class _StateCollector(Collector):
    """Gauges read at scrape time."""

    def __init__(self, queue_depth: Callable[[], int | None], document_states: Callable[[], dict[str, int]]) -> None:
        self.queue_depth = queue_depth
        self.document_states = document_states

    def collect(self) -> Iterator[Any]:
        depth = GaugeMetricFamily("eklaim_queue_depth", "Jobs waiting in the queue.")
        try:
            value = self.queue_depth()
        except Exception:  # noqa: BLE001 - a scrape must not fail on a broken queue
            value = None
        if value is not None:
            depth.add_metric([], float(value))
        yield depth
        docs = GaugeMetricFamily("eklaim_documents", "Current documents by processing state.", labels=["state"])
        try:
            states = self.document_states()
        except Exception:  # noqa: BLE001
            states = {}
        for state, count in sorted(states.items()):
            docs.add_metric([state], float(count))
        yield docs


class Metrics:
    """The metrics of one app."""

    content_type = CONTENT_TYPE_LATEST

    def __init__(self) -> None:
        """Create the registry and the metrics."""
        self.registry = CollectorRegistry()
        self.requests = Counter("eklaim_http_requests", "HTTP requests.", ["method", "route", "status"],
                                registry=self.registry)
        self.latency = Histogram("eklaim_http_request_seconds", "HTTP request latency.", ["method", "route"],
                                 buckets=LATENCY_BUCKETS, registry=self.registry)
        self.uploads = Counter("eklaim_uploads", "Document uploads by outcome code.", ["outcome"],
                               registry=self.registry)
        self.upload_bytes = Counter("eklaim_upload_bytes", "Bytes of accepted uploads.", registry=self.registry)

    def observe_request(self, method: str, route: str, status: int, seconds: float) -> None:
        """Count one request."""
        self.requests.labels(method, route, str(status)).inc()
        self.latency.labels(method, route).observe(seconds)

    def add_state_collector(self, queue_depth: Callable[[], int | None], document_states: Callable[[], dict[str, int]]) -> None:
        """Register the scrape-time gauges."""
        self.registry.register(_StateCollector(queue_depth, document_states))

    def render(self) -> bytes:
        """The text exposition format."""
        return generate_latest(self.registry)
