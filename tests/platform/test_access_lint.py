from pathlib import Path

from cartnav.core import lint_access


def test_no_direct_queries_on_personal_data_outside_the_access_module() -> None:
    assert lint_access.violations(Path(__file__).resolve().parents[2]) == []


def test_the_lint_catches_a_direct_query(tmp_path: Path) -> None:
    views = tmp_path / "cartnav" / "somewhere" / "views.py"
    views.parent.mkdir(parents=True)
    views.write_text("cases = Case.objects.all()\n")
    assert lint_access.violations(tmp_path) == [
        "cartnav/somewhere/views.py:1: cases = Case.objects.all()"
    ]
