# Definitions every condition of a NAME.expect may use. $e is what `zhx extract` printed (an
# array of records), $t the normalized text (null for inputs over 1 MB).
def doc: $e | map(select(.type == "doc" or .type == "error")) | .[0];
def targets: $e | map(select(.type == "target"));
# the target of the sentence that every generated input carries: it must always come out
def good_target: targets | any(.indicator == "婴儿死亡率" and .value == 6 and .unit == "‰");
# a warning about a rule that stopped says which rule, and why
def stops_name_rules: [doc.warnings[] | select(test("stopped|limit"))]
    | all(test("^rule [a-z][a-z0-9._-]+ stopped: [a-z]"));
def fffd_count: [$t | scan("\uFFFD")] | length;
