#!/usr/bin/env python3
"""Packs the release folder into a wheel, with the standard library only (no network, no build tool).

  wheel.py STAGE VERSION PLATFORM_TAG OUTDIR    prints the wheel's file name

The wheel holds the package `dataman_curation`: the folder as it is under `dataman_curation/bin/`
(the binary finds criteria/ and its resources beside itself), and a shim, the package's `main`,
that execs the binary; the `dataman` console script pip writes calls it. Named `dataman-curation`
because `dataman` on PyPI is an unrelated package.
"""
import base64
import hashlib
import os
import pathlib
import sys
import zipfile

NAME = "dataman_curation"

SHIM = '''"""DataMan, the corpus-curation engine: `dataman` runs the binary shipped in this package."""
import os
import sys


def main():
    binary = os.path.join(os.path.dirname(os.path.abspath(__file__)), "bin", "dataman")
    os.execv(binary, ["dataman"] + sys.argv[1:])
'''

METADATA = """Metadata-Version: 2.1
Name: dataman-curation
Version: {version}
Summary: DataMan: rate, sample and inspect pre-training corpora with DataMan's 14 quality criteria and 15 domains
Requires-Python: >=3.8
Classifier: Operating System :: POSIX :: Linux
Classifier: Programming Language :: Swift
Description-Content-Type: text/plain

A self-contained `dataman` binary (Linux x86_64, needs glibc, libstdc++ and libgcc_s) with its
criteria and tokenizer data. `pip install` puts `dataman` on PATH; see `dataman --help`.
The licences of everything inside are in dataman_curation/bin/LICENSES/.
"""

WHEEL = """Wheel-Version: 1.0
Generator: dataman scripts/release/wheel.py
Root-Is-Purelib: false
Tag: py3-none-{platform}
"""

ENTRY_POINTS = """[console_scripts]
dataman = dataman_curation:main
"""


def digest(data):
    return "sha256=" + base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()


def main():
    if len(sys.argv) != 5:
        sys.exit(__doc__)
    stage, version, platform, outdir = pathlib.Path(sys.argv[1]), sys.argv[2], sys.argv[3], pathlib.Path(sys.argv[4])
    wheel_name = f"{NAME}-{version}-py3-none-{platform}.whl"
    info = f"{NAME}-{version}.dist-info"
    entries = [(f"{NAME}/__init__.py", SHIM.encode(), 0o644)]
    for path in sorted(p for p in stage.rglob("*") if p.is_file()):
        mode = 0o755 if os.access(path, os.X_OK) else 0o644
        entries.append((f"{NAME}/bin/{path.relative_to(stage)}", path.read_bytes(), mode))
    entries += [
        (f"{info}/METADATA", METADATA.format(version=version).encode(), 0o644),
        (f"{info}/WHEEL", WHEEL.format(platform=platform).encode(), 0o644),
        (f"{info}/entry_points.txt", ENTRY_POINTS.encode(), 0o644),
    ]
    record = "".join(f"{name},{digest(data)},{len(data)}\n" for name, data, _ in entries) + f"{info}/RECORD,,\n"
    entries.append((f"{info}/RECORD", record.encode(), 0o644))
    with zipfile.ZipFile(outdir / wheel_name, "w", zipfile.ZIP_DEFLATED) as wheel:
        for name, data, mode in entries:
            entry = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            entry.external_attr = (0o100000 | mode) << 16  # a regular file; pip keeps the exec bit
            entry.compress_type = zipfile.ZIP_DEFLATED
            wheel.writestr(entry, data)
    print(wheel_name)


if __name__ == "__main__":
    main()
