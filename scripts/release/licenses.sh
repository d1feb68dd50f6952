#!/usr/bin/env bash
# Gathers the licences of everything inside the release binary and its data into DEST:
# the Swift runtime and Foundation (the toolchain's licence), every Swift package the build
# resolved (.build/checkouts), the four C libraries (Debian's copyright files), the shipped
# tokenizer vocabulary; criteria/heuristic/README.md names the sources of the rater's data.
set -euo pipefail
cd "$(dirname "$0")/../.."
dest=$1
mkdir -p "$dest"

swift_license=$(dirname "$(readlink -f "$(command -v swift)")")/../share/swift/LICENSE.txt
cp "$swift_license" "$dest/swift-runtime-and-foundation.txt"
for checkout in .build/checkouts/*/; do
    package=$(basename "$checkout")
    for file in "$checkout"LICENSE* "$checkout"NOTICE*; do
        [[ -f $file ]] && cp "$file" "$dest/$package.$(basename "$file" | tr '[:upper:]' '[:lower:]')"
    done
    # Vendored C code keeps its own licence beside it (llhttp in swift-nio).
    while IFS= read -r file; do
        cp "$file" "$dest/$package.$(basename "$(dirname "$file")").license"
    done < <(find "${checkout}Sources" -iname 'LICENSE*' -type f 2>/dev/null)
done
for package in libzstd-dev liblz4-dev libxxhash-dev zlib1g; do
    cp "/usr/share/doc/$package/copyright" "$dest/$package.copyright"
done
cp Sources/Tokenizers/shipped/qwen/LICENSE "$dest/qwen2-tokenizer.txt"
cat >"$dest/README.txt" <<'TEXT'
Licences of what the release contains.

swift-runtime-and-foundation.txt  the Swift standard library, Foundation, Dispatch and the
                                  ICU data Foundation carries (Apache 2.0 with the Runtime
                                  Library Exception; ICU is under the Unicode License v3)
<package>.license.txt etc.        the Swift packages linked in (swift-nio, async-http-client,
                                  swift-nio-ssl with BoringSSL, swift-argument-parser, ...)
lib*.copyright, zlib1g.copyright  zstd, lz4, xxhash and zlib, from Debian's packages
qwen2-tokenizer.txt               the Qwen2 vocabulary in DataMan_Tokenizers.resources (MIT)
../criteria/heuristic/README.md   the sources and licences of the heuristic rater's word lists
TEXT
