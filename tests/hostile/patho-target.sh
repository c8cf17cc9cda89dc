#!/bin/sh
# Prints a pathological document for one target rule, built from the rule's own examples in
# rules/*.rules, so that it follows the rule as the rule changes: for each example, the
# example with every number 3000 digits long; the example over and over as one sentence of
# 3000 repeats; its words before the number followed by a run of 4000 digits and Chinese
# numerals, and by a chain of 3000 coordinated figures (、1、2…); then GOOD, a sentence whose
# target must still come out.
# Usage: tests/hostile/patho-target.sh RULE GOOD
set -eu
rule=$1
good=$2
dir=$(dirname "$0")/../../rules
awk -v rule="$rule" -v good="$good" '
function rep(s, n,   out, i) { out = ""; for (i = 0; i < n; i++) out = out s; return out }
$1 == "rule" { inside = ($2 == rule) }
inside && $1 == "example" {
    sub(/^example[ \t]+/, "")
    ex = $0
    gsub(/。|；|！|？/, "", ex) # alternatives, not a bracket: awk may read bytes, not characters
    long = ex
    gsub(/[0-9]+/, rep("1", 3000), long)
    print "一、" long "。"
    print rep(ex, 3000) "。"
    lead = ex
    sub(/[0-9X].*/, "", lead)
    print lead rep("一1二2", 1000) "%。"
    print lead rep("1、", 3000) "万人。"
    found++
}
END {
    if (!found) { print "patho-target.sh: no examples for " rule > "/dev/stderr"; exit 1 }
    print good
}' "$dir"/*.rules
