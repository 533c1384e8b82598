"""个人信息保护 — the applicant's personal data through its lifecycle (PIPL): the private
applicant index, public free text checked for identifiers, every opening of sealed
data recorded as a signed entry, erasure after the retention period, and the
applicant's own copy (PIPL Art. 45). See docs/privacy.md."""
