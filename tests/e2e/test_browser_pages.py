"""The public pages in a real headless Chromium, against `gongkai serve` as a subprocess.

The verify page must say "published" for a published document, "not found" when one
byte changed, and "signature invalid" when the checkpoint is forged or the visitor's
own key does not match; its canonical JSON, Merkle and signature code must reproduce
the contract and RFC 6962 vectors. Screenshots of every public page are saved under
``test-artifacts/screenshots/``.

Needs the Debian package ``chromium`` (``make test`` installs it when it can) and the
Python package ``playwright`` (dev extra); Playwright's own browser download is never
used. Without either the module is skipped with a message saying so; with
``GONGKAI_REQUIRE_BROWSER=1`` (set by ``.ci/run``) every browser test fails instead.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any, NoReturn

import httpx
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from api.services import Services
from verify.note import Vkey

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
VECTORS = ROOT / "tests" / "vectors"
ORIGIN = "browser.gongkai.local/gongkai"
PASSPHRASE = "browser-test-passphrase"
T0 = datetime(2026, 3, 2, 1, 30, tzinfo=UTC)
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DOCUMENT = "示范市2026年财政预算公开说明\n一、收入预算……\n".encode()
RULES_V1 = "示范市政府信息公开工作规定（原文）\n".encode()
RULES_V2 = "示范市政府信息公开工作规定（更正后）\n".encode()
STATISTICS = "2025年统计公报（有误）\n".encode()
INTERNAL = "内部工作流程说明（不予公开）\n".encode()
ON_REQUEST = "某某项目环境影响评价报告（依申请提供）\n".encode()
GUIDE: dict[str, object] = {
    "office_name": "示范市人民政府办公室政务公开科",
    "address": "示范市人民路1号",
    "hours": "工作日 9:00–17:00",
    "phone": "010-12345678",
    "supervisor": "示范市政务公开办公室",
    "complaint_days": "15",
    "portal_officer": "officer-0006",
}
DONE = "#result:not([data-status=idle]):not([data-status=working])"


def _chromium() -> str | None:
    for candidate in (
        "/usr/bin/chromium",
        shutil.which("chromium"),
        shutil.which("chromium-browser"),
    ):
        if candidate and Path(candidate).exists():
            return candidate
    return None


REQUIRE_BROWSER = os.environ.get("GONGKAI_REQUIRE_BROWSER") == "1"


def _no_browser(reason: str) -> NoReturn:
    """Skip, or fail when the browser tests are required (``GONGKAI_REQUIRE_BROWSER=1``)."""
    if REQUIRE_BROWSER:
        pytest.fail(f"browser required (GONGKAI_REQUIRE_BROWSER=1): {reason}", pytrace=False)
    pytest.skip(f"browser tests skipped: {reason}")


CHROMIUM = _chromium()
try:
    from playwright import sync_api
except ImportError:
    sync_api = None
MISSING = (
    "no Chromium found (install the Debian package `chromium`; "
    "`make test` tries apt-get install -y chromium)"
    if CHROMIUM is None
    else "the Python package playwright is missing (pip install -e '.[dev]')"
    if sync_api is None
    else None
)
if MISSING and not REQUIRE_BROWSER:  # when required, the browser fixture fails instead
    pytest.skip(f"browser tests skipped: {MISSING}", allow_module_level=True)


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# -- the ledger and the server ----------------------------------------------------------


@dataclass
class Office:
    services: Services
    officers: dict[str, str]
    items: dict[str, str]
    clock: datetime = T0

    def at(self) -> datetime:
        self.clock += timedelta(minutes=5)
        return self.clock

    def publish(self, name: str, content: bytes, title: str, category: str) -> str:
        item_id = self.reviewed(name, content, title, category, "proactive")
        self.release(item_id, content, date(2026, 3, 4))
        return item_id

    def reviewed(self, name: str, content: bytes, title: str, category: str, attribute: str) -> str:
        """Drafted and through attribute review as ``attribute``."""
        o = self.officers
        item_id = self.services.items.draft(
            o["drafter"],
            self.at(),
            title=title,
            category=category,
            doc_number=f"示政发〔2026〕{len(self.items) + 1}号",
            formed_on=date(2026, 3, 2),
            attribute=attribute,
            attribute_basis="依《政府信息公开条例》",
            content=content,
        ).id
        self.services.items.review_attribute(
            item_id, o["attribute_reviewer"], self.at(), attribute=attribute, basis="同意"
        )
        self.items[name] = item_id
        return item_id

    def approved(self, item_id: str, content: bytes) -> None:
        items, o, digest = self.services.items, self.officers, sha(content)
        items.review_secrecy(
            item_id, o["secrecy_reviewer"], self.at(), content_sha256=digest, result="passed"
        )
        items.approve(item_id, o["approver"], self.at(), content_sha256=digest)

    def release(self, item_id: str, content: bytes, on: date) -> None:
        items, o, digest = self.services.items, self.officers, sha(content)
        self.approved(item_id, content)
        items.publish(
            item_id,
            o["approver"],
            self.at(),
            content_sha256=digest,
            channel="政府网站",
            url="https://www.example.gov.cn/zwgk/1.html",
            published_on=on,
        )


def build_ledger(data: Path) -> dict[str, str]:
    """A published document, a corrected one and a withdrawn one; returns item ids."""
    services = Services.open(data)
    try:
        services.office.initialise(ORIGIN, "示范市人民政府办公室", "管理员", T0)
        roles = ["drafter", "attribute_reviewer", "secrecy_reviewer", "approver", "request_handler"]
        officers = {
            role: services.office.add_officer("officer-0001", f"官员{n}", "政务公开科", [role], T0)
            for n, role in enumerate(roles)
        }
        office = Office(services, officers, {})
        office.publish("budget", DOCUMENT, "示范市2026年财政预算公开说明", "budgets")
        rules = office.publish("rules", RULES_V1, "示范市政府信息公开工作规定", "rules")
        services.items.correct(
            rules,
            officers["drafter"],
            office.at(),
            changed_on=date(2026, 3, 9),
            reason="更正文字错误",
            content=RULES_V2,
        )
        office.release(rules, RULES_V2, date(2026, 3, 10))
        statistics = office.publish("statistics", STATISTICS, "2025年统计公报", "statistics")
        services.items.withdraw(
            statistics,
            officers["approver"],
            office.at(),
            reason="error",
            legal_basis="《政府信息公开条例》第六条",
            withdrawn_on=date(2026, 3, 11),
        )
        internal = office.reviewed("internal", INTERNAL, "内部工作流程说明", "other", "withheld")
        services.items.file_non_disclosure(
            internal,
            officers["approver"],
            office.at(),
            ground="art16.internal_affairs",
            basis="《政府信息公开条例》第十六条第一款",
        )
        on_request = office.reviewed(
            "on_request", ON_REQUEST, "环境影响评价报告", "other", "on_request"
        )
        office.approved(on_request, ON_REQUEST)
        receive_and_answer(office)
        services.office.publish_guide("officer-0001", GUIDE, office.at())
        services.settle()
        return office.items
    finally:
        services.close()


def receive_and_answer(office: Office) -> None:
    """A request answered with the published document, and one still open."""
    requests, handler = office.services.requests, office.officers["request_handler"]
    answered = requests.receive(
        handler,
        office.at(),
        channel="in-person",
        received_on=date(2026, 3, 3),
        applicant={"name": "申请人甲"},
        applicant_type="natural-person",
        description="申请公开2026年财政预算说明",
    )
    requests.answer(
        answered.id,
        handler,
        office.at(),
        on=date(2026, 3, 12),
        outcome="disclosed",
        item_ids=[office.items["budget"]],
    )
    provided = requests.receive(
        handler,
        office.at(),
        channel="online",
        received_on=date(2026, 3, 12),
        applicant={"name": "申请人乙"},
        applicant_type="natural-person",
        description="申请公开某某项目环境影响评价报告",
    )
    requests.confirm_receipt(provided.id, handler, office.at(), on=date(2026, 3, 12))
    requests.answer(
        provided.id,
        handler,
        office.at(),
        on=date(2026, 3, 16),
        outcome="disclosed",
        item_ids=[office.items["on_request"]],
    )
    requests.receive(
        handler,
        office.at(),
        channel="post",
        received_on=date(2026, 3, 13),
        applicant={"name": "某某研究院"},
        applicant_type="research",
        description="申请公开某项统计数据",
    )


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Server:
    url: str
    items: dict[str, str]
    vkey: str
    data: Path | None = None


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    data = tmp_path_factory.mktemp("browser") / "data"
    env = {**os.environ, "GONGKAI_KEY_PASSPHRASE": PASSPHRASE}
    env.pop("GONGKAI_DATABASE_URL", None)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("GONGKAI_KEY_PASSPHRASE", PASSPHRASE)
        patch.delenv("GONGKAI_DATABASE_URL", raising=False)
        items = build_ledger(data)
    port = _free_port()
    gongkai = Path(sys.executable).with_name("gongkai")
    command = [str(gongkai), "--data", str(data), "serve", "--host", "127.0.0.1"]
    process = subprocess.Popen(
        [*command, "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        vkey = _wait_until_ready(url, process)
        yield Server(url, items, vkey, data)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_until_ready(url: str, process: subprocess.Popen[bytes]) -> str:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            stderr = process.stderr.read().decode() if process.stderr else ""
            pytest.fail(f"gongkai serve exited with {process.returncode}: {stderr[-2000:]}")
        try:
            if httpx.get(f"{url}/readyz", timeout=1).status_code == 200:
                return httpx.get(f"{url}/v1/vkey", timeout=5).text.strip()
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    pytest.fail("gongkai serve did not become ready within 30 s")


# -- the browser ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if MISSING:
        _no_browser(MISSING)
    with sync_api.sync_playwright() as playwright:
        try:
            launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        except sync_api.Error as exc:
            _no_browser(f"Chromium at {CHROMIUM} did not start: {exc}")
        yield launched
        launched.close()


@dataclass
class Tab:
    """One page, with the JavaScript errors it raised."""

    page: Any
    errors: list[str]


@pytest.fixture
def tab(browser: Any) -> Iterator[Tab]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    yield Tab(page, errors)
    context.close()


def verify_file(tab: Tab, server: Server, path: Path, vkey: str | None = None) -> str:
    """Open the verify page, optionally paste a key, pick the file; return data-status."""
    page = tab.page
    page.goto(f"{server.url}/verify")
    if vkey is not None:
        page.fill("#vkey", vkey)
    page.set_input_files("#file", str(path))
    result = page.wait_for_selector(DONE, timeout=20_000)
    return str(result.get_attribute("data-status"))


def result_text(tab: Tab) -> str:
    return str(tab.page.inner_text("#result"))


def screenshot(tab: Tab, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    tab.page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


# -- the verify page -----------------------------------------------------------------------


class TestVerifyPage:
    def test_verify_page_says_published_for_a_published_document(
        self, tab: Tab, server: Server, tmp_path: Path
    ) -> None:
        status = verify_file(tab, server, write(tmp_path, "预算说明.txt", DOCUMENT))
        text = result_text(tab)
        screenshot(tab, "verify-published")
        assert status == "published", text
        assert "已发布 PUBLISHED" in text
        assert "2026-03-04" in text and "current version" in text
        assert "《示范市2026年财政预算公开说明》" in text
        assert "依申请提供 PROVIDED — 申请 request 2026-0001" in text  # the answer cites it
        assert sha(DOCUMENT) in text
        assert "checkpoint signature (Ed25519) verified" in text
        assert "inclusion proofs (RFC 9162) verified" in text
        assert "entry signatures verified" in text
        assert tab.errors == []

    def test_verify_page_says_not_found_when_one_byte_is_changed(
        self, tab: Tab, server: Server, tmp_path: Path
    ) -> None:
        changed = bytearray(DOCUMENT)
        changed[-1] ^= 0x01
        status = verify_file(tab, server, write(tmp_path, "改动.txt", bytes(changed)))
        text = result_text(tab)
        screenshot(tab, "verify-not-found")
        assert status == "not-found", text
        assert "未找到 NOT FOUND" in text
        assert "no published document has this fingerprint" in text
        assert sha(bytes(changed)) in text

    def test_verify_page_says_signature_invalid_when_the_served_checkpoint_is_forged(
        self, tab: Tab, server: Server, tmp_path: Path
    ) -> None:
        note = httpx.get(f"{server.url}/v1/checkpoint").text
        tab.page.route(
            "**/v1/checkpoint",
            lambda route: route.fulfill(status=200, body=forge_signature(note)),
        )
        status = verify_file(tab, server, write(tmp_path, "预算说明.txt", DOCUMENT))
        text = result_text(tab)
        screenshot(tab, "verify-signature-invalid")
        assert status == "signature-invalid", text
        assert "签名无效 SIGNATURE INVALID" in text
        assert "已发布" not in text

    def test_verify_page_says_signature_invalid_when_the_checkpoint_root_is_swapped(
        self, tab: Tab, server: Server, tmp_path: Path
    ) -> None:
        note = httpx.get(f"{server.url}/v1/checkpoint").text
        lines = note.split("\n")
        lines[2] = base64.b64encode(bytes(32)).decode()  # another root, the old signature
        tab.page.route(
            "**/v1/checkpoint", lambda route: route.fulfill(status=200, body="\n".join(lines))
        )
        status = verify_file(tab, server, write(tmp_path, "预算说明.txt", DOCUMENT))
        assert status == "signature-invalid", result_text(tab)

    def test_verify_page_says_signature_invalid_for_another_pasted_key(
        self, tab: Tab, server: Server, tmp_path: Path
    ) -> None:
        other = (
            Ed25519PrivateKey.generate().public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
        )
        stranger = Vkey.for_key(ORIGIN, other).to_text()
        status = verify_file(tab, server, write(tmp_path, "预算说明.txt", DOCUMENT), stranger)
        text = result_text(tab)
        assert status == "signature-invalid", text
        assert "the checkpoint is not signed by this key" in text
        assert "pasted by you" in text

    def test_verify_page_uses_the_key_the_visitor_pasted(
        self, tab: Tab, server: Server, tmp_path: Path
    ) -> None:
        status = verify_file(tab, server, write(tmp_path, "预算说明.txt", DOCUMENT), server.vkey)
        text = result_text(tab)
        assert status == "published", text
        assert "pasted by you" in text

    def test_verify_page_refuses_a_pasted_key_whose_hash_does_not_match(
        self, tab: Tab, server: Server, tmp_path: Path
    ) -> None:
        name, key_hash, key = server.vkey.split("+", 2)
        broken = f"{name}+{'0' * 8 if key_hash != '0' * 8 else '1' * 8}+{key}"
        status = verify_file(tab, server, write(tmp_path, "预算说明.txt", DOCUMENT), broken)
        assert status == "key-invalid", result_text(tab)
        assert "公钥无效 KEY INVALID" in result_text(tab)

    def test_verify_page_says_superseded_for_a_corrected_version(
        self, tab: Tab, server: Server, tmp_path: Path
    ) -> None:
        status = verify_file(tab, server, write(tmp_path, "规定-原文.txt", RULES_V1))
        text = result_text(tab)
        screenshot(tab, "verify-superseded")
        assert status == "superseded", text
        assert "已被更正 SUPERSEDED" in text and "2026-03-09" in text

    def test_verify_page_says_current_for_the_correction_itself(
        self, tab: Tab, server: Server, tmp_path: Path
    ) -> None:
        status = verify_file(tab, server, write(tmp_path, "规定-更正.txt", RULES_V2))
        assert status == "published", result_text(tab)
        assert "2026-03-10" in result_text(tab)

    def test_verify_page_says_withdrawn_for_a_withdrawn_document(
        self, tab: Tab, server: Server, tmp_path: Path
    ) -> None:
        status = verify_file(tab, server, write(tmp_path, "统计公报.txt", STATISTICS))
        text = result_text(tab)
        screenshot(tab, "verify-withdrawn")
        assert status == "withdrawn", text
        assert "已撤回 WITHDRAWN" in text and "2026-03-11" in text

    def test_verify_page_says_withheld_for_a_document_filed_as_not_to_be_disclosed(
        self, tab: Tab, server: Server, tmp_path: Path
    ) -> None:
        status = verify_file(tab, server, write(tmp_path, "内部.txt", INTERNAL))
        text = result_text(tab)
        assert status == "withheld", text
        assert "不予公开 WITHHELD" in text and "内部事务信息" in text

    def test_verify_page_says_provided_for_a_document_given_only_on_request(
        self, tab: Tab, server: Server, tmp_path: Path
    ) -> None:
        status = verify_file(tab, server, write(tmp_path, "环评报告.txt", ON_REQUEST))
        text = result_text(tab)
        screenshot(tab, "verify-provided")
        assert status == "provided", text
        assert "依申请提供 PROVIDED" in text and "2026-03-16" in text
        assert "未发布 NOT PUBLISHED" in text  # the item itself was never published

    def test_verify_page_says_verification_failed_when_a_proof_is_tampered(
        self, tab: Tab, server: Server, tmp_path: Path
    ) -> None:
        def tampered(route: Any) -> None:
            proof = route.fetch().json()
            proof["hashes"][0] = "00" * 32
            route.fulfill(status=200, json=proof)

        tab.page.route("**/v1/proof/inclusion*", tampered)
        status = verify_file(tab, server, write(tmp_path, "预算说明.txt", DOCUMENT))
        assert status == "proof-invalid", result_text(tab)
        assert "another root" in result_text(tab)

    def test_verify_page_checks_a_fingerprint_given_in_the_address(
        self, tab: Tab, server: Server
    ) -> None:
        tab.page.goto(f"{server.url}/verify?sha256={sha(DOCUMENT)}")
        result = tab.page.wait_for_selector(DONE, timeout=20_000)
        assert result.get_attribute("data-status") == "published", result_text(tab)


def forge_signature(note: str) -> str:
    """The same note with one bit of its Ed25519 signature flipped."""
    body, _, signature_line = note.rstrip("\n").rpartition("\n")
    prefix, _, blob = signature_line.rpartition(" ")
    raw = bytearray(base64.b64decode(blob))
    raw[10] ^= 0x01  # inside the signature, after the 4-byte key hash
    return f"{body}\n{prefix} {base64.b64encode(bytes(raw)).decode()}\n"


# -- the page's cryptography against the committed vectors --------------------------------


class TestVerifyCode:
    @pytest.fixture
    def code(self, tab: Tab, server: Server) -> Any:
        tab.page.goto(f"{server.url}/verify")
        return tab.page

    def test_canonical_json_in_the_browser_reproduces_the_contract_entry_bytes(
        self, code: Any
    ) -> None:
        vectors = json.loads((VECTORS / "contract-v1.json").read_text())["entries"]
        produced = code.evaluate(
            "(entries) => entries.map((e) => window.GongkaiVerify.jcs(e))",
            [v["entry"] for v in vectors],
        )
        assert produced == [v["entry_bytes_utf8"] for v in vectors]

    def test_canonical_json_in_the_browser_sorts_escapes_and_prints_like_rfc8785(
        self, code: Any
    ) -> None:
        import rfc8785

        value = {
            "b": [1, -2, 0, 9007199254740991, True, None],
            "a": '引号"反斜杠\\换行\n制表\t\u0001\u001f\u007f\u2028 / é 😀',
            "\u00e9": {"z": {}, "y": []},
            "A": "",
        }
        produced = code.evaluate("(v) => window.GongkaiVerify.jcs(v)", value)
        assert produced == rfc8785.dumps(value).decode("utf-8")

    def test_merkle_inclusion_in_the_browser_reproduces_the_rfc6962_vectors(
        self, code: Any
    ) -> None:
        vectors = json.loads((VECTORS / "rfc6962_merkle.json").read_text())
        for proof in vectors["inclusion_proofs"]:
            data = vectors["leaves"][proof["index"]]
            root = code.evaluate(
                INCLUSION_ROOT, [proof, hashlib.sha256(b"\x00" + bytes.fromhex(data)).hexdigest()]
            )
            assert root == vectors["roots"][str(proof["tree_size"])], proof

    def test_merkle_inclusion_in_the_browser_reproduces_the_contract_proof(self, code: Any) -> None:
        merkle = json.loads((VECTORS / "contract-v1.json").read_text())["merkle"]
        proof = merkle["inclusion_proof"]
        root = code.evaluate(INCLUSION_ROOT, [proof, proof["leaf_hash"]])
        assert root == merkle["roots"][str(proof["tree_size"])]

    @pytest.mark.parametrize("tamper", ["drop-a-hash", "add-a-hash", "index-outside"])
    def test_merkle_inclusion_in_the_browser_rejects_a_malformed_proof(
        self, code: Any, tamper: str
    ) -> None:
        merkle = json.loads((VECTORS / "contract-v1.json").read_text())["merkle"]
        proof = dict(merkle["inclusion_proof"])
        if tamper == "drop-a-hash":
            proof["hashes"] = proof["hashes"][:-1]
        elif tamper == "add-a-hash":
            proof["hashes"] = [*proof["hashes"], "00" * 32]
        else:
            proof["index"] = proof["tree_size"]
        outcome = code.evaluate(
            f"async (args) => {{ try {{ return await ({INCLUSION_ROOT})(args); }} "
            "catch (e) { return 'refused: ' + e.status; } }",
            [proof, proof["leaf_hash"]],
        )
        assert outcome == "refused: proof-invalid"

    def test_checkpoint_signature_in_the_browser_verifies_the_contract_note(
        self, code: Any
    ) -> None:
        contract = json.loads((VECTORS / "contract-v1.json").read_text())
        checkpoint = code.evaluate(
            "async ([note, key]) => { const v = window.GongkaiVerify;"
            " const c = await v.verifyCheckpoint(note, await v.parseVkey(key));"
            " return [c.origin, c.size, v.hex(c.root)]; }",
            [contract["checkpoint_note"], contract["vkey"]],
        )
        assert checkpoint == [contract["origin"], 7, contract["merkle"]["roots"]["7"]]


INCLUSION_ROOT = (
    "async ([proof, leaf]) => { const v = window.GongkaiVerify;"
    " const root = await v.rootFromInclusion(proof.index, proof.tree_size,"
    " v.fromHex(leaf, 'leaf'), proof.hashes.map((h) => v.fromHex(h, 'hash')));"
    " return v.hex(root); }"
)


# -- every public page, rendered and photographed -----------------------------------------


PAGES = {
    "home": "/",
    "catalogue": "/catalogue",
    "catalogue-search": "/catalogue?q=预算",
    "catalogue-withdrawn": "/catalogue?status=withdrawn",
    "item-corrected": "/items/{rules}",
    "item-withdrawn": "/items/{statistics}",
    "requests": "/requests",
    "reports": "/reports",
    "report-2026": "/reports/2026",
    "verify": "/verify",
    "guide": "/guide",
    "feeds": "/feeds",
    "apply": "/apply",
    "not-found": "/items/no-such-item",
    "bad-request": "/catalogue?cursor=abc",
}


@pytest.mark.parametrize("name", list(PAGES))
def test_every_public_page_renders_without_script_errors_and_is_photographed(
    tab: Tab, server: Server, name: str
) -> None:
    path = PAGES[name].format(**server.items)
    response = tab.page.goto(f"{server.url}{path}")
    assert response is not None
    expected = {"not-found": 404, "bad-request": 400}.get(name, 200)
    assert response.status == expected
    assert tab.page.locator("header.masthead").is_visible()
    screenshot(tab, name)
    assert [e for e in tab.errors if "status of 40" not in e] == []
