"""The signing primitives: a certificate holds only under the organisation key that made it."""

from __future__ import annotations

import uuid

from forandring_desktop.model.staff import Role
from forandring_desktop.storage.signing import (
    Signer,
    certify,
    new_signing_key,
    verify,
)


def test_a_certificate_is_valid_only_under_its_organisation_key_and_unchanged() -> None:
    org_private, org_public = new_signing_key()
    _, other_public = new_signing_key()
    _, member_public = new_signing_key()
    cert = certify(
        org_private,
        staff_id=uuid.uuid4(),
        name="Anna",
        role=Role.STAFF,
        public_key=member_public,
        issued="2026-12-04T10:00:00+00:00",
    )
    assert cert.valid_under(org_public)
    assert not cert.valid_under(other_public)
    raised = type(cert)(
        cert.staff_id, cert.name, Role.ADMIN, cert.public_key, cert.issued, cert.signature
    )
    assert not raised.valid_under(org_public)
    assert "Anna" not in repr(cert)


def test_a_signer_signs_what_its_public_key_verifies() -> None:
    private, public = new_signing_key()
    signer = Signer(uuid.uuid4(), private)
    assert signer.public_key == public
    signature = signer.sign(b"indgang")
    assert verify(public, signature, b"indgang")
    assert not verify(public, signature, b"indgang!")
    assert not verify(public[:31], signature, b"indgang")
    assert not verify(public, signature[:10], b"indgang")
    assert private.hex() not in repr(signer)
