"""Idempotent intake under concurrency: the same key sent twice at once creates one matter."""

from __future__ import annotations

import json
import threading
from typing import Any

import pytest
from django.db import connection
from django.test import Client

from tests.petitions.matters.factories import build_matter_world
from xinfang.petitions.matters.models import Matter
from xinfang.petitions.matters.services import forget_calendar

from .test_matters_api import account, intake_body

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_simultaneous_replays_create_one_matter_and_answer_alike() -> None:
    forget_calendar()
    mw = build_matter_world()
    user = account("po_clerk", mw.district_po)
    body = json.dumps(intake_body(mw))
    barrier = threading.Barrier(2)
    results: list[tuple[int, Any]] = []

    def send() -> None:
        client = Client()
        client.force_login(user, backend="xinfang.access.backends.ModelBackend")
        barrier.wait()
        try:
            response = client.post(
                "/api/matters",
                data=body,
                content_type="application/json",
                headers={"Idempotency-Key": "simultaneous"},
            )
            results.append((response.status_code, response.json()))
        finally:
            connection.close()

    threads = [threading.Thread(target=send) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert [status for status, _ in results] == [201, 201]
    assert results[0][1] == results[1][1]
    assert Matter.objects.count() == 1
