"""Norwegian organisation numbers (9 digits, mod-11 check digit), for fictional but valid companies."""

from __future__ import annotations

WEIGHTS = (3, 2, 7, 6, 5, 4, 3, 2)


def check_digit(first8: str) -> int | None:
    """The mod-11 check digit for 8 digits, or None when the remainder makes the number invalid."""
    rest = sum(int(d) * w for d, w in zip(first8, WEIGHTS, strict=True)) % 11
    check = 11 - rest
    if check == 11:
        return 0
    return None if check == 10 else check


def is_valid(number: str) -> bool:
    """True for a 9-digit number whose last digit is the mod-11 check digit of the first 8."""
    if len(number) != 9 or not number.isdigit():
        return False
    return check_digit(number[:8]) == int(number[8])


def org_number(start: int) -> str:
    """The first valid organisation number at or after the 8-digit body `start` (9xx xxx xx style)."""
    body = start
    while True:
        digits = f"{body:08d}"
        check = check_digit(digits)
        if check is not None:
            return digits + str(check)
        body += 1
