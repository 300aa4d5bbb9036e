"""Small shared model helpers: the retention check and reading a typed-in id."""

from __future__ import annotations

import uuid

import pytest

from forandring_desktop.model.audit import MAX_RETENTION_DAYS, check_retention_days
from forandring_desktop.model.base import parse_uuid
from forandring_desktop.model.errors import InvalidDataError
from forandring_desktop.model.privacy import MAX_RETENTION_MONTHS, check_retention_months


@pytest.mark.parametrize("value", [1, 30, MAX_RETENTION_DAYS])
def test_retention_days_in_range_are_kept(value: int) -> None:
    assert check_retention_days(value) == value


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (True, "Opbevaringstiden skal være et helt antal dage."),
        (1.5, "Opbevaringstiden skal være et helt antal dage."),
        (0, "Opbevaringstiden skal være mindst 1 dag; logbogen kan ikke slås fra."),
        (MAX_RETENTION_DAYS + 1, f"Opbevaringstiden kan højst være {MAX_RETENTION_DAYS} dage."),
    ],
)
def test_retention_days_out_of_range_say_why(value: object, message: str) -> None:
    with pytest.raises(InvalidDataError) as caught:
        check_retention_days(value)  # type: ignore[arg-type]
    assert [(p.path, p.message) for p in caught.value.problems] == [("retention_days", message)]
    assert str(caught.value).startswith("Ugyldig opbevaringstid")


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (False, "Opbevaringstiden skal være et helt antal måneder."),
        (-3, "Opbevaringstiden skal være mindst 1 måned."),
        (
            MAX_RETENTION_MONTHS + 1,
            f"Opbevaringstiden kan højst være {MAX_RETENTION_MONTHS} måneder.",
        ),
    ],
)
def test_retention_months_out_of_range_say_why(value: object, message: str) -> None:
    with pytest.raises(InvalidDataError) as caught:
        check_retention_months(value)  # type: ignore[arg-type]
    assert [(p.path, p.message) for p in caught.value.problems] == [("retention_months", message)]
    assert check_retention_months(MAX_RETENTION_MONTHS) == MAX_RETENTION_MONTHS


def test_parse_uuid_reads_an_id_and_nothing_else() -> None:
    wanted = uuid.uuid4()
    assert parse_uuid(str(wanted)) == wanted
    assert parse_uuid("AB12") is None
    assert parse_uuid("") is None
