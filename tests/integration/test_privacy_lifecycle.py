"""The applicant's personal data through its lifecycle, on both backends: openings
recorded before the data is shown and listed in the accountability record, erasure
after the retention period that leaves every proof verifying, erasures re-applied
after a restore, and the private applicant index rebuilt from the vault."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from api.views.inspection import Inspection
from domain.errors import DomainError
from domain.privacy.retention import RetentionPolicy
from domain.privacy.service import ERASED, PersonalData
from ledger.audit import audit
from ledger.bundle import Selection, write_bundle
from ledger.export import export
from ledger.ledger import Ledger
from ledger.vault import ERASURE_LOG, Vault, reapply_erasures
from tests.support.request_office import ADMIN, PERSON, Office, open_office
from verify.bundle import verify_bundle
from verify.export import verify_export

ONE_YEAR = RetentionPolicy.from_mapping({"years": {"request": 1}})


@pytest.fixture
def office(database_url: str, tmp_path: Path) -> Iterator[Office]:
    yield from open_office(database_url, tmp_path)


def answered(office: Office, received_on: date) -> str:
    request = office.receive(received_on)
    office.services.requests.answer(
        request.id, office.handler, office.at(), on=received_on, outcome="unavailable.not_held",
        reasons="本机关未制作、获取该信息", articles=["36(四)"],
    )  # fmt: skip
    return str(request.number)


def privacy(office: Office) -> PersonalData:
    return PersonalData(office.services.office, office.services.requests)


def refused(code: str, command: object) -> None:
    with pytest.raises(DomainError) as caught:
        command()  # type: ignore[operator]
    assert caught.value.code == code, caught.value.message


class TestOpening:
    def test_an_opening_is_a_signed_entry_written_before_the_data_is_read(
        self, office: Office, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        number = answered(office, date(2025, 12, 1))
        service = privacy(office)
        seen: list[int] = []
        real = Vault.open_value

        def spy(vault: Vault, sealed: dict[str, str], path: str = "field") -> object:
            seen.append(len(service.record(service.requests.get(number).id).openings))
            return real(vault, sealed, path)

        monkeypatch.setattr(Vault, "open_value", spy)
        opening = service.open_request(
            number, office.handler, office.at(), purpose="handling", scope="officer_view"
        )
        assert seen and set(seen) == {1}  # every read came after the Opened entry
        values = {f.path: f.value for f in opening.fields}
        assert values["data.applicant"] == PERSON
        [entry] = service.record(opening.record).openings
        assert entry.type == "PersonalData.Opened" and entry.actor == office.handler
        assert (entry.data["purpose"], entry.data["fields"]) == (
            "handling",
            ["applicant", "description", "other_requests"],
        )
        assert PERSON["name"] not in repr(entry.data)

    def test_the_opening_appears_in_the_officers_accountability_record_with_its_reason(
        self, office: Office
    ) -> None:
        number = answered(office, date(2025, 12, 1))
        privacy(office).open_request(
            number, office.handler, office.at(), purpose="handling", scope="officer_view"
        )
        office.services.settle()
        record = Inspection(office.services).officer_record(office.handler, None, None).to_json()
        [opened] = [a for a in record["actions"] if a["type"] == "PersonalData.Opened"]
        facts = opened["personal_data"]
        assert (facts["number"], facts["purpose"]) == (number, "handling")
        assert facts["legal_basis"].startswith("PIPL Art. 13")
        assert PERSON["name"] not in repr(record)

    def test_only_officers_with_a_reason_to_may_open_and_only_for_a_known_purpose(
        self, office: Office
    ) -> None:
        number = answered(office, date(2025, 12, 1))
        service = privacy(office)
        at = office.at()
        refused("ROLE_REQUIRED", lambda: service.open_request(
            number, ADMIN, at, purpose="handling", scope="officer_view"))  # fmt: skip
        refused("ROLE_REQUIRED", lambda: service.open_request(
            number, office.handler, at, purpose="review", scope="bundle"))  # fmt: skip
        refused("PURPOSE_UNKNOWN", lambda: service.open_request(
            number, office.handler, at, purpose="curiosity", scope="officer_view"))  # fmt: skip


class TestErasure:
    def test_erasure_shreds_the_vault_rows_and_every_proof_still_verifies(
        self, office: Office, tmp_path: Path
    ) -> None:
        old, recent = answered(office, date(2025, 3, 2)), answered(office, date(2025, 12, 1))
        service, ledger = privacy(office), office.services.ledger
        due = service.due(date(2026, 3, 3), ONE_YEAR, 2027)
        assert [d.number for d in due] == [old]
        stream = due[0].record
        assert Vault(ledger.backend).rows_of(stream)
        office.services.settle()
        report_before = Inspection(office.services).annual_report(2025).report.sha256
        log = tmp_path / "data" / ERASURE_LOG
        service.erase(due, ADMIN, office.at(), log=log, years=dict(ONE_YEAR.years))
        assert Vault(ledger.backend).rows_of(stream) == []
        office.services.settle()  # the annual report counts the same requests as before
        assert Inspection(office.services).annual_report(2025).report.sha256 == report_before
        assert service.due(date(2026, 3, 3), ONE_YEAR, 2027) == []  # erased once only
        assert service.record(stream).erased is not None
        assert old in log.read_text() or stream in log.read_text()
        shown = service.open_request(
            recent, office.handler, office.at(), purpose="handling", scope="officer_view"
        )
        assert all(f.value is not None for f in shown.fields)
        at = office.at()
        refused("PERSONAL_DATA_ERASED", lambda: service.open_request(
            old, office.handler, at, purpose="handling", scope="officer_view"))  # fmt: skip
        ledger.integrate()
        assert audit(ledger).ok
        verify_export(_exported(ledger, tmp_path / "after.jsonl"), ledger.vkey())
        bundle = tmp_path / "erased.zip"
        summary = write_bundle(ledger, Selection("request", old), bundle, at=office.at(),
                               disclose=["applicant"], as_officer=office.head)  # fmt: skip
        assert summary.disclosed == 0 and summary.unavailable
        verify_bundle(bundle, ledger.vkey())
        assert "已删除 erased" in _zip_text(bundle, "data/report.html")
        assert ERASED.startswith("〔已删除")

    def test_erased_data_does_not_come_back_from_a_restored_backup(
        self, office: Office, tmp_path: Path, database_url: str
    ) -> None:
        if not database_url.startswith("sqlite"):
            pytest.skip("a SQLite file copy is the backup here")
        number = answered(office, date(2025, 3, 2))
        service = privacy(office)
        db = Path(database_url.removeprefix("sqlite:///"))
        backup = tmp_path / "backup.db"
        with sqlite3.connect(db) as live, sqlite3.connect(backup) as copy:
            live.backup(copy)  # a backup taken before the erasure (WAL included)
        due = service.due(date(2026, 3, 3), ONE_YEAR, 2027)
        log = tmp_path / "data" / ERASURE_LOG
        service.erase(due, ADMIN, office.at(), log=log, years=dict(ONE_YEAR.years))
        # restore: the backup file becomes the database of a server started afresh
        restored = Ledger.open(tmp_path / "data", f"sqlite:///{backup}")
        try:
            stream = due[0].record
            assert Vault(restored.backend).rows_of(stream)  # the backup brought them back
            assert reapply_erasures(restored.backend, log) > 0
            assert Vault(restored.backend).rows_of(stream) == []
            assert reapply_erasures(restored.backend, log) == 0  # idempotent
        finally:
            restored.close()
        assert number == due[0].number

    def test_vault_rows_put_back_by_a_restore_are_erased_again_on_both_backends(
        self, office: Office, tmp_path: Path
    ) -> None:
        answered(office, date(2025, 3, 2))
        backend, service = office.services.ledger.backend, privacy(office)
        with backend.transaction() as cur:  # what a backup of the vault table holds
            saved = cur.execute("SELECT commitment, value, nonce, stream, field FROM gk_vault")
            rows = saved.fetchall()
        due = service.due(date(2026, 3, 3), ONE_YEAR, 2027)
        log = tmp_path / "data" / ERASURE_LOG
        service.erase(due, ADMIN, office.at(), log=log, years=dict(ONE_YEAR.years))
        with backend.transaction(write=True) as cur:  # the restore brings them back
            cur.execute("DELETE FROM gk_vault")
            cur.executemany("INSERT INTO gk_vault VALUES (?,?,?,?,?)", rows)
        log.unlink()  # even without the log file, the Erased entries name the rows
        assert reapply_erasures(backend, log) == len(due[0].commitments)
        assert Vault(backend).rows_of(due[0].record) == []

    def test_answered_complaints_and_decided_topics_are_erased_and_open_ones_kept(
        self, office: Office, tmp_path: Path
    ) -> None:
        services, ledger = office.services, office.services.ledger
        approver = services.office.add_officer(ADMIN, "郑洁", "办公室", ["approver"], office.at())
        complaints, topics = services.complaints, services.topics
        filing = {"kind": "complaint", "filed_on": date(2026, 1, 5), "about": None, "days": 15,
                  "complainant": {"name": "李四", "contact": "13900139000"},
                  "text": "李四投诉：答复逾期"}  # fmt: skip
        answered_one = complaints.file(office.handler, office.at(), **filing)  # type: ignore[arg-type]
        still_open = complaints.file(office.handler, office.at(), **filing)  # type: ignore[arg-type]
        complaints.answer(answered_one.number, office.head, office.at(), on=date(2026, 1, 6),
                          result="upheld", reply="已督促整改")  # fmt: skip
        proposal = {"on": date(2026, 1, 5), "text": "请公开停车场收费标准",
                    "contact": {"name": "王五", "contact": "13700137000"}}  # fmt: skip
        declined = topics.propose(office.handler, office.at(), **proposal)  # type: ignore[arg-type]
        undecided = topics.propose(office.handler, office.at(), **proposal)  # type: ignore[arg-type]
        topics.moderate(declined.number, approver, office.at(), accepted=False,
                        reason="已主动公开", public_text=None)  # fmt: skip
        ledger.integrate()
        policy = RetentionPolicy.from_mapping({"years": {"complaint": 1, "topic": 1}})
        service, vault = privacy(office), Vault(ledger.backend)
        assert service.due(date(2027, 1, 4), policy, 2028) == []  # not a day early
        due = service.due(date(2027, 1, 6), policy, 2028)
        assert [(d.number, d.record_class, d.last_on) for d in due] == [
            (answered_one.number, "complaint", date(2026, 1, 6)),
            (declined.number, "topic", date(2026, 1, 5)),
        ]
        kept = [complaints._stream(still_open.number), topics._stream(undecided.number)]
        assert all(vault.rows_of(stream) for stream in kept)
        log = tmp_path / "data" / ERASURE_LOG
        service.erase(due, ADMIN, office.at(), log=log, years=dict(policy.years))
        sealed = {"complaint": ["data.complainant", "data.text"],
                  "topic": ["data.contact", "data.text"]}  # fmt: skip
        for item in due:
            assert vault.rows_of(item.record) == []
            erased = service.record(item.record).erased
            assert erased is not None and erased.data["fields"] == sealed[item.record_class]
            assert erased.data["retention"]["class"] == item.record_class  # type: ignore[index]
        assert all(vault.rows_of(stream) for stream in kept)
        assert complaints.get(answered_one.number).result == "upheld"  # the answer stays
        assert service.due(date(2027, 1, 6), policy, 2028) == []
        ledger.integrate()
        assert audit(ledger).ok
        verify_export(_exported(ledger, tmp_path / "after.jsonl"), ledger.vkey())

    def test_retention_periods_come_from_configuration_and_bad_ones_are_refused(self) -> None:
        assert RetentionPolicy.from_mapping(None).years == {
            "request": 10,
            "request_with_remedy": 30,
            "complaint": 10,
            "topic": 10,
        }
        for bad in ({"years": {"request": 0}}, {"years": {"letters": 5}}):
            refused("RETENTION_INVALID", lambda bad=bad: RetentionPolicy.from_mapping(bad))


class TestPrivateIndex:
    def test_the_index_is_rebuilt_from_the_ledger_and_the_vault(self, office: Office) -> None:
        first, second = office.receive(date(2026, 1, 5)), office.receive(date(2026, 1, 6))
        applicants = office.services.requests.applicants
        before = applicants.same_month(first.id, date(2026, 1, 5))
        applicants.vault.clear_index()  # as after a restore: the index is not backed up
        assert applicants.vault.index_size() == 0
        assert applicants.same_month(first.id, date(2026, 1, 5)) == before  # rebuilt
        assert applicants.rebuild(2027) == 2
        assert applicants.same_month(first.id, date(2026, 1, 5)) == before
        assert before == [(second.id, str(second.number))]


def _exported(ledger: Ledger, path: Path) -> Path:
    export(ledger, path)
    return path


def _zip_text(path: Path, member: str) -> str:
    import zipfile

    with zipfile.ZipFile(path) as bag:
        [name] = [n for n in bag.namelist() if n.endswith(member)]
        return bag.read(name).decode("utf-8")
