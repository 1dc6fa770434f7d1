#!/usr/bin/env python3
"""Fails when a function in flows/ is longer than a screen (LIMIT lines, signature to closing brace).

The flows are where decisions, effects and settling meet; a long function there hides one of them. The
house layout makes definitions easy to find without a parser: clang-format does not indent namespace
contents, so a definition starts at column 0 and its body ends at the next line that is exactly "}".
Usage: scripts/check-function-length.py [folder ...]   (default: flows)
"""
import pathlib
import re
import sys

LIMIT = 55
SKIP = ('}', '#', '//', 'namespace', 'using', 'struct', 'class', 'enum', 'template', 'constexpr', 'inline constexpr',
        'static constexpr', 'extern')


def long_functions(path):
    lines = path.read_text().split('\n')
    i = 0
    while i < len(lines):
        line = lines[i]
        if line and not line[0].isspace() and '(' in line and not line.startswith(SKIP):
            end_of_signature = i
            while end_of_signature < min(len(lines), i + 12) and not lines[end_of_signature].rstrip().endswith(
                    ('{', ';', '{}')):
                end_of_signature += 1
            if end_of_signature < len(lines) and lines[end_of_signature].rstrip().endswith('{'):
                close = end_of_signature + 1
                while close < len(lines) and lines[close] != '}':
                    close += 1
                length = close - i + 1
                if length > LIMIT:
                    name = re.findall(r'([\w:~]+)\(', line)
                    yield i + 1, length, name[0] if name else line.strip()
                i = close
        i += 1


def main():
    folders = sys.argv[1:] or ['flows']
    root = pathlib.Path(__file__).resolve().parent.parent
    found = []
    for folder in folders:
        for path in sorted((root / folder).rglob('*.cpp')):
            for line, length, name in long_functions(path):
                found.append(f'{path.relative_to(root)}:{line}: {name} is {length} lines (limit {LIMIT})')
    for f in found:
        print('check-function-length: ' + f, file=sys.stderr)
    if found:
        print('check-function-length: split them along the decision / effect / settle-and-audit seams',
              file=sys.stderr)
        return 1
    print(f'check-function-length: no function in {", ".join(folders)} is over {LIMIT} lines')
    return 0


if __name__ == '__main__':
    sys.exit(main())
