from django.db import connection

from tests.cast import Cast


def test_the_database_holds_only_ciphertext(cast: Cast) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT passport_number FROM patients_patient WHERE given_name = %s", ["Ana"]
        )
        (stored,) = cursor.fetchone()
    assert "PASS-ANA" not in stored
    assert stored.startswith("gAAAA")  # a Fernet token
    cast.ana.refresh_from_db()
    assert cast.ana.passport_number == "PASS-ANA"
