// 核验文件 — verify a document in the browser, trusting only the verifier key.
//
// 1. SHA-256 of the file (WebCrypto).
// 2. The verifier key (pasted, or /v1/vkey): <name>+<key hash>+<base64(0x01 ‖ key)>,
//    key hash = SHA-256(name ‖ "\n" ‖ 0x01 ‖ key)[:4]            (C2SP signed-note)
// 3. /v1/documents/{sha256}: the entries citing the hash; then /v1/checkpoint, whose
//    Ed25519 signature by that key is verified before anything is believed.
// 4. Each entry is re-serialised canonically (RFC 8785), leaf hash =
//    SHA-256(0x00 ‖ entry bytes), and its inclusion proof is verified up to the signed
//    root (RFC 9162 §2.1.3.2).
// 5. Entries of a stream chain (prev = leaf hash of seq - 1), and each entry's signature
//    verifies under the officer key a proven Keyring entry registered before it.
// 6. The answer, in plain words, as verify/_document_answer.py gives it.
// No external resources, no build step; results are written with textContent only.
"use strict";

(function () {
  const enc = new TextEncoder();
  const ENTRY_PREFIX = "gongkai-entry:v1\n";
  const ITEM = "InformationItem.";

  class Failure extends Error {
    constructor(status, message) {
      super(message);
      this.status = status;
    }
  }

  // --- bytes ---------------------------------------------------------------------------

  function hex(bytes) {
    return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  }

  function fromHex(text, what) {
    if (typeof text !== "string" || !/^([0-9a-f]{2})*$/.test(text)) {
      throw new Failure("proof-invalid", `${what} is not lowercase hex`);
    }
    return Uint8Array.from(text.match(/../g) || [], (h) => parseInt(h, 16));
  }

  function b64decode(text, what, status) {
    const fail = () => new Failure(status, `${what} is not valid base64`);
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.length % 4 !== 0) throw fail();
    let binary;
    try {
      binary = atob(text);
    } catch (e) {
      throw fail();
    }
    const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
    if (btoa(binary) !== text) throw fail(); // canonical, as the Python verifier demands
    return bytes;
  }

  function concat(...parts) {
    const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const p of parts) {
      out.set(p, at);
      at += p.length;
    }
    return out;
  }

  function equal(a, b) {
    return a.length === b.length && a.every((x, i) => x === b[i]);
  }

  async function sha256(bytes) {
    return new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  }

  // --- RFC 8785 canonical JSON ---------------------------------------------------------
  // JSON.stringify escapes strings and prints numbers exactly as JCS prescribes (JCS is
  // defined on ECMAScript's own serialisation); members are sorted by UTF-16 code units,
  // which is what Array.prototype.sort does with strings.

  function jcs(value) {
    if (value === null || typeof value === "boolean" || typeof value === "string") {
      return JSON.stringify(value);
    }
    if (typeof value === "number") {
      if (!Number.isFinite(value)) throw new Failure("proof-invalid", "a number is not finite");
      return JSON.stringify(value);
    }
    if (Array.isArray(value)) return "[" + value.map(jcs).join(",") + "]";
    if (typeof value === "object") {
      const keys = Object.keys(value).sort();
      return "{" + keys.map((k) => JSON.stringify(k) + ":" + jcs(value[k])).join(",") + "}";
    }
    throw new Failure("proof-invalid", "a value is not JSON");
  }

  // --- RFC 9162 §2.1.3.2 inclusion proof -----------------------------------------------

  async function rootFromInclusion(index, size, leaf, proof) {
    if (!(Number.isSafeInteger(index) && Number.isSafeInteger(size) && index >= 0 && index < size)) {
      throw new Failure("proof-invalid", `leaf index ${index} is outside a tree of size ${size}`);
    }
    let fn = index;
    let sn = size - 1;
    let r = leaf;
    for (const p of proof) {
      if (p.length !== 32) throw new Failure("proof-invalid", "a proof hash is not 32 bytes");
      if (sn === 0) throw new Failure("proof-invalid", "the inclusion proof is too long");
      if (fn % 2 === 1 || fn === sn) {
        r = await sha256(concat([1], p, r));
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      } else {
        r = await sha256(concat([1], r, p));
      }
      fn = Math.floor(fn / 2);
      sn = Math.floor(sn / 2);
    }
    if (sn !== 0) throw new Failure("proof-invalid", "the inclusion proof is too short");
    return r;
  }

  // --- C2SP signed notes ---------------------------------------------------------------

  async function parseVkey(text) {
    const bad = (why) => new Failure("key-invalid", why);
    const clean = text.trim();
    const first = clean.indexOf("+");
    const second = clean.indexOf("+", first + 1);
    if (first <= 0 || second < 0) throw bad("the key is not of the form <name>+<key hash>+<key>");
    const name = clean.slice(0, first);
    const hashHex = clean.slice(first + 1, second).toLowerCase();
    if (/[\s\u0000-\u001f]/.test(name)) throw bad("the key name holds spaces or control characters");
    if (!/^[0-9a-f]{8}$/.test(hashHex)) throw bad("the key hash is not 8 hex digits");
    const key = b64decode(clean.slice(second + 1), "the key", "key-invalid");
    if (key.length !== 33 || key[0] !== 1) throw bad("the key is not an Ed25519 (type 0x01) key");
    const publicKey = key.slice(1);
    const keyHash = (await sha256(concat(enc.encode(name + "\n"), [1], publicKey))).slice(0, 4);
    if (hex(keyHash) !== hashHex) throw bad("the key hash does not match the name and key");
    return { name, keyHash, publicKey, text: clean };
  }

  function parseNote(text) {
    const bad = (why) => new Failure("signature-invalid", `the checkpoint is malformed: ${why}`);
    const split = text.lastIndexOf("\n\n");
    if (split < 0) throw bad("no blank line before the signatures");
    const body = text.slice(0, split + 1);
    const sigText = text.slice(split + 2);
    if (!sigText.endsWith("\n")) throw bad("it does not end with a signature line");
    const signatures = sigText
      .slice(0, -1)
      .split("\n")
      .map((line) => {
        if (!line.startsWith("\u2014 ")) throw bad("a signature line does not start with '— '");
        const parts = line.slice(2).split(" ");
        if (parts.length !== 2) throw bad("a signature line is not '— <name> <signature>'");
        const blob = b64decode(parts[1], "a signature", "signature-invalid");
        if (blob.length < 5) throw bad("a signature is too short");
        return { name: parts[0], keyHash: blob.slice(0, 4), signature: blob.slice(4) };
      });
    return { body, signatures };
  }

  function parseCheckpoint(body) {
    const bad = (why) => new Failure("signature-invalid", `the checkpoint is malformed: ${why}`);
    const lines = body.slice(0, -1).split("\n");
    if (lines.length < 3) throw bad("fewer than three lines");
    const [origin, size, root] = lines;
    if (!/^(0|[1-9][0-9]{0,15})$/.test(size)) throw bad("the tree size is not a decimal number");
    const rootHash = b64decode(root, "the root hash", "signature-invalid");
    if (rootHash.length !== 32) throw bad("the root hash is not 32 bytes");
    return { origin, size: Number(size), root: rootHash };
  }

  async function ed25519(publicKey, signature, message) {
    let key;
    try {
      key = await crypto.subtle.importKey("raw", publicKey, { name: "Ed25519" }, false, ["verify"]);
    } catch (e) {
      throw new Failure("unsupported", "this browser cannot verify Ed25519 signatures");
    }
    try {
      return await crypto.subtle.verify({ name: "Ed25519" }, key, signature, message);
    } catch (e) {
      return false;
    }
  }

  async function verifyCheckpoint(text, vkey) {
    const note = parseNote(text);
    const known = note.signatures.filter(
      (s) => s.name === vkey.name && equal(s.keyHash, vkey.keyHash),
    );
    if (known.length === 0) {
      throw new Failure("signature-invalid", "the checkpoint is not signed by this key");
    }
    for (const s of known) {
      if (!(await ed25519(vkey.publicKey, s.signature, enc.encode(note.body)))) {
        throw new Failure("signature-invalid", "the checkpoint's signature by this key does not verify");
      }
    }
    const checkpoint = parseCheckpoint(note.body);
    if (checkpoint.origin !== vkey.name) {
      throw new Failure("signature-invalid", `the checkpoint is for log ${checkpoint.origin}, not ${vkey.name}`);
    }
    return checkpoint;
  }

  // --- C2SP tlog-cosignature: witnesses -------------------------------------------------
  // A witness key is <name>+<key ID>+<base64(0x04 ‖ key)>, key ID = SHA-256(name ‖ "\n" ‖
  // 0x04 ‖ key)[:4]. A cosignature line is "— <name> base64(key ID ‖ u64 big-endian time
  // ‖ Ed25519 signature)" over "cosignature/v1\ntime <time>\n" ‖ the checkpoint body.
  // Lines by keys not in the policy are ignored, as the spec requires.

  async function parseWitnessKey(text) {
    const bad = (why) => new Failure("policy-invalid", `witness key ${text.trim().slice(0, 60)}: ${why}`);
    const clean = text.trim();
    const parts = clean.split("+");
    if (parts.length < 3 || !parts[0]) throw bad("not of the form <name>+<key ID>+<key>");
    const name = parts[0];
    const idHex = parts[1].toLowerCase();
    if (/[\s\u0000-\u001f]/.test(name)) throw bad("the name holds spaces or control characters");
    if (!/^[0-9a-f]{8}$/.test(idHex)) throw bad("the key ID is not 8 hex digits");
    const key = b64decode(parts.slice(2).join("+"), "the key", "policy-invalid");
    if (key.length !== 33 || key[0] !== 4) throw bad("not an Ed25519 cosignature (type 0x04) key");
    const publicKey = key.slice(1);
    const keyId = (await sha256(concat(enc.encode(name + "\n"), [4], publicKey))).slice(0, 4);
    if (hex(keyId) !== idHex) throw bad("the key ID does not match the name and key");
    return { name, keyId, publicKey, text: clean };
  }

  // The policy from the page's fields: keys one per line, quorum empty = all of them.
  async function parsePolicy(keysText, quorumText) {
    const lines = keysText.split("\n").filter((line) => line.trim() !== "");
    const witnesses = [];
    for (const line of lines) witnesses.push(await parseWitnessKey(line));
    if (new Set(witnesses.map((w) => w.name)).size !== witnesses.length) {
      throw new Failure("policy-invalid", "two witness keys share one name");
    }
    const typed = String(quorumText || "").trim();
    if (typed !== "" && !/^[0-9]+$/.test(typed)) {
      throw new Failure("policy-invalid", `the quorum ${typed.slice(0, 20)} is not a whole number`);
    }
    const quorum = typed === "" ? witnesses.length : Number(typed);
    if (quorum > witnesses.length) {
      throw new Failure(
        "policy-invalid",
        `a quorum of ${quorum} needs at least ${quorum} witness keys; ${witnesses.length} given`,
      );
    }
    return { witnesses, quorum };
  }

  async function cosignedAt(witness, body, line) {
    if (line.signature.length !== 8 + 64) return null;
    const time = new DataView(line.signature.buffer, line.signature.byteOffset, 8).getBigUint64(0);
    if (time >= 2n ** 63n) return null;
    const message = enc.encode(`cosignature/v1\ntime ${time}\n${body}`);
    return (await ed25519(witness.publicKey, line.signature.slice(8), message)) ? Number(time) : null;
  }

  // Which of the policy's witnesses validly cosigned the note, and whether the quorum is met.
  async function checkWitnesses(noteText, policy) {
    const note = parseNote(noteText);
    const results = [];
    for (const w of policy.witnesses) {
      let time = null; // of the last valid line, should a witness have several
      for (const line of note.signatures) {
        if (line.name === w.name && equal(line.keyHash, w.keyId)) {
          const at = await cosignedAt(w, note.body, line);
          if (at !== null) time = at;
        }
      }
      results.push({ name: w.name, cosigned: time !== null, time });
    }
    const count = results.filter((r) => r.cosigned).length;
    return { results, count, quorum: policy.quorum, met: count >= policy.quorum };
  }

  function witnessLine(r) {
    if (!r.cosigned) return `✗ ${r.name}: 无有效副署 no valid cosignature`;
    const when = new Date(r.time * 1000).toISOString().replace(".000Z", "Z");
    return `✓ ${r.name}: 已副署 cosigned at ${when}`;
  }

  async function requireWitnesses(noteText, policy, log) {
    const outcome = await checkWitnesses(noteText, policy);
    const summary = `见证 witnesses: ${outcome.count} of ${policy.witnesses.length} cosigned this checkpoint; quorum ${policy.quorum}`;
    if (!outcome.met) {
      const failure = new Failure(
        "quorum-not-met",
        `${summary} — NOT met: ${outcome.results.filter((r) => !r.cosigned).map((r) => r.name).join(", ")}`,
      );
      failure.witnesses = outcome;
      throw failure;
    }
    log(`${summary} — met (c2sp.org/tlog-cosignature, Ed25519)`);
    return outcome;
  }

  // --- the server's public reads -------------------------------------------------------

  async function get(url, kind, allowMissing) {
    let response;
    try {
      response = await fetch((document.documentElement.dataset.root || "") + url, { cache: "no-store", credentials: "omit" });
    } catch (e) {
      throw new Failure("error", `the server could not be reached (${url})`);
    }
    if (allowMissing && response.status === 404) return null;
    if (!response.ok) throw new Failure("error", `the server answered ${response.status} for ${url}`);
    try {
      return kind === "json" ? await response.json() : await response.text();
    } catch (e) {
      throw new Failure("error", `the server's answer for ${url} is not readable`);
    }
  }

  // --- entries: canonical bytes, inclusion, chain, signatures --------------------------

  async function sealed(item, checkpoint) {
    const entry = item && item.entry;
    if (!entry || typeof entry !== "object" || !Number.isSafeInteger(item.index)) {
      throw new Failure("proof-invalid", "the server listed a malformed entry");
    }
    if (entry.log !== checkpoint.origin) {
      throw new Failure("proof-invalid", `entry #${item.index} belongs to another log`);
    }
    const bytes = enc.encode(jcs(entry));
    return { index: item.index, entry, leaf: await sha256(concat([0], bytes)) };
  }

  async function proveIncluded(found, checkpoint) {
    const url = `/v1/proof/inclusion?index=${found.index}&size=${checkpoint.size}`;
    const proof = await get(url, "json", false);
    if (!proof || proof.index !== found.index || !Array.isArray(proof.hashes)) {
      throw new Failure("proof-invalid", `the inclusion proof of entry #${found.index} is malformed`);
    }
    const hashes = proof.hashes.map((h) => fromHex(h, "a proof hash"));
    const root = await rootFromInclusion(found.index, checkpoint.size, found.leaf, hashes);
    if (!equal(root, checkpoint.root)) {
      throw new Failure(
        "proof-invalid",
        `entry #${found.index} is not in the signed tree: its inclusion proof gives another root`,
      );
    }
  }

  function checkChains(found) {
    const heads = new Map();
    for (const f of found) {
      const head = heads.get(f.entry.stream);
      if (head && f.entry.seq === head.seq + 1 && f.entry.prev !== hex(head.leaf)) {
        throw new Failure("proof-invalid", `entry #${f.index} does not chain to the entry before it`);
      }
      heads.set(f.entry.stream, { seq: f.entry.seq, leaf: f.leaf });
    }
  }

  async function signedBy(entry, publicKey) {
    const envelope = Object.assign({}, entry);
    delete envelope.sig;
    const message = enc.encode(ENTRY_PREFIX + jcs(envelope));
    let signature;
    try {
      signature = b64decode(entry.sig, "an entry signature", "proof-invalid");
    } catch (e) {
      return false;
    }
    return ed25519(publicKey, signature, message);
  }

  // The key registry as of each position, from Keyring entries that are themselves
  // proven, chained and signed (the root declaration by its own key, the rest by root).
  async function keyRegistry(checkpoint) {
    const listing = await get("/v1/keys", "json", false);
    if (!listing || !Array.isArray(listing.entries)) {
      throw new Failure("proof-invalid", "the key listing is malformed");
    }
    const entries = [];
    for (const item of listing.entries) {
      if (item.index < checkpoint.size) entries.push(await sealed(item, checkpoint));
    }
    entries.sort((a, b) => a.index - b.index);
    await Promise.all(entries.map((f) => proveIncluded(f, checkpoint)));
    checkChains(entries);
    const keys = new Map();
    let root = null;
    for (const f of entries) {
      const { type, data } = f.entry;
      if (!f.entry.type.startsWith("Keyring.")) {
        throw new Failure("proof-invalid", "the key listing holds an entry that is not a Keyring entry");
      }
      if (type === "Keyring.RootDeclared") {
        root = await registered(data, f.index);
        if (!(await signedBy(f.entry, root.publicKey))) {
          throw new Failure("proof-invalid", "the root key declaration is not self-signed");
        }
        keys.set(root.keyId, root);
        continue;
      }
      if (!root || f.entry.key !== root.keyId || !(await signedBy(f.entry, root.publicKey))) {
        throw new Failure("proof-invalid", `Keyring entry #${f.index} is not signed by the root key`);
      }
      if (type === "Keyring.KeyRegistered" && !keys.has(data.key_id)) {
        keys.set(data.key_id, await registered(data, f.index));
      } else if (type === "Keyring.KeyRevoked" && keys.has(data.key_id)) {
        keys.get(data.key_id).revokedAt = f.index;
      }
    }
    return keys;
  }

  async function registered(data, index) {
    const publicKey = b64decode(String(data.public_key), "a registered key", "proof-invalid");
    const keyId = hex((await sha256(publicKey)).slice(0, 8));
    if (publicKey.length !== 32 || keyId !== data.key_id) {
      throw new Failure("proof-invalid", `the key registered at #${index} does not match its id`);
    }
    return { keyId, publicKey, registeredAt: index, revokedAt: null };
  }

  async function checkSignatures(found, keys) {
    for (const f of found) {
      const key = keys.get(f.entry.key);
      const valid =
        key && key.registeredAt < f.index && (key.revokedAt === null || f.index < key.revokedAt);
      if (!valid || !(await signedBy(f.entry, key.publicKey))) {
        throw new Failure(
          "proof-invalid",
          `entry #${f.index} is not signed by a key registered to its officer at that point`,
        );
      }
    }
  }

  // --- what the entries say ------------------------------------------------------------

  function cites(data, sha) {
    const listed = data && data.content_sha256s;
    return (
      !!data &&
      (data.content_sha256 === sha ||
        data.redacted_sha256 === sha ||
        (Array.isArray(listed) && listed.includes(sha)))
    );
  }

  function firstOf(entries, types, sha) {
    return entries.find(
      (f) => types.includes(f.entry.type) && (sha === null || f.entry.data.content_sha256 === sha),
    );
  }

  function answer(sha, found) {
    const streams = new Map();
    for (const f of found) {
      if (streams.has(f.entry.stream) || cites(f.entry.data, sha)) {
        if (!streams.has(f.entry.stream)) streams.set(f.entry.stream, []);
        streams.get(f.entry.stream).push(f);
      }
    }
    return Array.from(streams, ([stream, entries]) => {
      return Object.assign(answerStream(sha, stream, entries), { title: titleOf(stream, found) });
    });
  }

  // An item by its title (a sealed title stays unnamed), a request by its number.
  function titleOf(stream, found) {
    const first = found.find((f) => f.entry.stream === stream && f.entry.seq === 1);
    const data = (first && first.entry.data) || {};
    if (typeof data.title === "string") return `《${data.title}》`;
    if (typeof data.number === "string") return `申请 request ${data.number}`;
    return "";
  }

  function answerStream(sha, stream, entries) {
    const first = entries[0];
    if (first.entry.type.startsWith(ITEM)) {
      const kinds = [ITEM + "Published", ITEM + "ClarificationPublished"];
      const published = firstOf(entries, kinds, sha);
      if (!published) {
        const withheld = firstOf(entries, [ITEM + "NonDisclosureFiled"], sha);
        return { stream, item: true, status: withheld ? "withheld" : "not-published", entries, withheld };
      }
      const clarification = published.entry.type === kinds[1];
      const later = entries.filter((f) => f.index > published.index);
      const withdrawn = firstOf(later, [ITEM + "Withdrawn"], null);
      const corrected = clarification ? undefined : firstOf(later, [ITEM + "Corrected"], null);
      const status = withdrawn ? "withdrawn" : corrected ? "superseded" : "current";
      return { stream, item: true, status, entries, published, clarification, withdrawn, corrected };
    }
    const status = first.entry.type === "DisclosureRequest.Answered" ? "provided" : "cited";
    return { stream, item: false, status, entries, published: first };
  }

  const PRIORITY = ["current", "superseded", "withdrawn", "withheld", "provided", "not-published", "cited"];

  // --- the whole check -----------------------------------------------------------------

  async function verifyDocument(sha, pastedKey, policy, log) {
    const fromServer = !pastedKey.trim();
    const vkey = await parseVkey(fromServer ? await get("/v1/vkey", "text", false) : pastedKey);
    log(`验证公钥 verifier key ${fromServer ? "from this server (/v1/vkey)" : "pasted by you"}: ${vkey.text} — key hash checked`);
    const listing = await get(`/v1/documents/${sha}`, "json", true);
    const note = await get("/v1/checkpoint", "text", false);
    const checkpoint = await verifyCheckpoint(note, vkey);
    log(`检查点签名 checkpoint signature (Ed25519) verified: log ${checkpoint.origin}, ${checkpoint.size} entries, root ${hex(checkpoint.root)}`);
    const witnesses = policy.witnesses.length ? await requireWitnesses(note, policy, log) : null;
    const items = listing && Array.isArray(listing.entries) ? listing.entries : [];
    const found = [];
    for (const item of items) {
      if (item && item.index < checkpoint.size) found.push(await sealed(item, checkpoint));
    }
    found.sort((a, b) => a.index - b.index);
    if (!found.some((f) => cites(f.entry.data, sha))) return { status: "not-found", checkpoint, witnesses };
    log(`规范化 ${found.length} entries re-serialised canonically (RFC 8785) and leaf-hashed`);
    await Promise.all(found.map((f) => proveIncluded(f, checkpoint)));
    log(`包含证明 ${found.length} inclusion proofs (RFC 9162) verified against the signed root`);
    checkChains(found);
    const keys = await keyRegistry(checkpoint);
    await checkSignatures(found, keys);
    log(`条目签名 ${found.length} entry signatures verified with officer keys registered in the log (key registry entries proven and root-signed; roles not checked)`);
    const answers = answer(sha, found);
    answers.sort((a, b) => PRIORITY.indexOf(a.status) - PRIORITY.indexOf(b.status));
    return { status: answers[0].status, checkpoint, answers, witnesses };
  }

  // --- the page ------------------------------------------------------------------------

  const app = document.getElementById("verify-app");
  if (!app) {
    window.GongkaiVerify = { jcs, rootFromInclusion, parseVkey, verifyCheckpoint, fromHex, hex, parsePolicy, checkWitnesses };
    return;
  }
  const words = JSON.parse(app.dataset.words || "{}");
  const form = document.getElementById("verify-form");
  const fileInput = document.getElementById("file");
  const shaInput = document.getElementById("sha256");
  const keyInput = document.getElementById("vkey");
  const witnessInput = document.getElementById("witnesses");
  const quorumInput = document.getElementById("quorum");
  const result = document.getElementById("result");

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs || {})) node.setAttribute(name, value);
    for (const child of children) node.append(child);
    return node;
  }

  function word(table, code) {
    return (words[table] && words[table][code]) || String(code);
  }

  const HEADLINES = {
    current: "已发布 PUBLISHED",
    superseded: "已被更正 SUPERSEDED",
    withdrawn: "已撤回 WITHDRAWN",
    withheld: "不予公开 WITHHELD",
    provided: "依申请提供 PROVIDED",
    "not-published": "未发布 NOT PUBLISHED",
    cited: "已记录 RECORDED",
    "not-found": "未找到 NOT FOUND",
    "signature-invalid": "签名无效 SIGNATURE INVALID",
    "key-invalid": "公钥无效 KEY INVALID",
    "proof-invalid": "核验失败 VERIFICATION FAILED",
    "quorum-not-met": "见证不足 NOT WITNESSED",
    "policy-invalid": "见证方设置无效 WITNESS POLICY INVALID",
    unsupported: "浏览器不支持 UNSUPPORTED BROWSER",
    error: "出错 ERROR",
  };

  function describe(a) {
    const p = a.published && a.published.entry;
    const on = p ? p.data.published_on || p.at.slice(0, 10) : "";
    const pub = p ? `published on ${on} by ${p.actor} (log #${a.published.index})` : "";
    const pubZh = p ? `${on} 由 ${p.actor} 发布（账本位置 #${a.published.index}）` : "";
    switch (a.status) {
      case "current":
        return [
          `这份文件正是${pubZh}的版本${a.clarification ? "（澄清说明）" : ""}，目前仍是现行版本。`,
          `This exact file was ${pub}${a.clarification ? " as a clarification" : ""}; it is the current version.`,
        ];
      case "superseded": {
        const c = a.corrected.entry.data;
        return [
          `这份文件于${pubZh}，已于 ${c.changed_on} 被更正（账本位置 #${a.corrected.index}）：${c.reason}。`,
          `This exact file was ${pub}; it was superseded by a correction on ${c.changed_on} (log #${a.corrected.index}).`,
        ];
      }
      case "withdrawn": {
        const w = a.withdrawn.entry.data;
        const why = `${word("withdrawal_reason", w.reason)}（${w.legal_basis}）`;
        return [
          `这份文件于${pubZh}，已于 ${w.withdrawn_on} 撤回（账本位置 #${a.withdrawn.index}）：${why}。`,
          `This exact file was ${pub}; it was withdrawn on ${w.withdrawn_on} (log #${a.withdrawn.index}).`,
        ];
      }
      case "withheld": {
        const w = a.withheld;
        return [
          `该文件经审查决定不予公开：${word("ground", w.entry.data.ground)}（账本位置 #${w.index}）。`,
          `This file was recorded as not to be disclosed on ${w.entry.at.slice(0, 10)} (log #${w.index}).`,
        ];
      }
      case "provided": {
        const day = p.data.answered_on || p.at.slice(0, 10);
        return [
          `这份文件于 ${day} 作为依申请公开的答复提供给申请人（${a.title || a.stream}，账本位置 #${a.published.index}）。`,
          `This exact file was provided on ${day} in answer to a disclosure request (log #${a.published.index}).`,
        ];
      }
      case "not-published":
        return [
          "账本记录了这份文件，但它从未以这一版本发布。",
          "The ledger records this file, but this exact version was never published.",
        ];
      default:
        return ["账本中有条目引用这份文件。", "An entry of the ledger cites this file."];
    }
  }

  const FAILURES = {
    "quorum-not-met": [
      "检查点没有得到足够多您所信任的见证方的有效副署：本站可能向您展示的账本与向他人展示的不同，不能相信本站给出的答复。",
      "NOT WITNESSED: too few of the witnesses you trust validly cosigned this checkpoint, so this server may be showing you a different log from everyone else's; do not rely on its answer.",
    ],
    "not-found": [
      "账本中没有任何已发布的文件具有这一指纹。文件哪怕只改动一个字节，指纹也会完全不同。",
      "NOT FOUND: no published document has this fingerprint. Changing even one byte of a file changes its fingerprint completely.",
    ],
    "signature-invalid": [
      "检查点不是由该公钥签名的，不能相信本站给出的任何答复。",
      "SIGNATURE INVALID: the checkpoint is not signed by this key, so nothing this server says can be trusted.",
    ],
  };

  const UNWITNESSED =
    "未给出见证方公钥，因此没有核对副署：本站若向您展示与他人不同的账本（分叉视图），本页面无法发现。 " +
    "No witness keys were given, so no cosignature was checked: were this server showing you a different log from everyone else's (a split view), this page could not tell.";

  function witnessList(w) {
    const list = el("ul", { class: "witnesses" });
    for (const r of w.results) {
      list.append(el("li", { "data-cosigned": r.cosigned ? "yes" : "no" }, witnessLine(r)));
    }
    const met = w.met ? "已达到 met" : "未达到 NOT met";
    const title = `见证方 Witnesses: ${w.count} cosigned, quorum ${w.quorum} ${met}`;
    return [el("h3", {}, title), list];
  }

  function show(status, sha, outcome, checks, detail) {
    result.hidden = false;
    result.dataset.status = status === "current" ? "published" : status;
    result.className = `result ${result.dataset.status}`;
    const body = [el("h2", {}, HEADLINES[status] || status)];
    const sentences = FAILURES[status] || (outcome && outcome.answers ? describe(outcome.answers[0]) : []);
    for (const s of sentences) body.push(el("p", { class: "sentence" }, s));
    if (detail) body.push(el("p", { class: "detail" }, detail));
    if (outcome && outcome.witnesses) body.push(...witnessList(outcome.witnesses));
    if (outcome && outcome.checkpoint && !outcome.witnesses) {
      body.push(el("p", { class: "small muted", id: "no-witnesses" }, UNWITNESSED));
    }
    if (outcome && outcome.answers) {
      const list = el("ul", { class: "answers" });
      for (const a of outcome.answers) {
        const name = a.title || a.stream;
        const listed = ["current", "superseded", "withdrawn"].includes(a.status); // in the catalogue
        const link = a.item && listed ? el("a", { href: `/items/${a.stream}` }, name) : name;
        list.append(el("li", {}, `${HEADLINES[a.status]} — `, link, `（${a.entries.length} 条 entries）`));
      }
      body.push(el("h3", {}, "相关事项 Streams citing this file"), list);
    }
    body.push(el("p", { class: "mono small" }, `SHA-256 ${sha}`));
    const checklist = el("ul", { class: "checks" });
    for (const c of checks) checklist.append(el("li", {}, c));
    body.push(el("h3", {}, "已完成的检查 Checks done"), checklist);
    result.replaceChildren(...body);
  }

  async function fingerprint() {
    const file = fileInput.files && fileInput.files[0];
    if (file) return hex(await sha256(new Uint8Array(await file.arrayBuffer())));
    const typed = shaInput.value.trim().toLowerCase();
    if (/^[0-9a-f]{64}$/.test(typed)) return typed;
    throw new Failure("error", "请选择文件或输入 64 位十六进制指纹 — choose a file or enter a 64-hex-digit SHA-256");
  }

  async function run() {
    result.hidden = false;
    result.dataset.status = "working";
    result.className = "result working";
    result.replaceChildren(el("p", {}, "正在核验… Verifying…"));
    const checks = [];
    let sha = "";
    try {
      if (!window.crypto || !crypto.subtle) {
        throw new Failure("unsupported", "WebCrypto needs a secure (HTTPS) page");
      }
      sha = await fingerprint();
      shaInput.value = sha;
      checks.push(`文件指纹 SHA-256 computed in this browser: ${sha}`);
      const policy = await parsePolicy(witnessInput.value, quorumInput.value);
      const outcome = await verifyDocument(sha, keyInput.value, policy, (line) => checks.push(line));
      if (outcome.status === "not-found") checks.push("服务器没有列出引用该指纹的条目 the server lists no entry citing this fingerprint");
      show(outcome.status, sha, outcome, checks, null);
    } catch (e) {
      const status = e instanceof Failure ? e.status : "error";
      show(status, sha, e.witnesses ? { witnesses: e.witnesses } : null, checks, e.message);
    }
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    run();
  });
  shaInput.addEventListener("input", () => {
    fileInput.value = "";
  });
  fileInput.addEventListener("change", () => {
    if (fileInput.files && fileInput.files.length) run();
  });
  if (app.dataset.sha256) run();
  window.GongkaiVerify = {
    jcs, rootFromInclusion, parseVkey, verifyCheckpoint, fromHex, hex, parsePolicy, checkWitnesses, run,
  };
})();
