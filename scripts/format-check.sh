#!/usr/bin/env bash
# The format check of `make test` (`make format-check`): `swift format lint` (swift-format of the Swift toolchain)
# with the repository's .swift-format over every Swift file, failing on any finding of
# - the lint rules .swift-format turns on (the 28 rules the code satisfies: naming, `///` doc comments, no
#   block comments, no force-unwrapped declarations, shorthand types, explicit nil checks, …), and
# - the pretty printer's findings that are not about line layout: trailing whitespace, lines over 600 columns,
#   more than one blank line in a row.
# The printer's layout findings are left out ([Indentation], [AddLines], [RemoveLine], [Spacing], [TrailingComma]):
# the code wraps long argument lists aligned under the opening parenthesis and puts 2–3 spaces before end-of-line
# comments, a layout swift-format cannot produce, and the check matches the code as it is rather than reformatting
# the tree. Usage: scripts/format-check.sh [path...] (default: Sources Tests Fuzz Package.swift).
set -uo pipefail
cd "$(dirname "$0")/.."
SWIFT=${SWIFT:-swift}
PATHS=("$@")
[ ${#PATHS[@]} -eq 0 ] && PATHS=(Sources Tests Fuzz Package.swift)
LAYOUT='\[(Indentation|AddLines|RemoveLine|Spacing|TrailingComma)\]'
output=$("$SWIFT" format lint --configuration .swift-format --recursive --parallel "${PATHS[@]}" 2>&1)
status=$?
findings=$(printf '%s\n' "$output" | grep -E '(warning|error): \[' | grep -Ev "$LAYOUT")
other=$(printf '%s\n' "$output" | grep -Ev '(warning|error): \[' | grep -v '^$')
if [ -n "$findings" ]; then
  printf '%s\n' "$findings"
  echo "format check: $(printf '%s\n' "$findings" | wc -l) finding(s) (.swift-format; scripts/format-check.sh says which count)"
  exit 1
fi
if [ $status -ne 0 ] && [ -n "$other" ]; then
  # swift format itself failed (a file it cannot parse, a bad configuration): not a style finding.
  printf '%s\n' "$other"
  echo "format check: swift format lint failed (exit $status)"
  exit 1
fi
echo "format check: no finding in ${PATHS[*]} (.swift-format)"
