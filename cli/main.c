/* zhx: the choice of subcommand. Options are in options.c, the run in run.c. */
#include <jansson.h>
#include <locale.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static int run_command(cli_options *opt, int argc, char **argv)
{
    if (opt->command == CMD_RULES)
        return cli_rules(argc, argv, opt);
    int status = cli_parse_options(argc, argv, opt);
    if (status >= 0)
        return status;
    zhx_rules *rules = cli_load_rules(opt, NULL, 0);
    if (!rules)
        return EXIT_USAGE;
    status = cli_run(opt, rules);
    zhx_rules_free(rules);
    return status;
}

int main(int argc, char **argv)
{
    /* Archive member names come out of libarchive in the locale's charset: ask for UTF-8,
     * the charset of every record. Only LC_CTYPE: numbers must keep the C locale. */
    if (!setlocale(LC_CTYPE, "C.UTF-8"))
        setlocale(LC_CTYPE, "");
    /* Seeds jansson's hash function now, before any thread starts. */
    json_object_seed(0);
    /* Documents come and go a few hundred KB at a time, allocated by one thread and freed by
     * another: by default glibc hands each freed arena top back to the kernel and the next
     * document faults the pages in again (some 30 000 page faults a second at -j 2). Keep up
     * to 32 MiB; allocations above 4 MiB still come from and return to mmap. */
    mallopt(M_TRIM_THRESHOLD, 32 * 1024 * 1024);
    mallopt(M_MMAP_THRESHOLD, 4 * 1024 * 1024);
    cli_options opt;
    cli_options_init(&opt);
    if (argc < 2)
        return cli_usage_error("%s", "missing command");
    const char *cmd = argv[1];
    int status;
    if (strcmp(cmd, "normalize") == 0 || strcmp(cmd, "extract") == 0 || strcmp(cmd, "rules") == 0) {
        opt.command = cmd[0] == 'n' ? CMD_NORMALIZE : cmd[0] == 'e' ? CMD_EXTRACT : CMD_RULES;
        status = run_command(&opt, argc - 1, argv + 1);
    } else if (cmd[0] == '-') {
        status = cli_parse_options(argc, argv, &opt);
        if (status < 0)
            status = cli_usage_error("%s", "missing command");
    } else {
        status = cli_usage_error("unknown command '%s'", cmd);
    }
    free(opt.rule_dirs);
    return status;
}
