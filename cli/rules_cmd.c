/* `zhx rules check|list|test`, and loading rules for the other commands. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char rules_help[] =
    "usage: zhx rules check [--rules DIR]... [--no-builtin-rules] [DIR...]\n"
    "       zhx rules list  [--rules DIR]... [--no-builtin-rules] [DIR...]\n"
    "       zhx rules test  [--rules DIR]... [--no-builtin-rules] [DIR...]\n"
    "\n"
    "  check   load the shipped rules and each DIR's *.rules files, compile every pattern,\n"
    "          and report the first error as FILE:LINE:COLUMN: error: rule 'NAME': MESSAGE\n"
    "  list    print every rule: name, kind, action, family, examples, and where it is\n"
    "          defined (tab-separated, one a line)\n"
    "  test    run every rule's examples, with PCRE2's JIT and without it (only without\n"
    "          it with --no-jit), and report the ones that fail\n"
    "\n"
    "A DIR given here is loaded after the --rules folders. Exit status: 0 when the rules load\n"
    "(and, for test, every example holds), 1 when examples fail, 2 when a rule file is\n"
    "broken.\n";

void cli_print_diag(FILE *f, const zhx_diag *d)
{
    if (d->line)
        fprintf(f, "%s:%u:%u: error: ", d->file, d->line, d->column);
    else if (*d->file)
        fprintf(f, "%s: error: ", d->file);
    else
        fprintf(f, "zhx: error: ");
    if (*d->rule)
        fprintf(f, "rule '%s': ", d->rule);
    fprintf(f, "%s\n", d->message);
    if (d->line && *d->source) {
        fprintf(f, "    %s\n    ", d->source);
        /* the caret goes under the column, counting a wide (CJK) character as two cells */
        const unsigned char *s = (const unsigned char *)d->source;
        unsigned col = 1;
        for (size_t i = 0; s[i] && col < d->column; col++) {
            size_t w = s[i] < 0x80 ? 1 : s[i] < 0xE0 ? 2 : s[i] < 0xF0 ? 3 : 4;
            fputs(s[i] == '\t' ? "\t" : w == 3 ? "  " : " ", f);
            i += w;
        }
        fputs("^\n", f);
    }
}

zhx_rules *cli_load_rules(const cli_options *opt, const char *const *extra, size_t nextra)
{
    size_t n = opt->nrule_dirs + nextra;
    const char **dirs = calloc(n ? n : 1, sizeof *dirs);
    if (!dirs) {
        fprintf(stderr, "zhx: out of memory\n");
        return NULL;
    }
    for (size_t i = 0; i < opt->nrule_dirs; i++)
        dirs[i] = opt->rule_dirs[i];
    for (size_t i = 0; i < nextra; i++)
        dirs[opt->nrule_dirs + i] = extra[i];
    zhx_diag diag;
    memset(&diag, 0, sizeof diag);
    zhx_rules *rules = zhx_rules_load(dirs, n, opt->builtin_rules, &diag);
    free(dirs);
    if (!rules)
        cli_print_diag(stderr, &diag);
    return rules;
}

static void list_rules(const zhx_rules *rules)
{
    for (size_t i = 0; i < zhx_rules_count(rules); i++) {
        zhx_rule_info info;
        zhx_rules_info(rules, i, &info);
        const char *dot = strchr(info.name, '.');
        printf("%s\t%.*s\t%s\t%s\t%zu\t%s:%u\n", info.name, (int)(dot - info.name), info.name,
               info.action ? info.action : "-", info.family ? info.family : "-", info.examples,
               info.file, info.line);
    }
}

static void report_failure(void *user, const char *rule, const char *file, unsigned line,
                           const char *what)
{
    (void)user;
    fprintf(stderr, "%s:%u: rule '%s': %s\n", file, line, rule, what);
}

int cli_rules(int argc, char **argv, cli_options *opt)
{
    if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        fputs(rules_help, argc < 2 ? stderr : stdout);
        return argc < 2 ? EXIT_USAGE : EXIT_ALL_OK;
    }
    const char *action = argv[1];
    if (strcmp(action, "check") != 0 && strcmp(action, "list") != 0 &&
        strcmp(action, "test") != 0) {
        fprintf(stderr, "zhx: unknown rules command '%s'\n%s", action, rules_help);
        return EXIT_USAGE;
    }
    int status = cli_parse_options(argc - 1, argv + 1, opt);
    if (status >= 0)
        return status;
    zhx_rules *rules = cli_load_rules(opt, (const char *const *)opt->inputs, opt->ninputs);
    if (!rules)
        return EXIT_USAGE;
    status = EXIT_ALL_OK;
    if (strcmp(action, "list") == 0) {
        list_rules(rules);
    } else if (strcmp(action, "check") == 0) {
        printf("%zu rules load and compile\n", zhx_rules_count(rules));
    } else {
        /* with and without the JIT, as PCRE2's own tests run: both must agree */
        size_t passed = 0, failed = 0;
        for (int jit = opt->lib.no_jit ? 0 : 1; jit >= 0; jit--) {
            size_t ok = 0;
            failed += zhx_rules_test(rules, jit, report_failure, NULL, &ok);
            passed += ok;
        }
        printf("%zu examples passed, %zu failed\n", passed, failed);
        status = failed ? EXIT_SOME_FAILED : EXIT_ALL_OK;
    }
    zhx_rules_free(rules);
    return status;
}
