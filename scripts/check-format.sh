#!/usr/bin/env bash
# Fails when a C++ file differs from the repository's .clang-format, naming each one. CI runs it before the
# build; `scripts/check-format.sh --fix` formats them in place. Pinned to clang-format 14 (Debian bookworm's):
# other versions lay out some constructs differently, and the check must give one answer everywhere.
set -euo pipefail
cd "$(dirname "$0")/.."

formatter=$(command -v clang-format-14 || command -v clang-format || true)
if [ -z "$formatter" ] || ! "$formatter" --version | grep -q 'version 14\.'; then
    echo "check-format: clang-format 14 is needed (scripts/install-deps.sh installs it)" >&2
    exit 2
fi

mapfile -t files < <(git ls-files '*.cpp' '*.hpp' '*.h')
if [ "${1:-}" = "--fix" ]; then
    "$formatter" -i "${files[@]}"
    exit 0
fi

# One process for all files: --Werror makes each difference an error naming its file and line.
report=$(mktemp)
trap 'rm -f "$report"' EXIT
if ! "$formatter" --dry-run --Werror "${files[@]}" 2>"$report"; then
    grep -o '^[^:]*:[0-9]*' "$report" | cut -d: -f1 | sort -u | sed 's/^/check-format: not formatted: /' >&2
    echo "check-format: run scripts/check-format.sh --fix" >&2
    exit 1
fi
echo "check-format: ${#files[@]} files formatted"
