"""CPR-like numbers are found in free text; ordinary numbers are left alone."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from forandring_desktop.model.cpr import cpr_warning, find_cpr, masked


def test_cpr_numbers_with_and_without_dash() -> None:
    assert find_cpr("Født 010203-1234, ringer igen") == ["010203-1234"]
    assert find_cpr("cpr 3112991234.") == ["3112991234"]
    assert find_cpr("290200 1234") == ["290200 1234"]  # 29 February 2000 exists


def test_things_that_are_not_cpr_numbers() -> None:
    assert find_cpr("Telefon 12345678") == []  # eight digits
    assert find_cpr("Kode IG-001, 2025-06-01") == []
    assert find_cpr("321299-1234") == []  # no 32nd day
    assert find_cpr("011399-1234") == []  # no 13th month
    assert find_cpr("12345678901") == []  # eleven digits
    assert find_cpr("") == []


def test_the_warning_masks_the_number() -> None:
    warning = cpr_warning("Ny deltager 010203-1234")
    assert warning is not None
    assert "010203-XXXX" in warning
    assert "1234" not in warning
    assert cpr_warning("Ingen tal her") is None
    assert masked("0102031234") == "010203-XXXX"


@given(st.text(alphabet=st.characters(blacklist_categories=["Nd"]), max_size=200))
def test_text_without_digits_never_warns(text: str) -> None:
    assert find_cpr(text) == []


@given(
    st.integers(1, 28), st.integers(1, 12), st.integers(0, 99), st.integers(0, 9999),
    st.text(max_size=20).filter(lambda s: not s[-1:].isdigit()),
)  # fmt: skip
def test_every_real_date_is_found(day: int, month: int, year: int, tail: int, before: str) -> None:
    number = f"{day:02d}{month:02d}{year:02d}-{tail:04d}"
    assert number in find_cpr(f"{before} {number} slut")
