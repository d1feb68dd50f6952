#!/usr/bin/env bash
# Builds the release for cluster nodes (issue 16): one `dataman` binary with the Swift runtime,
# Foundation and the C libraries (zstd, lz4, xxhash, zlib, snappy, brotli) linked in, so a node needs only glibc,
# libstdc++ and libgcc_s. It writes into dist/:
#   dataman-VERSION-linux-x86_64.tar.gz (+ .sha256)   the binary with criteria/, the tokenizer data
#                                                      and the licences, in one folder
#   dataman_curation-VERSION-py3-none-manylinux_2_NN_x86_64.whl (+ .sha256)
#                                                      the same folder as a wheel that puts `dataman` on PATH
# DATAMAN_RELEASE_SKIP_BUILD=1 packs the binary already built (the release test builds once).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

version=$(sed -n 's/^ *public static let version = "\(.*\)"$/\1/p' Sources/Pipeline/Provenance.swift)
[[ -n $version ]] || { echo "release: no version in Sources/Pipeline/Provenance.swift" >&2; exit 1; }
commit=$(git rev-parse --short=12 HEAD)
# Uncommitted changes to tracked files make the build something no commit describes: say so.
[[ -z $(git status --porcelain --untracked-files=no) ]] || commit+="-dirty"

# The system-library targets take their link flags from pkg-config files, whose
# -L/usr/lib/x86_64-linux-gnu would make the linker pick the shared libraries. Our own .pc files
# (found first through --pkg-config-path) point -L at a folder holding only the static archives;
# the -lz the Swift runtime adds is then resolved there too. Cflags stay those of Debian's files,
# so the compile commands are the same as a plain build's.
static=$root/.build/static-libs
mkdir -p "$static/pkgconfig"
archive() {   # archive LIB: puts libLIB.a in $static
    local path=/usr/lib/x86_64-linux-gnu/lib$1.a
    [[ -f $path ]] || { echo "release: $path missing (bash scripts/setup.sh installs it)" >&2; exit 1; }
    ln -sf "$path" "$static/"
}
# module:libraries (comma-separated, in link order)
for pair in libzstd:zstd liblz4:lz4 libxxhash:xxhash zlib:z libbrotlidec:brotlidec,brotlicommon; do
    module=${pair%%:*} libs=${pair#*:}
    flags=""
    for lib in ${libs//,/ }; do archive "$lib"; flags+=" -l$lib"; done
    printf 'Name: %s\nDescription: %s linked statically\nVersion: %s\nLibs: -L%s%s\nCflags: -I/usr/include\n' \
        "$module" "$module" "$(pkg-config --modversion "$module")" "$static" "$flags" >"$static/pkgconfig/$module.pc"
done
# Snappy has no pkg-config file: its module map links -lsnappy, which the -L above finds here first (the
# linker searches every -L folder before its default ones).
archive snappy
build=(swift build -c release --static-swift-stdlib --pkg-config-path "$static/pkgconfig")

if [[ ${DATAMAN_RELEASE_SKIP_BUILD:-0} != 1 ]]; then
    # The commit goes into the binary through BuildInfo.swift, put back as it was (mtime too, so
    # the next plain build does not recompile) however the build ends.
    info=Sources/dataman/BuildInfo.swift
    cp -p "$info" .build/BuildInfo.swift.orig
    trap 'cp -p .build/BuildInfo.swift.orig "$info"' EXIT
    sed -i "s/static let commit: String? = nil/static let commit: String? = \"$commit\"/" "$info"
    grep -q "\"$commit\"" "$info" || { echo "release: could not stamp $info" >&2; exit 1; }
    start=$SECONDS
    "${build[@]}"
    cp -p .build/BuildInfo.swift.orig "$info"
    trap - EXIT
    echo "release: built in $((SECONDS - start)) s" >&2
fi
bin=$("${build[@]}" --show-bin-path)

name=dataman-$version-linux-x86_64
stage=.build/release-stage/$name
rm -rf .build/release-stage && mkdir -p "$stage" dist
strip -o "$stage/dataman" "$bin/dataman"
# SwiftPM finds a target's resources in NAME.resources beside the executable (the tokenizers'
# shipped vocabulary), and the engine finds criteria/ beside (or above) the executable.
cp -R "$bin/DataMan_Tokenizers.resources" "$stage/"
cp -R criteria "$stage/criteria"
bash scripts/release/licenses.sh "$stage/LICENSES"
sed "s/@VERSION@/$version/g; s/@COMMIT@/$commit/g" scripts/release/README.txt >"$stage/README.txt"

# The stamped commit must be in the binary that is packed.
"$stage/dataman" --version | grep -q "commit $commit" || {
    echo "release: $bin/dataman does not report commit $commit (rebuild without DATAMAN_RELEASE_SKIP_BUILD)" >&2
    exit 1
}

rm -f dist/"$name".tar.gz* dist/dataman_curation-*.whl*
# Sorted names, no owners, one time stamp: the same inputs give the same tarball.
tar --sort=name --owner=0 --group=0 --numeric-owner --mtime="@$(git log -1 --format=%ct)" \
    -C .build/release-stage -czf "dist/$name.tar.gz" "$name"
# The newest glibc symbol version the binary uses decides the wheel's manylinux tag.
glibc=$(objdump -T "$stage/dataman" | grep -o 'GLIBC_2\.[0-9]*' | sort -t. -k2 -n | tail -1)
wheel=$(python3 scripts/release/wheel.py "$stage" "$version" "manylinux_2_${glibc#GLIBC_2.}_x86_64" dist)
(cd dist && sha256sum "$name.tar.gz" >"$name.tar.gz.sha256" && sha256sum "$wheel" >"$wheel.sha256")
ls -l dist >&2
