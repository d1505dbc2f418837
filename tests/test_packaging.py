"""The wheel carries ontology/, data/ and graf/queries/ and graf finds them once installed."""

import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent


@pytest.mark.slow
@pytest.mark.timeout(300)
def test_an_installed_wheel_finds_its_resources(tmp_path):
    dist = tmp_path / "dist"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
                    "-w", str(dist), str(ROOT)], check=True, capture_output=True, timeout=240)
    wheel = next(dist.glob("graf-*.whl"))
    with zipfile.ZipFile(wheel) as archive:  # the tests' server helper is not part of the program
        assert "api/app.py" in archive.namelist() and "api/testing.py" not in archive.namelist()
    target = tmp_path / "venv"
    venv.EnvBuilder(with_pip=False).create(target)
    python = target / "bin" / "python"
    # offline: the dependencies come from this interpreter's site-packages (a .pth, after ours)
    site_packages = next(target.glob("lib/python3*/site-packages"))
    (site_packages / "zz_parent.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    # install only graf itself, with this interpreter's pip
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps",
                    "--no-index", "-q", str(wheel)], check=True, capture_output=True, timeout=120)
    probe = (
        "import graf, graf.resources as r; from graf.sparql import example_queries;"
        "print(graf.__file__); print(r.ontology_dir()); print(r.default_data_dir()); print(r.queries_dir());"
        "print(sorted(q.name for q in example_queries()))"
    )
    out = subprocess.run([str(python), "-c", probe], cwd=tmp_path, check=True, capture_output=True,
                         text=True, timeout=60).stdout.splitlines()
    package, ontology, data, queries, names = out
    assert str(ROOT) not in package  # the installed copy, not the checkout
    assert ontology.endswith("graf/_bundled/ontology") and Path(ontology).is_dir()
    assert data.endswith("graf/_bundled/data/copenhagen-2010") and Path(data).parent.is_dir()
    assert Path(queries).is_dir()
    assert "graphs" in names
