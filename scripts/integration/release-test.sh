#!/usr/bin/env bash
# The proof of the release (issue 16), run by scripts/test.sh after `swift test`:
#  1. scripts/release.sh builds the tarball and the wheel (one release build serves every check);
#  2. ldd: the binary needs only glibc (libc, libm, and the loader; libpthread, libdl and librt are
#     part of glibc too), the kernel's vDSO, libstdc++ and libgcc_s;
#  3. the tarball, unpacked in an empty temporary folder outside the repository, runs the main job
#     (annotate, stats, sample) on a copy of shards/ with an empty environment (env -i), and the
#     results equal the repository build's ($DATAMAN, default the debug build `swift test` made);
#  4. the wheel, installed into a fresh venv, annotates the same with the same results, and
#     `pip uninstall` leaves the venv with exactly the files it had before;
#  5. as root: scripts/integration/release-chroot.sh runs the tarball in a bare Debian bookworm root.
set -euo pipefail
cd "$(dirname "$0")/../.."
repo=$PWD
start=$SECONDS

bash scripts/release.sh
version=$(sed -n 's/^ *public static let version = "\(.*\)"$/\1/p' Sources/Pipeline/Provenance.swift)
tarball=$repo/dist/dataman-$version-linux-x86_64.tar.gz
wheel=$(ls "$repo"/dist/dataman_curation-"$version"-py3-none-manylinux_*_x86_64.whl)
reference=${DATAMAN:-$(swift build --show-bin-path)/dataman}
[[ -x $reference ]] || swift build --product dataman
(cd dist && sha256sum --quiet -c "$(basename "$tarball").sha256" "$(basename "$wheel").sha256")

work=$(mktemp -d /tmp/dataman-release-test.XXXXXX)
trap 'rm -rf "$work"' EXIT

# The main job as scripts/example.sh runs it, in folder $1 (holding a copy of shards/) with the
# dataman command $2, in an empty environment.
main_job() {
    local folder=$1 dataman=$2
    (
        cd "$folder"
        env -i "$dataman" annotate shards --out annotations --quiet
        env -i "$dataman" stats annotations --json stats.json >/dev/null
        env -i "$dataman" sample annotations --budget 2M --out mixture --preset dataman-topk >/dev/null
    )
}

for run in reference tarball wheel; do
    mkdir -p "$work/$run"
    cp -R shards "$work/$run/"
done
main_job "$work/reference" "$reference"

echo "== the release binary needs only glibc, libstdc++ and libgcc_s"
tar -C "$work" -xzf "$tarball"
binary=$work/dataman-$version-linux-x86_64/dataman
ldd "$binary"
unexpected=$(ldd "$binary" | grep -v -E '^\s*(linux-vdso\.so\.1|/lib64/ld-linux-x86-64\.so\.2|lib(c|m|pthread|dl|rt|stdc\+\+|gcc_s)\.so\.[0-9]+) ' || true)
[[ -z $unexpected ]] || { echo "FAILED: the binary needs more than glibc, libstdc++ and libgcc_s: $unexpected"; exit 1; }
echo "max symbol versions: $(objdump -T "$binary" | grep -o -E '(GLIBC|GLIBCXX|CXXABI)_[0-9.]+' | sort -V | awk -F_ '{max[$1]=$0} END {for (k in max) printf "%s ", max[k]}')"
ls -l "$binary" "$tarball" "$wheel" | awk '{print $5, $NF}'

echo "== --version, and --help at 80 columns"
env -i "$binary" --version | tee "$work/version.txt"
grep -q "^dataman $version (commit [0-9a-f]\{12\}" "$work/version.txt"
grep -q "^criteria [0-9a-f]* ($work/dataman-$version-linux-x86_64/criteria)" "$work/version.txt"
for help in "$(env -i "$binary" --help)" "$(env -i COLUMNS=80 "$binary" --help)"; do
    wide=$(awk 'length > 80' <<<"$help")
    [[ -z $wide ]] || { echo "FAILED: dataman --help has lines over 80 columns: $wide"; exit 1; }
done

echo "== the tarball's binary, from an empty folder, empty environment: the main job"
main_job "$work/tarball" "$binary"
python3 scripts/integration/compare_main_job.py "$work/reference" "$work/tarball"

echo "== the wheel in a fresh venv: annotate, then uninstall"
python3 -m venv "$work/venv"
(cd "$work/venv" && find . | sort) >"$work/venv-before.txt"
"$work/venv/bin/pip" install --quiet --no-index --disable-pip-version-check "$wheel"
env -i "$work/venv/bin/dataman" --version
(cd "$work/wheel" && env -i "$work/venv/bin/dataman" annotate shards --out annotations --quiet)
python3 scripts/integration/compare_main_job.py "$work/reference" "$work/wheel" --annotations-only
"$work/venv/bin/pip" uninstall --quiet -y dataman-curation
(cd "$work/venv" && find . | sort) >"$work/venv-after.txt"
diff "$work/venv-before.txt" "$work/venv-after.txt" || { echo "FAILED: pip uninstall left files (above)"; exit 1; }
echo "uninstall: the venv holds exactly the files it had before"

if [[ $(id -u) -eq 0 && ${DATAMAN_SKIP_CHROOT:-0} != 1 ]]; then
    REFERENCE="$work/reference" bash scripts/integration/release-chroot.sh "$tarball"
else
    echo "skipped scripts/integration/release-chroot.sh: it needs root for debootstrap and chroot (or DATAMAN_SKIP_CHROOT=1)"
fi
echo "release test passed in $((SECONDS - start)) s"
