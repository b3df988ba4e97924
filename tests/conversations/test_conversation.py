"""Issue 12, items 7 and 8: a conversation per case between the patient's side and the care
team — attachments through the documents module, unread counts, new messages without reloading,
e-mail batched in the recipient's language, every read and write audited — and the notification
centre (stage moves, review decisions, messages, to-dos, estimates, letters, tomorrow's
appointments), each also by e-mail as the person prefers."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from cartnav.audit.models import AuditRecord
from cartnav.conversations import services as conversations
from cartnav.conversations.models import Message
from cartnav.notifications import services as notifications
from cartnav.notifications.models import Notification, Preference
from cartnav.patients.stages import Stage
from cartnav.plans.models import TreatmentPlan
from tests.cast import Cast

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _send(client: Any, url: str, body: str, **extra: Any) -> Any:
    return client.post(url, {"body": body, **extra})


def test_a_message_goes_both_ways_with_unread_counts_and_an_attachment(
    cast: Cast, django_capture_on_commit_callbacks: Any
) -> None:
    url = f"/cases/{cast.ana_case.pk}/messages/"
    ana, cora = cast.client("ana"), cast.client("cora")
    cast.ana_case.coordinator = cast.users["cora"]
    cast.ana_case.save()
    with django_capture_on_commit_callbacks(execute=True):
        assert _send(ana, url, "Can my daughter stay <b>with me</b>?").status_code == 302
    assert conversations.unread(cast.users["cora"], [cast.ana_case.pk]) == {cast.ana_case.pk: 1}
    told = Notification.objects.get(user=cast.users["cora"])
    assert told.kind == "message" and cast.ana_case.number in told.text
    page = cora.get(url).content.decode()
    assert "Can my daughter stay &lt;b&gt;with me&lt;/b&gt;?" in page  # text, never HTML
    assert conversations.unread(cast.users["cora"], [cast.ana_case.pk]) == {}
    assert AuditRecord.objects.filter(action="read_messages", username="cora").exists()
    upload = SimpleUploadedFile("room.pdf", PDF, content_type="application/pdf")
    with django_capture_on_commit_callbacks(execute=True):
        _send(cora, url, "Yes. Here is the room plan.", file=upload)
    message = Message.objects.latest("pk")
    assert message.document is not None and message.document.case == cast.ana_case
    assert message.author_role == "coordinator"
    assert Notification.objects.filter(user=cast.users["ana"], kind="message").count() == 1
    assert Notification.objects.filter(user=cast.users["carla"], kind="message").count() == 1
    me = ana.get("/me/").content.decode()
    assert 'class="badge unread-messages">1<' in me
    assert AuditRecord.objects.filter(action="write_message").count() == 2


def test_new_messages_arrive_without_reloading(cast: Cast) -> None:
    url = f"/cases/{cast.ana_case.pk}/messages/"
    ana = cast.client("ana")
    first = conversations.post(None, cast.ana_case, "hello", by=cast.users["ana"])
    conversations.post(None, cast.ana_case, "welcome", by=cast.users["cora"])
    poll = ana.get(f"{url}?after={first.pk}", HTTP_HX_REQUEST="true").content.decode()
    assert "welcome" in poll and "hello" not in poll and "<html" not in poll
    assert 'id="poll"' in poll  # the next poll asks after the newest
    quiet = ana.get(f"{url}?after={Message.objects.latest('pk').pk}", HTTP_HX_REQUEST="true")
    assert "message" not in quiet.content.decode().split('id="poll"')[0]


def test_who_takes_part(cast: Cast) -> None:
    url = f"/cases/{cast.ana_case.pk}/messages/"
    assert cast.client("rita").get(url).status_code == 403  # the reviewer is not in it
    assert cast.client("dan").get(url).status_code == 404  # another hospital
    assert cast.client("ali").get(url).status_code in (403, 404)
    assert _send(cast.client("nils"), url, "from the ward").status_code == 302
    assert _send(cast.client("ben"), url, "not my case").status_code == 404
    assert Message.objects.count() == 1


@pytest.mark.parametrize("body", ["", "   ", "x" * 4001])
def test_an_empty_or_too_long_message_is_refused(cast: Cast, body: str) -> None:
    response = _send(cast.client("ana"), f"/cases/{cast.ana_case.pk}/messages/", body)
    assert response.status_code == 422 and 'data-field="body"' in response.content.decode()
    assert not Message.objects.exists()


def test_a_refused_attachment_writes_nothing(cast: Cast) -> None:
    bad = SimpleUploadedFile("x.exe", b"MZ\x90\x00", content_type="application/octet-stream")
    response = _send(
        cast.client("ana"), f"/cases/{cast.ana_case.pk}/messages/", "see file", file=bad
    )
    assert response.status_code == 422
    assert not Message.objects.exists() and not cast.ana_case.documents.exists()


def test_the_api_reads_and_writes(cast: Cast) -> None:
    url = f"/api/v1/cases/{cast.ana_case.pk}/messages"
    made = cast.client("ana").post(url, {"body": "hi"}, content_type="application/json")
    assert made.status_code == 201 and made.json()["author"] == "ana"
    listed = cast.client("cora").get(f"{url}?after=0").json()
    assert [m["body"] for m in listed] == ["hi"]
    assert cast.client("cora").get(f"{url}?after=-1").status_code == 422
    assert cast.client("rita").get(url).status_code == 403
    empty = cast.client("ana").post(url, {"body": ""}, content_type="application/json")
    assert empty.status_code == 422


def test_e_mail_is_batched_in_each_person_s_language(
    cast: Cast, django_capture_on_commit_callbacks: Any
) -> None:
    cast.ana_case.coordinator = cast.users["cora"]
    cast.ana_case.save()
    cora = cast.users["cora"]
    cora.language = "zh-hans"
    cora.email = "cora@hospital.example"
    cora.save()
    for n in range(5):
        with django_capture_on_commit_callbacks(execute=True):
            conversations.post(None, cast.ana_case, f"question {n}", by=cast.users["ana"])
    mail.outbox.clear()
    assert notifications.send_digests() >= 1
    to_cora = [m for m in mail.outbox if m.to == ["cora@hospital.example"]]
    assert len(to_cora) == 1  # five messages, one e-mail
    assert "5" in to_cora[0].subject and "条" in to_cora[0].subject  # in Chinese
    mail.outbox.clear()
    assert notifications.send_digests() == 0  # nothing new: nothing sent


def test_the_preference_is_respected(cast: Cast, django_capture_on_commit_callbacks: Any) -> None:
    ana = cast.users["ana"]
    ana.email = "ana@example.org"
    ana.save()
    client = cast.client("ana")
    client.post("/notifications/", {"action": "preference", "email": "none"})
    assert Preference.objects.get(user=ana).email == "none"
    notifications.notify([ana], "quote", cast.ana_case, lambda: "x", "/me/")
    mail.outbox.clear()
    notifications.send_digests()
    assert not [m for m in mail.outbox if m.to == ["ana@example.org"]]
    client.post("/notifications/", {"action": "preference", "email": "daily"})
    now = timezone.now()
    notifications.notify([ana], "quote", cast.ana_case, lambda: "y", "/me/")
    notifications.send_digests(now)
    notifications.notify([ana], "quote", cast.ana_case, lambda: "z", "/me/")
    notifications.send_digests(now + dt.timedelta(hours=1))  # within the day: held back
    assert len([m for m in mail.outbox if m.to == ["ana@example.org"]]) == 1
    notifications.send_digests(now + dt.timedelta(days=1))
    assert len([m for m in mail.outbox if m.to == ["ana@example.org"]]) == 2
    bad = client.post("/notifications/", {"action": "preference", "email": "hourly"})
    assert bad.status_code == 422


def test_the_centre_lists_marks_read_and_opens(
    cast: Cast, django_capture_on_commit_callbacks: Any
) -> None:
    from cartnav.patients.services import change_stage

    with django_capture_on_commit_callbacks(execute=True):
        change_stage(None, cast.ana_case, Stage.SCREENING, "start", by=cast.users["cora"])
    ana = cast.client("ana")
    page = ana.get("/me/").content.decode()
    assert 'id="unread-count">1<' in page
    row = Notification.objects.get(user=cast.users["ana"])
    assert row.kind == "stage"
    centre = ana.get("/notifications/").content.decode()
    assert cast.ana_case.number in centre
    opened = ana.get(f"/notifications/{row.pk}/")
    assert opened.status_code == 302 and opened["Location"] == "/me/"
    row.refresh_from_db()
    assert row.read_at is not None
    other = Notification.objects.create(
        user=cast.users["ben"], kind="quote", text="theirs", url="/"
    )
    assert ana.get(f"/notifications/{other.pk}/").status_code == 404


def test_tomorrow_s_appointments_are_told_once(cast: Cast) -> None:
    today = dt.date(2027, 1, 19)
    TreatmentPlan.objects.create(
        case=cast.ana_case,
        option="axi-cel",
        stay_source="x",
        lymphodepletion=dt.date(2027, 1, 20),
    )
    assert notifications.remind_tomorrow(today) == 2  # ana and carla, her proxy
    assert notifications.remind_tomorrow(today) == 0  # the job ran twice: nobody told twice
    text = Notification.objects.get(user=cast.users["ana"]).text
    assert text.startswith("Tomorrow:") and cast.hospital_a.name in text
