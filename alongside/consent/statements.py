"""The fixed texts of 42 CFR Part 2 that consents and disclosures carry.

Kept here, in one place, so the consent form, the stored consent, the disclosure output and the
tests all use the same words. Changing a statement changes what future consents and outputs
say; consents already recorded keep the text they were signed with (it is stored on the row).
"""

from __future__ import annotations

# 42 CFR 2.32(a)(1), "Statement 1", as amended by the 2024 final rule (89 FR 12472, February 16,
# 2024): the notice that must accompany each disclosure made with the patient's written
# consent. Quoted word for word (regulation text is public domain); checked against the
# published section text. Statement 2 of 2.32(a)(2) is the short form, used as the heading.
REDISCLOSURE_NOTICE = (
    "This record which has been disclosed to you is protected by Federal confidentiality rules "
    "(42 CFR part 2). These rules prohibit you from using or disclosing this record, or "
    "testimony that describes the information contained in this record, in any civil, "
    "criminal, administrative, or legislative proceedings by any Federal, State, or local "
    "authority, against the patient, unless authorized by the consent of the patient, except as "
    "provided at 42 CFR 2.12(c)(5) or as authorized by a court in accordance with 42 CFR 2.64 "
    "or 2.65. In addition, the Federal rules prohibit you from making any other use or "
    "disclosure of this record unless at least one of the following applies:"
)
REDISCLOSURE_NOTICE_CONDITIONS = (
    "(i) Further use or disclosure is expressly permitted by the written consent of the "
    "individual whose information is being disclosed in this record or as otherwise permitted "
    "by 42 CFR part 2.",
    "(ii) You are a covered entity or business associate and have received the record for "
    "treatment, payment, or health care operations, or",
    "(iii) You have received the record from a covered entity or business associate as "
    "permitted by 45 CFR part 164, subparts A and E.",
)
REDISCLOSURE_NOTICE_CLOSING = (
    "A general authorization for the release of medical or other information is NOT sufficient "
    "to meet the required elements of written consent to further use or redisclose the record "
    "(see 42 CFR 2.31)."
)
# 42 CFR 2.32(a)(2), "Statement 2".
REDISCLOSURE_NOTICE_SHORT = (
    "42 CFR part 2 prohibits unauthorized use or disclosure of these records."
)


def redisclosure_notice_text() -> str:
    """Return the whole 2.32(a)(1) statement as one paragraph (CSV cells, hashes, tests)."""
    return " ".join(
        (REDISCLOSURE_NOTICE, *REDISCLOSURE_NOTICE_CONDITIONS, REDISCLOSURE_NOTICE_CLOSING)
    )


# 42 CFR 2.31(a)(6): the right to revoke in writing, the reliance exception, and how. Our own
# words; %(organization)s is filled in when the consent is recorded and stored with it.
REVOCATION_STATEMENT = (
    "You may take back (revoke) this consent at any time, in writing, except for disclosures "
    "already made in reliance on it. To revoke it, sign the revocation in your Alongside portal "
    "(My consents, then Revoke), or sign a written revocation and give it to any staff member "
    "of %(organization)s. It stops all further disclosures under this consent from the moment "
    "it is recorded."
)

# 42 CFR 2.31(a)(4)(iii) and 2.33(b)(1) as amended in 2024: a single consent for all future
# treatment, payment and health care operations must say that records given to a HIPAA covered
# entity or business associate may be redisclosed as HIPAA allows, and that they may still never
# be used in proceedings against the patient. Our own words.
TPO_STATEMENT = (
    "Records disclosed under this consent to a HIPAA covered entity or business associate for "
    "treatment, payment or health care operations may be disclosed again by that recipient as "
    "the HIPAA rules (45 CFR parts 160 and 164) allow, and may then no longer be protected by "
    "42 CFR part 2. Even so, they may never be used or disclosed in civil, criminal, "
    "administrative or legislative proceedings against you unless you give separate written "
    "consent or a court orders it under 42 CFR part 2."
)

# 42 CFR 2.31(a)(4)(i): the general designation a single TPO consent may use for recipients.
TPO_RECIPIENT_DESCRIPTION = (
    "my treating providers, health plans, third-party payers, and people helping to operate "
    "this program"
)
